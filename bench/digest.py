"""Digest bench: build 5,000 digests against 20,000 open calls, then send them over SMTP.

    .venv/bin/python bench/digest.py [--contacts 5000] [--calls 20000] [--concurrency 10]

1. Generates the calls and participants (one contact each) into a fresh SQLite database.
2. `build`: runs notifier.build.build_digests in a fresh process; reports its time (target
   <= 60 s) and the process's peak memory (target <= 1 GB).
3. `send`: starts a local aiosmtpd sink in its own process (so it does not share a core and
   the GIL with the sender), then, in the same run and against the same sink:
   - a bare aiosmtplib loop sending the same messages (read from the outbox beforehand)
     over `--concurrency` reused connections with the same SMTP commands (MAIL with BODY
     and SIZE, one RCPT, DATA), and nothing else;
   - fundwatch's `send_due` with the same concurrency (claims, journal, results recorded).
   Both are timed from their first connection to their last reply, in fresh processes;
   target: fundwatch's rate >= 0.7 x the bare loop's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AS_OF = date(2026, 11, 23)
SEED = 20261123
COUNTRIES = ["RO", "HU", "SK", "CZ", "BG", "FR", "ES", "IT", "PL", "GR", "HR", "SI", "AT",
             "DE", "BE", "NL", "PT", "IE", "LT", "LV", "EE", "FI", "SE", "DK", "RS", "MK",
             "AL", "BA", "ME", "XK", "MD", "UA", "TR", "NO"]  # fmt: skip
GROUPS = ["eu", "coe", "eea-grants", "western-balkans", "erasmus-programme"]
_VOCABULARY = {
    "en": "roma inclusion housing school children health mediators youth employment training "
    "settlement desegregation women culture heritage municipality region partnership project "
    "community services social poverty discrimination rights participation capacity grant "
    "local authorities infrastructure water sanitation early childhood scholarships jobs",
    "fr": "inclusion logement école enfants santé médiateurs jeunesse emploi formation "
    "bidonville mixité femmes culture patrimoine commune région partenariat projet "
    "communauté services pauvreté discrimination droits participation collectivités",
    "ro": "incluziune locuințe școală copii sănătate mediatori tineret ocupare formare "
    "comunitate servicii sărăcie discriminare drepturi participare autorități locale",
    "hu": "befogadás lakhatás iskola gyermekek egészség mediátorok ifjúság foglalkoztatás "
    "képzés közösség szolgáltatások szegénység diszkrimináció jogok részvétel",
}
WORDS = {language: text.split() for language, text in _VOCABULARY.items()}
KEYWORDS = ["desegregation", "school mediators", "social housing", "early childhood",
            "health mediators", "antigypsyism", "romani language", "water", "scholarships",
            "vocational training", "participatory budgeting", "remembrance"]  # fmt: skip


# -- data -----------------------------------------------------------------------------------


def generate(url: str, *, contacts: int, calls: int) -> dict[str, Any]:
    from sqlalchemy import insert

    from matcher.taxonomy import load_taxonomy
    from models.call import Call
    from models.db import make_engine, upgrade
    from models.participant import Contact, Participant

    upgrade(url)
    engine = make_engine(url)
    rng = random.Random(SEED)
    taxonomy = load_taxonomy()
    themes, types = list(taxonomy.theme_ids), list(taxonomy.applicant_type_ids)
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    call_rows = []
    for i in range(calls):
        language = rng.choices(list(WORDS), weights=[6, 2, 1, 1])[0]
        vocabulary = WORDS[language]
        shape = rng.random()
        if shape < 0.88:  # national and regional funds: one country
            countries = [rng.choice(COUNTRIES)]
        elif shape < 0.96:  # a few countries
            countries = sorted(set(rng.sample(COUNTRIES, rng.randint(2, 4))))
        elif shape < 0.98:  # a programme open to a group
            countries = sorted(taxonomy.expand_countries([rng.choice(GROUPS)]))
        else:  # eligibility not found
            countries = []
        rolling = rng.random() < 0.08
        deadlines = (
            []
            if rolling
            else sorted(
                {
                    (AS_OF + timedelta(days=rng.randint(1, 300))).isoformat()
                    for _ in range(rng.choice([1, 1, 1, 2]))
                }
            )
        )
        call_rows.append(
            {
                "public_id": f"BENCH-{i:05d}",
                "title": " ".join(rng.choices(vocabulary, k=rng.randint(4, 9))).capitalize(),
                "description_text": " ".join(rng.choices(vocabulary, k=rng.randint(60, 160))),
                "url": f"https://funder{i % 97}.example.org/calls/{i}?lang={language}",
                "language": language,
                "funder": f"Funder {i % 211}",
                "deadlines": deadlines,
                "next_deadline": date.fromisoformat(deadlines[0]) if deadlines else None,
                "status": "open",
                "themes": sorted(rng.sample(themes, rng.choice([1, 1, 1, 2]))),
                "applicant_types": sorted(rng.sample(types, rng.choice([1, 1, 1, 2])))
                if rng.random() > 0.03
                else [],
                "countries": countries,
                "funding_type": rng.choices(
                    ["grant", "loan", "prize", "technical-assistance", "tender"],
                    weights=[80, 5, 3, 5, 7],
                )[0],
                "max_amount_eur": rng.choice([None, 20000, 50000, 150000, 500000, 2000000]),
                "first_seen_at": now,
                "last_seen_at": now,
                "last_changed_at": now,
            }
        )
    participants = []
    for i in range(contacts):
        participants.append(
            {
                "public_id": f"member-{i:05d}",
                "name": f"Member city {i}",
                "country": rng.choice(COUNTRIES),
                "applicant_type": rng.choices(
                    ["local-authority", "regional-authority", "ngo"], weights=[70, 20, 10]
                )[0],
                "themes": sorted(rng.sample(themes, rng.choice([1, 1, 2]))),
                "keywords": rng.sample(KEYWORDS, rng.choice([0, 0, 1])),
                "languages": ["en"],
                "profile": " ".join(rng.choices(WORDS["en"], k=rng.randint(15, 40))),
                "wants_tenders": rng.random() < 0.1,
                "created_at": now,
                "updated_at": now,
            }
        )
    with engine.begin() as conn:
        for start in range(0, len(call_rows), 2000):
            conn.execute(insert(Call), call_rows[start : start + 2000])
        conn.execute(insert(Participant), participants)
        ids = conn.execute(Participant.__table__.select().with_only_columns(Participant.id))
        contact_rows = [
            {
                "participant_id": pid,
                "email": f"contact{n:05d}@member.example.org",
                "language": "fr" if n % 10 < 3 else "en",
                "frequency": ("weekly", "weekly", "monthly", "daily")[n % 4],
                "confirmed": True,
                "created_at": now,
            }
            for n, (pid,) in enumerate(ids)
        ]
        conn.execute(insert(Contact), contact_rows)
    engine.dispose()
    return {"calls": calls, "contacts": contacts}


# -- phases, each in a fresh process ----------------------------------------------------------


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def phase_build(url: str, data_dir: str) -> dict[str, Any]:
    from sqlalchemy import func, select

    from models.db import make_engine
    from models.digest import Digest, DigestItem, OutboxMessage
    from models.settings import Settings
    from notifier.build import build_digests

    settings = Settings(
        data_dir=Path(data_dir),
        database_url=url,
        base_url="https://fundwatch.example.org",
        secret_key="bench-secret-" + "x" * 40,
    )
    engine = make_engine(url)
    before, cpu_before = peak_mb(), cpu_seconds()
    started = time.perf_counter()
    report = build_digests(engine, settings, as_of=AS_OF)
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    with engine.connect() as conn:
        sizes = conn.execute(select(func.length(OutboxMessage.content))).scalars().all()
        per_digest = (
            conn.execute(select(func.count(DigestItem.id)).join(Digest).group_by(Digest.id))
            .scalars()
            .all()
        )
    per_digest.sort()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mb": peak_mb(),
        "peak_mb_before_build": before,
        "built": report.built,
        "empty": report.empty,
        "items": report.items,
        "live_calls": report.calls,
        "items_per_digest": {
            "mean": sum(per_digest) / max(len(per_digest), 1),
            "median": per_digest[len(per_digest) // 2] if per_digest else 0,
            "max": per_digest[-1] if per_digest else 0,
        },
        "message_kb": {"mean": sum(sizes) / max(len(sizes), 1) / 1024},
    }


def phase_bare(url: str, port: int, concurrency: int) -> dict[str, Any]:
    import aiosmtplib
    from sqlalchemy import select

    from models.db import make_engine
    from models.digest import OutboxMessage

    engine = make_engine(url)
    with engine.connect() as conn:
        messages = conn.execute(
            select(OutboxMessage.recipient, OutboxMessage.content).order_by(OutboxMessage.id)
        ).all()

    async def run() -> float:
        queue: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
        for message in messages:
            queue.put_nowait((message[0], message[1]))

        async def worker() -> None:
            # The same commands fundwatch sends: MAIL with BODY and SIZE, one RCPT, DATA.
            smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, local_hostname="bench")
            await smtp.connect()
            await smtp.ehlo()
            while not queue.empty():
                recipient, content = queue.get_nowait()
                options = ["BODY=8BITMIME", f"SIZE={len(content)}"]
                await smtp.mail("fundwatch@bench.example.org", options=options)
                await smtp.rcpt(recipient)
                await smtp.data(content)
            await smtp.quit()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started

    seconds = asyncio.run(run())
    return {"sent": len(messages), "seconds": seconds, "rate": len(messages) / seconds}


def phase_fundwatch(url: str, port: int, concurrency: int, data_dir: str) -> dict[str, Any]:
    from sqlalchemy import update

    from models.db import make_engine
    from models.digest import OutboxMessage
    from notifier.sender import journal_dir, send_due
    from notifier.transports import SmtpConfig, SmtpTransport

    engine = make_engine(url)
    with engine.begin() as conn:  # a second repetition starts from a full outbox again
        conn.execute(update(OutboxMessage).values(status="queued", attempts=0, sent_at=None))
    config = SmtpConfig.from_url(
        f"smtp://127.0.0.1:{port}", sender="fundwatch@bench.example.org", local_hostname="bench"
    )
    transport = SmtpTransport(config, max_connections=concurrency)
    started = time.perf_counter()
    report = asyncio.run(send_due(engine, transport, journal_directory=journal_dir(Path(data_dir))))
    seconds = time.perf_counter() - started
    return {
        "sent": report.sent,
        "deferred": report.deferred,
        "failed": report.failed,
        "seconds": seconds,
        "rate": report.sent / seconds,
    }


def _child(target: Any, args: tuple[Any, ...], out: Any) -> None:
    out.put(target(*args))


def in_fresh_process(target: Any, *args: Any) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    process = context.Process(target=_child, args=(target, args, out))
    process.start()
    result = out.get(timeout=1800)
    process.join(timeout=60)
    return dict(result)


# -- the SMTP sink, in its own process --------------------------------------------------------

SINK = """
import asyncio, sys
from aiosmtpd.smtp import SMTP

