"""Bench of the calls list: requests/s and latency with 20,000 calls on SQLite.

    .venv/bin/python bench/web.py [--calls 20000] [--concurrency 20] [--duration 20]
                                  [--workers 1,2]

It generates the calls into a fresh SQLite file, starts the real `fundwatch serve` in a
subprocess on 127.0.0.1 (access log off, as in production behind a proxy), warms it up, then
runs an asyncio load generator: `concurrency` clients, each with its own keep-alive
connection, looping over a fixed mix of list URLs (the default list, filters, a deadline
window, a deep page, the JSON list, a text search) for `duration` seconds. It prints
requests/s and latency percentiles per URL kind and overall; target p95 <= 200 ms at 20
concurrent clients. The run is repeated for each worker count of --workers (one server
process, then two: the load generator shares the same cores). No cache anywhere: every
request runs its queries and renders its page.

Descriptions mix 25 common words of the field with words drawn from a 2,000-word made-up
vocabulary with Zipf frequencies, so searches find what real ones do: a rare word a few
dozen calls, a common one thousands. The list mix holds one search for a word in about 1% of
the calls (a typical search); all the search kinds, down to a word found in nearly every
call (the worst case for the full-text index), are measured apart after it.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

THEMES = ["housing", "education", "employment", "health", "anti-discrimination",
          "culture-remembrance", "youth", "gender-equality", "civic-participation",
          "capacity-building", "social-inclusion"]  # fmt: skip
COUNTRIES = ["RO", "BG", "HU", "SK", "CZ", "FR", "IT", "ES", "GR", "RS", "MK", "AL", "PL", "DE"]
TYPES = ["local-authority", "regional-authority", "ngo", "national-authority", "business"]
FUNDERS = ["European Commission", "Council of Europe", "CEB", "EEA Grants", "Open Society",
           "Fondation de France", "Ministry of Labour"]  # fmt: skip
WORDS = [
    "roma", "inclusion", "municipality", "housing", "school", "desegregation", "health",
    "mediators", "youth", "employment", "training", "antigypsyism", "community", "social",
    "services", "culture", "remembrance", "partnership", "cross-border", "local", "regional",
    "authority", "ngo", "grant", "eligible",
]  # fmt: skip
# Made-up words ("kabelo", "rimuta", ...), ranked: the word of rank r is in about
# 40 / (8.2 r) of a description's rare slots (Zipf), so rank 50 is in ~9% of the calls,
# rank 500 in ~1%, rank 1,500 in ~0.3%. A few accented real words take fixed ranks.
SYLLABLES = ["ba", "ke", "lo", "mi", "nu", "ra", "si", "to", "ve", "zu", "da", "fe", "go",
             "hi", "ju", "pa", "re", "so", "ti", "wa"]  # fmt: skip
ACCENTED = {40: "ségrégation", 300: "égalité", 800: "învățământ"}
RARE_COUNT = 2_000
RARE_SHARE = 0.25  # of a description's words


def rare_words() -> list[str]:
    rng = random.Random(2000)
    words: list[str] = []
    seen = set(WORDS)
    while len(words) < RARE_COUNT:
        rank = len(words) + 1
        word = ACCENTED.get(rank) or "".join(rng.choice(SYLLABLES) for _ in range(3))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


RARE = rare_words()
URL_MIX = [
    ("default", "/calls"),
    ("theme", "/calls?theme=housing"),
    ("country+type", "/calls?country=RO&applicant_type=local-authority"),
    ("deadline window", "/calls?deadline_from=2027-01-01&deadline_to=2027-03-31"),
    ("page 20", "/calls?page=20"),
    ("api", "/api/v1/calls?theme=education"),
    ("search", f"/calls?q={RARE[499]}"),
]
SEARCH_MIX = [
    ("rare word", f"/calls?q={RARE[1499]}"),
    ("1% word", f"/calls?q={RARE[499]}"),
    ("9% word", f"/calls?q={RARE[49]}"),
    ("two words", f"/calls?q={RARE[99]}+housing"),
    ("accents", "/calls?q=egalite"),
    ("prefix", f"/calls?q={RARE[199][:4]}*"),
    ("phrase, common", "/calls?q=%22roma+inclusion%22"),
    ("common word", "/calls?q=desegregation"),
    ("search+filter", f"/calls?q={RARE[49]}&theme=housing&country=RO"),
]


def generate(db_url: str, count: int, today: date) -> None:
    """`count` open calls with realistic fields, written in batches (one transaction each)."""
    from sqlalchemy import insert

    from models.call import Call
    from models.db import make_engine, upgrade

    upgrade(db_url)
    engine = make_engine(db_url)
    rng = random.Random(8)
    cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(RARE) + 1)))
    now = datetime.now(UTC)
    batch: list[dict[str, object]] = []
    with engine.begin() as conn:
        for n in range(count):
            stages = rng.choice((0, 1, 1, 2))  # rolling, one deadline, or two stages
            deadlines = sorted({today + timedelta(days=rng.randint(1, 400)) for _ in range(stages)})
            words = rng.randint(80, 250)
            text = " ".join(
                rng.choices(RARE, cum_weights=cumulative)[0]
                if rng.random() < RARE_SHARE
                else rng.choice(WORDS)
                for _ in range(words)
            )
            batch.append(
                {
                    "public_id": f"BENCH-{n:05d}",
                    "title": " ".join(rng.choice(WORDS) for _ in range(8)).capitalize(),
                    "description_html": f"<p>{text}</p>",
                    "description_text": text,
                    "url": f"https://funder.example.eu/calls/{n}",
                    "language": rng.choice(("en", "en", "fr", "ro", "hu")),
                    "funder": rng.choice(FUNDERS),
                    "deadlines": [d.isoformat() for d in deadlines],
                    "next_deadline": deadlines[0] if deadlines else None,
                    "status": rng.choice(("open", "open", "open", "forthcoming")),
                    "max_amount_eur": float(rng.randrange(10_000, 2_000_000, 5_000)),
                    "themes": sorted(rng.sample(THEMES, rng.randint(1, 3))),
                    "countries": sorted(rng.sample(COUNTRIES, rng.randint(1, 8))),
                    "applicant_types": sorted(rng.sample(TYPES, rng.randint(1, 3))),
                    "funding_type": "grant",
                    "evidence": {},
                    "tags_origin": {},
                    "hidden": False,
                    "first_seen_at": now,
                    "last_seen_at": now,
                    "last_changed_at": now,
                }
            )
            if len(batch) == 1000:
                conn.execute(insert(Call), batch)
                batch = []
        if batch:
            conn.execute(insert(Call), batch)
    engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(data_dir: Path, db_url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FUNDWATCH_LOG_LEVEL": "WARNING", "FUNDWATCH_SECRET_KEY": "b" * 48,
           "FUNDWATCH_BASE_URL": f"http://127.0.0.1:{port}"}  # fmt: skip
    command = [sys.executable, str(ROOT / "cli.py"), "--data-dir", str(data_dir),
               "--database-url", db_url, "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers)]  # fmt: skip
    return subprocess.Popen(command, env=env, cwd=ROOT)


async def wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(300):  # about 30 s
            if process.poll() is not None:
                raise SystemExit("the server exited")
            try:
                if (await client.get("/calls")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("the server did not answer in 30 s")


async def load(
    base: str, mix: list[tuple[str, str]], *, concurrency: int, duration: float
) -> list[tuple[str, float, int]]:
    """Each client loops over the URL mix until the time is up; (kind, seconds, status)."""
    import httpx

    results: list[tuple[str, float, int]] = []
    stop_at = time.perf_counter() + duration

    async def client_loop(index: int) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
            position = index
            while time.perf_counter() < stop_at:
                kind, url = mix[position % len(mix)]
                position += 1
                started = time.perf_counter()
                response = await client.get(url)
                results.append((kind, time.perf_counter() - started, response.status_code))

    await asyncio.gather(*(client_loop(i) for i in range(concurrency)))
    return results


def tree_cpu_seconds(root: int) -> float:
    """CPU time (user + system) of a process and its descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree = {root}
    for _ in range(10):  # a few generations are enough (uvicorn: supervisor -> workers)
        tree |= {pid for pid, parent in parents.items() if parent in tree}
    return sum(times.get(pid, 0.0) for pid in tree)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def report(
    title: str,
    mix: list[tuple[str, str]],
    results: list[tuple[str, float, int]],
    duration: float,
    concurrency: int,
) -> bool:
    errors = sum(1 for _, _, status in results if status != 200)
    latencies = [seconds for _, seconds, _ in results]
    p95 = percentile(latencies, 95) * 1000
    print(f"\n{title}: {len(results)} requests in {duration:.0f} s at {concurrency} concurrent "
          f"clients, {errors} errors")  # fmt: skip
    print(f"{'URL kind':<16} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, _ in mix:
        mine = [s for k, s, _ in results if k == kind]
        if mine:
            p50, p95_kind, p99 = (percentile(mine, p) * 1000 for p in (50, 95, 99))
            print(f"{kind:<16} {len(mine):>8} {p50:>8.1f} {p95_kind:>8.1f} {p99:>8.1f}")
    print(f"{'all':<16} {len(results):>8} {statistics.median(latencies) * 1000:>8.1f} "
          f"{p95:>8.1f} {percentile(latencies, 99) * 1000:>8.1f}")  # fmt: skip
    print(f"throughput: {len(results) / duration:.1f} requests/s; p95 {p95:.1f} ms "
          f"(target <= 200 ms): {'met' if p95 <= 200 and not errors else 'NOT met'}")  # fmt: skip
    return p95 <= 200 and not errors


def measure(
    base: str,
    process: subprocess.Popen[bytes],
    mix: list[tuple[str, str]],
    *,
    concurrency: int,
    duration: float,
) -> tuple[list[tuple[str, float, int]], float]:
    """The load's results and the server's CPU seconds per request during it."""
    cpu_before = tree_cpu_seconds(process.pid)
    results = asyncio.run(load(base, mix, concurrency=concurrency, duration=duration))
    return results, (tree_cpu_seconds(process.pid) - cpu_before) / max(1, len(results))


def run_server(
    data_dir: Path, db_url: str, workers: int, args: argparse.Namespace
) -> tuple[bool, str]:
    """One server with `workers` processes: the list mix, then the search mix; printed."""
    port = free_port()
    process = start_server(data_dir, db_url, port, workers)
    base = f"http://127.0.0.1:{port}"
    load_before = os.getloadavg()[0]
    try:
        asyncio.run(wait_ready(base, process))
        asyncio.run(load(base, URL_MIX, concurrency=args.concurrency, duration=3))  # warm-up
        results, list_cpu = measure(
            base, process, URL_MIX, concurrency=args.concurrency, duration=args.duration
        )
        search, search_cpu = measure(
            base, process, SEARCH_MIX, concurrency=args.concurrency, duration=args.duration / 2
        )
    finally:
        process.terminate()
        process.wait(timeout=15)
    print(f"\n=== fundwatch serve --workers {workers}; cores: {os.cpu_count()}; load average "
          f"before the run: {load_before:.1f} (other work on the machine skews latency, not the "
          f"server's CPU per request): {list_cpu * 1000:.1f} ms CPU per list request, "
          f"{search_cpu * 1000:.1f} ms per search request")  # fmt: skip
    ok = report("calls list", URL_MIX, results, args.duration, args.concurrency)
    report("text search kinds (apart)", SEARCH_MIX, search, args.duration / 2, args.concurrency)
    return ok, f"workers={workers}: {len(results) / args.duration:.1f} req/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000, help="calls to generate")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent clients")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    parser.add_argument(
        "--workers", default="1,2", help="server worker processes, one run each (e.g. 1,2)"
    )
    args = parser.parse_args()
    worker_counts = [int(n) for n in args.workers.split(",") if n.strip()]

    with tempfile.TemporaryDirectory(prefix="fundwatch-bench-") as tmp:
        data_dir = Path(tmp)
        db_url = f"sqlite:///{data_dir / 'bench.db'}"
        started = time.perf_counter()
        generate(db_url, args.calls, date.today())
        print(f"generated {args.calls} calls in {time.perf_counter() - started:.1f} s")
        outcomes = [run_server(data_dir, db_url, n, args) for n in worker_counts]
    print("\nsummary: " + "; ".join(line for _, line in outcomes))
    # The target is judged on the first run (one worker unless told otherwise).
    sys.exit(0 if outcomes and outcomes[0][0] else 1)


if __name__ == "__main__":
    main()
