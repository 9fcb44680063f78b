"""Crawl bench: a loopback site, a bare Scrapy spider against the full fundwatch crawl.

    .venv/bin/python bench/crawl.py [--details 2000] [--feeds 20] [--jobs 2] [--no-classify]

The site (127.0.0.1, in this process) has DETAILS call pages behind paged listings (20 a
page, with next links) and FEEDS RSS feeds of 25 entries; every page has an ETag and a
Last-Modified and answers 304 to a matching conditional request. The sources are one html
source (listing + detail pages) and one feed source per feed.

Phases, in one run, same pages, same concurrency, politeness delays off on both sides:
1. bare: a Scrapy spider fetching the same URLs and doing nothing else, one process per
   source, started through the same launcher (forked from the same warm server);
2. full: `fundwatch crawl` of every source (parse, normalise, sanitise, language, dedupe,
   store), and the classification of the calls they stored, in its own process beside the
   crawls (as `fundwatch crawl` does; off with --no-classify): the full side's time ends
   when every stored call is classified (checked);
3. re-crawl of the unchanged site (the same way).

Prints pages/s of each side and their ratio, the re-crawl's time ratio, share of 304s and
call rows written, the crawl processes' peak memory (and whether any imported
scikit-learn) and the classifier process's, against the targets of issue 3.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawlers.classify import ClassifyOutcome  # noqa: E402
from crawlers.runner import _forkserver, child_environment, launch, run_crawls  # noqa: E402
from crawlers.sourcefile import SourceEntry, upsert_sources  # noqa: E402
from models.call import Call  # noqa: E402
from models.db import make_engine, read_session, upgrade, write_session  # noqa: E402
from models.settings import Settings  # noqa: E402

PER_PAGE = 20
ENTRIES_PER_FEED = 25
MODIFIED = format_datetime(datetime(2026, 11, 1, 8, 0, tzinfo=UTC), usegmt=True)
CALL_TABLES = ("calls", "call_aliases", "call_sources", "call_changes")
TARGETS = {"ratio": 0.5, "recrawl_time": 0.2, "share_304": 0.95, "rows": 0, "rss_mb": 300}


# -- the site ---------------------------------------------------------------------------------


def detail_page(n: int) -> bytes:
    paragraphs = "".join(
        f"<p>Paragraph {k} of call {n}: municipalities and regions may apply for support to "
        "Roma inclusion in housing, education, employment and health, with Roma-led partners "
        "and a plan agreed with the community.</p>"
        for k in range(8)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Call {n}</title></head><body><main><h1>Bench call {n}: local Roma inclusion grants</h1>
<dl><dt>Reference</dt><dd class="reference">BENCH-{n:05d}</dd>
<dt>Deadline</dt><dd class="deadline">{1 + n % 28} March 2027, 17:00 CET</dd>
<dt>Grant</dt><dd class="amount">up to EUR {20_000 + n * 10:,}</dd></dl>
<div class="call-body"><h2>What is funded</h2>{paragraphs}
<ul><li>Lead: a municipality</li><li>Partner: a Roma-led organisation</li></ul></div>
</main></body></html>""".encode()


def listing_page(page: int, details: int) -> bytes:
    first = (page - 1) * PER_PAGE
    items = "".join(
        f'<article class="call"><h2><a href="/calls/{n}">Bench call {n}: local Roma inclusion '
        f'grants</a></h2><p class="deadline">Deadline: {1 + n % 28} March 2027</p></article>'
        for n in range(first, min(first + PER_PAGE, details))
    )
    pages = -(-details // PER_PAGE)
    nav = f'<a class="next" href="/calls?page={page + 1}">next</a>' if page < pages else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Calls {page}</title>'
        f"</head><body>{items}<nav>{nav}</nav></body></html>"
    ).encode()


def feed(number: int) -> bytes:
    entries = "".join(
        f"<item><title>Feed {number} call {k}: small grants for Roma mediators</title>"
        f"<link>http://feeds.bench.example/{number}/{k}</link><guid>feed-{number}-{k}</guid>"
        f"<description>Grants of up to EUR 25 000 for Roma health and school mediators in "
        f"municipality {k} of region {number}.</description>"
        f"<pubDate>Mon, 16 Nov 2026 09:00:00 +0100</pubDate></item>"
        for k in range(ENTRIES_PER_FEED)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench feed {number}</title><link>http://feeds.bench.example/</link>"
        f"<description>calls</description><language>en</language>{entries}</channel></rss>"
    ).encode()