class Count:
    received = 0
    async def handle_DATA(self, server, session, envelope):
        Count.received += 1
        return "250 OK"

async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(Count(), hostname="sink", ident="sink", decode_data=False),
        "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
"""


def start_sink() -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen([sys.executable, "-c", SINK], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    port = int(process.stdout.readline())
    return process, port


# -- main -------------------------------------------------------------------------------------


def build_phase(url: str, folder: Path, args: argparse.Namespace, results: dict[str, Any]) -> None:
    started = time.perf_counter()
    results["generate"] = generate(url, contacts=args.contacts, calls=args.calls)
    results["generate"]["seconds"] = time.perf_counter() - started
    print(f"generated {args.calls} calls, {args.contacts} contacts", flush=True)
    results["build"] = build = in_fresh_process(phase_build, url, str(folder))
    print(
        f"build: {build['built']} digests ({build['items']} items, "
        f"{build['items_per_digest']['mean']:.1f} a digest, {build['empty']} empty) "
        f"in {build['seconds']:.1f}s ({build['cpu_seconds']:.1f}s of CPU), "
        f"peak {build['peak_mb']:.0f} MB (targets: <= 60 s, <= 1024 MB); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
        flush=True,
    )


def send_phase(url: str, folder: Path, args: argparse.Namespace, results: dict[str, Any]) -> None:
    sink, port = start_sink()
    try:
        runs = []
        for _ in range(args.repeat):
            bare = in_fresh_process(phase_bare, url, port, args.concurrency)
            ours = in_fresh_process(phase_fundwatch, url, port, args.concurrency, str(folder))
            runs.append({"bare": bare, "fundwatch": ours, "ratio": ours["rate"] / bare["rate"]})
            print(
                f"send x{args.concurrency}: bare aiosmtplib {bare['rate']:.0f}/s, "
                f"fundwatch {ours['rate']:.0f}/s ({ours['sent']} sent, {ours['deferred']} "
                f"deferred), ratio {runs[-1]['ratio']:.2f} (target >= 0.70); "
                f"load average {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        results["send"] = runs
    finally:
        sink.terminate()
        sink.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=5000, help="contacts to generate")
    parser.add_argument("--calls", type=int, default=20000, help="open calls to generate")
    parser.add_argument("--concurrency", type=int, default=10, help="SMTP connections")
    parser.add_argument("--repeat", type=int, default=1, help="send comparisons to run")
    parser.add_argument("--keep", type=Path, help="use this folder and keep it")
    parser.add_argument(
        "--send-only", action="store_true", help="reuse the outbox of a --keep folder"
    )
    args = parser.parse_args()
    if args.send_only and args.keep is None:
        parser.error("--send-only needs --keep FOLDER")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="fw-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'bench.db'}"
    results: dict[str, Any] = {"cpus": os.cpu_count(), "load_avg": os.getloadavg()}
    if not args.send_only:
        if (folder / "bench.db").exists():
            parser.error(f"{folder / 'bench.db'} exists: remove it, or use --send-only")
        build_phase(url, folder, args, results)
    send_phase(url, folder, args, results)
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
