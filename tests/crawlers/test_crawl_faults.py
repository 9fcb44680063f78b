"""Faults: each bad page is logged on the run and skipped, the run goes on; an unreachable
source is a failed run. One crawl of four sources serves every test of this module."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crawlers.runner import run_crawls
from models.call import Call
from models.db import write_session
from models.source import CrawlRun, HttpValidator, Source
from tests.crawlers.conftest import (
    EPOCH,
    TEST_SCRAPY_SETTINGS,
    _sqlite_copy,
    source_entry,
    unix_sockets,
)
from tests.crawlers.loopback import LoopbackSite, Page

TEN_MIB = 10 * 1024 * 1024
LISTING = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Calls</title></head>
<body><ul>
<li class="call"><a href="/f/ok">Mentoring programme for Roma university students</a></li>
<li class="call"><a href="/f/error">Page that fails with a server error</a></li>
<li class="call"><a href="/f/slow">Page that answers too slowly</a></li>
<li class="call"><a href="/f/loop-a">Page caught in a redirect loop</a></li>
<li class="call"><a href="/f/to-file">Page redirecting to a local file</a></li>
<li class="call"><a href="/f/huge">Page larger than ten megabytes</a></li>
<li class="call"><a href="/f/bomb">Page compressed as a gzip bomb</a></li>
<li class="call"><a href="/f/latin">Page with a wrongly declared encoding</a></li>
<li class="call"><a href="/f/busy">Page of a busy server</a></li>
<li class="call"><a href="/private/secret">Page forbidden by robots.txt</a></li>
<li class="call"><a href="/f/untitled"></a></li>
</ul></body></html>"""
DETAIL = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>x</title></head>
<body><h1>{title}</h1><div class="body"><p>{text}</p></div>
<span class="deadline">Deadline: 30 April 2027</span></body></html>"""
SETTINGS = {
    "item": "li.call",
    "fields": {"title": "a::text", "url": "a::attr(href)"},
    "detail": {"title": "h1::text", "description": "div.body", "deadline": ".deadline::text"},
}
LATIN_TITLE = "Sociální začleňování Romů v obcích"


def detail(title: str, text: str, lang: str = "en") -> bytes:
    return DETAIL.format(title=title, text=text, lang=lang).encode("utf-8")


def faulty_site() -> LoopbackSite:
    site = LoopbackSite().start()
    site.add("/robots.txt", Page(b"User-agent: *\nDisallow: /private/\n", "text/plain"))
    site.add("/faults", Page(LISTING))
    site.add(
        "/f/ok",
        Page(detail("Mentoring programme for Roma university students", "Mentors and grants.")),
    )
    site.add("/f/error", Page(b"oops", status=500))
    site.add("/f/slow", Page(detail("Slow", "Too late."), delay=2.5))
    site.add("/f/loop-a", Page(status=302, headers={"Location": "/f/loop-b"}))
    site.add("/f/loop-b", Page(status=302, headers={"Location": "/f/loop-a"}))
    site.add("/f/to-file", Page(status=302, headers={"Location": "file:///etc/passwd"}))
    site.add("/f/huge", Page(size=TEN_MIB + 1024 * 1024))
    site.add("/f/bomb", Page(gzip_bomb=50 * 1024 * 1024))
    site.add(
        "/f/latin",
        Page(
            detail(LATIN_TITLE, "Obce mohou žádat o podporu sociálního začleňování.", "cs"),
            content_type="text/html; charset=iso-8859-1",
        ),
    )
    site.add(
        "/f/busy",
        Page(
            detail("Community centres in Roma neighbourhoods", "Grants for centres."),
            status=429,
            fail_first=1,
            headers={"Retry-After": "1"},
        ),
    )
    site.add("/private/secret", Page(detail("Secret", "Never fetched.")))
    site.add_file("/broken.xml", "feed_malformed.xml")
    site.add("/down", Page(b"maintenance", status=503))
    return site


def closed_port() -> int:
    """A loopback port nothing listens on (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def faults(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("faults")
    site = faulty_site()
    for db in _sqlite_copy(folder / "faults.db", sqlite_template):
        entries = [
            source_entry(key="faulty", kind="html", url=site.url("/faults"), settings=SETTINGS),
            source_entry(key="broken-feed", kind="feed", url=site.url("/broken.xml")),
            source_entry(key="unreachable", kind="feed", url=f"http://127.0.0.1:{closed_port()}/"),
            source_entry(key="down", kind="feed", url=site.url("/down")),
        ]
        with write_session(db.engine) as session:
            from crawlers.sourcefile import upsert_sources

            upsert_sources(session, entries)
        with unix_sockets():
            outcomes = run_crawls(
                db.settings(folder),
                [e.key for e in entries],
                jobs=2,
                as_of=EPOCH.isoformat(),
                scrapy_overrides={**TEST_SCRAPY_SETTINGS, "DOWNLOAD_TIMEOUT": 1},
            )
        yield {"db": db, "site": site, "reports": {o.key: o.report for o in outcomes}}
    site.stop()


def reasons(faults: dict[str, Any], path: str) -> list[str]:
    url = faults["site"].url(path)
    return [w["reason"] for w in faults["reports"]["faulty"].warnings if w.get("url") == url]


def stored_titles(faults: dict[str, Any]) -> list[str]:
    with faults["db"].engine.connect() as conn:
        return sorted(conn.scalars(select(Call.title)))


def run_of(faults: dict[str, Any], key: str) -> Any:
    with faults["db"].engine.connect() as conn:
        return conn.execute(
            select(CrawlRun).join(Source, Source.id == CrawlRun.source_id).where(Source.key == key)
        ).one()


def test_the_good_pages_among_faulty_ones_are_stored(faults: dict[str, Any]) -> None:
    assert stored_titles(faults) == sorted(
        [
            "Community centres in Roma neighbourhoods",
            "Housing desegregation pilot grants for regions",
            "Mentoring programme for Roma university students",
            LATIN_TITLE,
            "Youth leadership exchanges for Roma young people",
        ]
    )


def test_the_run_goes_on_and_ends_ok(faults: dict[str, Any]) -> None:
    run = run_of(faults, "faulty")
    assert (run.status, run.items_new) == ("ok", 3)


def test_each_failed_page_counts_as_an_http_error(faults: dict[str, Any]) -> None:
    # 500, timeout, redirect loop, redirect to file:, oversized, gzip bomb
    assert run_of(faults, "faulty").http_errors == 6


def test_a_500_is_logged_and_skipped(faults: dict[str, Any]) -> None:
    assert reasons(faults, "/f/error") == ["HTTP 500"]


def test_a_timeout_is_logged_and_skipped(faults: dict[str, Any]) -> None:
    assert reasons(faults, "/f/slow")[0].startswith("timed out")


def test_a_redirect_loop_stops_after_five_redirects(faults: dict[str, Any]) -> None:
    site = faults["site"]
    hops = len(site.requests("/f/loop-a")) + len(site.requests("/f/loop-b"))
    assert (hops, reasons(faults, "/f/loop-a")) == (6, ["max redirections reached"])


def test_a_redirect_to_a_file_url_is_refused(faults: dict[str, Any]) -> None:
    assert reasons(faults, "/f/to-file") == [
        "refused a redirect to a file: URL (only http and https are fetched)"
    ]


def test_an_oversized_body_is_dropped(faults: dict[str, Any]) -> None:
    assert "larger than download max size" in reasons(faults, "/f/huge")[0]


def test_a_gzip_bomb_stops_at_the_size_limit_once_decompressed(faults: dict[str, Any]) -> None:
    assert (
        "exceeded DOWNLOAD_MAXSIZE (10485760 B) during decompression"
        in (reasons(faults, "/f/bomb")[0])
    )


def test_a_wrongly_declared_encoding_is_read_as_utf8(faults: dict[str, Any]) -> None:
    assert LATIN_TITLE in stored_titles(faults)


def test_retry_after_is_honoured_on_429(faults: dict[str, Any]) -> None:
    first, second = faults["site"].requests("/f/busy")
    assert (first.status, second.status, second.at - first.at >= 1.0) == (429, 200, True)


def test_robots_txt_forbidden_page_is_never_requested(faults: dict[str, Any]) -> None:
    assert faults["site"].requests("/private/secret") == []


def test_an_item_without_title_is_logged(faults: dict[str, Any]) -> None:
    warnings = faults["reports"]["faulty"].warnings
    assert {"reason": "item 11: no title", "url": faults["site"].url("/faults")} in warnings


def test_a_listing_whose_pages_failed_keeps_no_validator(faults: dict[str, Any]) -> None:
    # So the next run reads the listing in full and tries the failed pages again.
    with faults["db"].engine.connect() as conn:
        urls = set(conn.scalars(select(HttpValidator.url)))
    assert (faults["site"].url("/faults") in urls, faults["site"].url("/f/ok") in urls) == (
        False,
        True,
    )


def test_a_malformed_feed_keeps_its_entries_with_a_warning(faults: dict[str, Any]) -> None:
    run = run_of(faults, "broken-feed")
    assert (run.status, run.items_new, run.warnings[0]["reason"][:29]) == (
        "ok",
        2,
        "malformed feed (entries kept)",
    )


def test_an_unreachable_source_is_a_failed_run(faults: dict[str, Any]) -> None:
    run = run_of(faults, "unreachable")
    assert (run.status, "connection refused" in run.error) == ("failed", True)


def test_an_unreachable_source_shows_in_its_health(faults: dict[str, Any]) -> None:
    with faults["db"].engine.connect() as conn:
        source = conn.execute(select(Source).where(Source.key == "unreachable")).one()
    assert (source.consecutive_failures, source.last_success_at, source.last_error[:26]) == (
        1,
        None,
        "no page could be fetched: ",
    )


def test_a_source_whose_page_fails_is_a_failed_run(faults: dict[str, Any]) -> None:
    run = run_of(faults, "down")
    assert (run.status, run.error) == ("failed", "no page could be fetched: HTTP 503")