class Site:
    """The bench site: pages built once, ETag/Last-Modified, 304s, a request tally."""

    def __init__(self, details: int, feeds: int) -> None:
        self.pages: dict[str, tuple[bytes, str, str]] = {}
        self.details, self.feeds = details, feeds
        for n in range(details):
            self._add(f"/calls/{n}", detail_page(n), "text/html; charset=utf-8")
        for page in range(1, -(-details // PER_PAGE) + 1):
            self._add(
                f"/calls?page={page}", listing_page(page, details), "text/html; charset=utf-8"
            )
        for number in range(feeds):
            self._add(f"/feeds/{number}.xml", feed(number), "application/rss+xml")
        self._add("/robots.txt", b"User-agent: *\nAllow: /\n", "text/plain")
        self.tally: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _add(self, path: str, body: bytes, content_type: str) -> None:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        self.pages[path] = (body, content_type, etag)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def listing_urls(self) -> list[str]:
        return [self.url(p) for p in self.pages if p.startswith("/calls?")]

    def detail_urls(self) -> list[str]:
        return [self.url(p) for p in self.pages if p.startswith("/calls/")]

    def take_tally(self) -> Counter[str]:
        with self.lock:
            tally, self.tally = self.tally, Counter()
        return tally

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                path = parts.path
                page = parse_qs(parts.query).get("page")
                if page:
                    path = f"{path}?page={page[0]}"
                found = site.pages.get(path)
                kind = "robots" if path == "/robots.txt" else "page"
                if found is None:
                    self._send(404, b"", "text/plain", {}, kind)
                    return
                body, content_type, etag = found
                headers = {"ETag": etag, "Last-Modified": MODIFIED}
                if kind == "page" and self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", content_type, headers, kind)
                    return
                self._send(200, body, content_type, headers, kind)

            def _send(
                self, status: int, body: bytes, ctype: str, headers: dict[str, str], kind: str
            ) -> None:
                with site.lock:
                    site.tally[f"{kind} {status}"] += 1
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

        return Handler


# -- the bench --------------------------------------------------------------------------------


def sources(site: Site, feeds: int) -> list[SourceEntry]:
    politeness = {"delay_s": 0, "concurrency": 2}
    entries = [
        SourceEntry.model_validate(
            {
                "key": "bench-html",
                "name": "bench listing",
                "kind": "html",
                "url": site.url("/calls?page=1"),
                "language": "en",
                "politeness": politeness,
                "settings": {
                    "item": "article.call",
                    "fields": {"title": "h2 a::text", "url": "h2 a::attr(href)"},
                    "next_page": "a.next::attr(href)",
                    "max_pages": 500,
                    "detail": {
                        "identifier": "dd.reference::text",
                        "deadline": "dd.deadline::text",
                        "amount": "dd.amount::text",
                        "description": "div.call-body",
                    },
                },
            }
        )
    ]
    for number in range(feeds):
        entries.append(
            SourceEntry.model_validate(
                {
                    "key": f"bench-feed-{number:02d}",
                    "name": f"bench feed {number}",
                    "kind": "feed",
                    "url": site.url(f"/feeds/{number}.xml"),
                    "language": "en",
                    "politeness": politeness,
                }
            )
        )
    return entries


def bare_crawl(
    site: Site,
    entries: list[SourceEntry],
    folder: Path,
    jobs: int,
    scrapy: dict[str, Any],
    env: dict[str, str],
) -> list[dict[str, Any]]:
    """The baseline: one bare process per source, the same URLs, `jobs` at a time."""

    def one(entry: SourceEntry) -> dict[str, Any]:
        urls = site.listing_urls() + site.detail_urls() if entry.kind == "html" else [entry.url]
        url_file = folder / f"{entry.key}.urls"
        url_file.write_text("\n".join(urls))
        out, log = folder / f"{entry.key}.bare.out", folder / f"{entry.key}.bare.log"
        launch(
            [str(url_file), json.dumps(scrapy)],
            env=env,
            stdout=out,
            log=log,
            timeout=3600,
            target="bare_spider",
        )
        line = next(x for x in out.read_text().splitlines() if x.startswith("BARE "))
        return json.loads(line[5:])

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, entries))


def snapshot(engine: Any) -> dict[str, set[tuple[str, ...]]]:
    with engine.connect() as conn:
        return {
            t: {tuple(str(v) for v in row) for row in conn.execute(text(f"SELECT * FROM {t}"))}
            for t in CALL_TABLES
        }


def rows_written(before: dict[str, set[Any]], after: dict[str, set[Any]]) -> int:
    return sum(len(after[t] - before[t]) for t in CALL_TABLES)


def call_counts(engine: Any) -> tuple[int, int]:
    """(calls stored, of which pending classification)."""
    with read_session(engine) as session:
        total = session.scalar(select(func.count()).select_from(Call)) or 0
        pending = session.scalar(
            select(func.count()).select_from(Call).where(Call.classifier_version.is_(None))
        )
    return int(total), int(pending or 0)


def pages_of(tally: Counter[str]) -> tuple[int, int]:
    """(pages fetched, of which answered 304), robots.txt not counted."""
    pages = sum(n for k, n in tally.items() if k.startswith("page "))
    return pages, tally.get("page 304", 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", type=int, default=2000, help="call detail pages")
    parser.add_argument("--feeds", type=int, default=20, help="RSS feeds (one source each)")
    parser.add_argument("--jobs", type=int, default=2, help="crawl processes at a time")
    parser.add_argument("--concurrency", type=int, default=8, help="requests at a time per process")
    parser.add_argument(
        "--classify",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="classify the stored calls, as `fundwatch crawl` does (default on)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fundwatch-bench-crawl-") as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'bench.db'}"
        upgrade(url)
        engine = make_engine(url)
        settings = Settings(data_dir=folder, database_url=url, secret_key="bench-" + "x" * 40)
        site = Site(args.details, args.feeds)
        entries = sources(site, args.feeds)
        with write_session(engine) as session:
            upsert_sources(session, entries)
        scrapy = {
            "CONCURRENT_REQUESTS": args.concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
        }
        fundwatch_scrapy = {**scrapy, "FUNDWATCH_CLASSIFY": args.classify}
        env = child_environment(settings)
        # Start the warm fork server before any clock runs: both sides then start alike.
        warm = _forkserver()(target=len, args=("",))
        warm.start()
        warm.join()
        site.take_tally()

        started = time.perf_counter()
        bare = bare_crawl(site, entries, folder, args.jobs, scrapy, env)
        bare_s = time.perf_counter() - started
        bare_pages, _ = pages_of(site.take_tally())

        keys = [e.key for e in entries]
        classified: list[ClassifyOutcome] = []

        def crawl_all() -> list[Any]:
            return run_crawls(
                settings,
                keys,
                jobs=args.jobs,
                scrapy_overrides=fundwatch_scrapy,
                classify=args.classify,
                on_classified=classified.append,
            )

        started = time.perf_counter()
        first = crawl_all()
        full_s = time.perf_counter() - started
        full_pages, _ = pages_of(site.take_tally())
        calls, pending = call_counts(engine)
        if args.classify:
            assert pending == 0 and classified[0].classified == calls, (
                f"{pending} of {calls} calls left pending: {classified[0].summary_line()}"
            )
        before = snapshot(engine)

        started = time.perf_counter()
        second = crawl_all()
        again_s = time.perf_counter() - started
        again_pages, again_304 = pages_of(site.take_tally())
        written = rows_written(before, snapshot(engine))
        site.server.shutdown()

    failed = [o.key for o in [*first, *second] if not o.ok]
    stored = sum(o.report.items_new for o in first)
    bare_rate, full_rate = bare_pages / bare_s, full_pages / full_s
    peak = max(o.report.peak_rss_mb or 0 for o in [*first, *second])
    sklearn_in_crawls = any(o.report.sklearn_imported for o in [*first, *second])
    bare_peak = max(b["peak_rss_mb"] for b in bare)
    classifier_peak = max((c.peak_rss_mb or 0 for c in classified), default=0)
    share_304 = again_304 / again_pages if again_pages else 0.0
    results = [
        ("bare Scrapy", f"{bare_pages} pages in {bare_s:.1f} s = {bare_rate:.0f} pages/s", ""),
        (
            "fundwatch crawl",
            f"{full_pages} pages in {full_s:.1f} s = {full_rate:.0f} pages/s, "
            f"{stored} calls stored",
            "",
        ),
        ("ratio full / bare", f"{full_rate / bare_rate:.2f}", f">= {TARGETS['ratio']}"),
        (
            "re-crawl time / first",
            f"{again_s:.1f} s / {full_s:.1f} s = {again_s / full_s:.2f}",
            f"<= {TARGETS['recrawl_time']}",
        ),
        (
            "re-crawl answered 304",
            f"{again_304} of {again_pages} = {share_304:.1%}",
            f">= {TARGETS['share_304']:.0%}",
        ),
        ("re-crawl call rows written", str(written), "= 0"),
        (
            "peak RSS of a crawl process",
            f"{peak:.0f} MB (bare: {bare_peak:.0f} MB); scikit-learn imported: "
            f"{'yes' if sklearn_in_crawls else 'no'}",
            f"<= {TARGETS['rss_mb']} MB",
        ),
    ]
    if args.classify:
        results.insert(
            2,
            (
                "  of which classification",
                f"{classified[0].classified} of {calls} calls classified, {pending} pending; "
                f"{classified[0].after_crawls_s:.1f} s after the crawls ended; "
                f"{classified[0].cpu_s or 0:.1f} s of CPU",
                "",
            ),
        )
        results.append(
            ("peak RSS of the classifier process", f"{classifier_peak:.0f} MB", "(own process)")
        )
    print(
        f"crawl bench: {args.details} detail pages, {args.feeds} feeds, {args.jobs} processes "
        f"at a time, {args.concurrency} requests per process, classifier "
        f"{'on' if args.classify else 'off'}"
    )
    for name, value, target in results:
        print(f"  {name:<30} {value:<60} {target}")
    ok = (
        full_rate / bare_rate >= TARGETS["ratio"]
        and again_s / full_s <= TARGETS["recrawl_time"]
        and share_304 >= TARGETS["share_304"]
        and written == 0
        and peak <= TARGETS["rss_mb"]
        and not failed
    )
    if failed:
        print(f"  failed crawls: {', '.join(failed)}")
    print("targets met" if ok else "targets NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
