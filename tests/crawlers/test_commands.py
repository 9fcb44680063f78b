"""`fundwatch crawl` and `fundwatch sources test`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select, update

from models.base import utcnow
from models.call import Call
from models.source import CrawlRun, Source
from tests.conftest import Database
from tests.crawlers.loopback import LoopbackSite
from tests.crawlers.sites import DETAIL_SETTINGS, LISTING_SETTINGS, serve_listing


def refused() -> str:
    """A loopback URL whose connections are refused at once (nothing listens there)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/"


def count(db: Database, model: Any) -> int:
    with db.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model)) or 0)


def test_crawl_needs_keys_or_due_or_all(cli: Any) -> None:
    result = cli("crawl")
    assert (result.exit_code, "give source KEYs, or --due, or --all" in result.stderr) == (2, True)


def test_crawl_of_an_unknown_key_is_a_usage_error(cli: Any) -> None:
    result = cli("crawl", "nope")
    assert (result.exit_code, "no source with key nope" in result.stderr) == (2, True)


def test_crawl_reports_each_source_and_exits_0_when_one_fails(
    cli: Any, sqlite_db: Database, site: LoopbackSite, add_source: Any
) -> None:
    site.add_file("/feed.xml", "feed.xml")
    add_source(sqlite_db, key="desk", kind="feed", url=site.url("/feed.xml"))
    add_source(sqlite_db, key="gone", kind="feed", url=refused())
    result = cli("crawl", "--all")
    lines = result.output.splitlines()
    assert result.exit_code == 0
    assert any(line.startswith("desk: ok | 3 seen, 3 new, 0 updated") for line in lines)
    assert any(line.startswith("gone: failed |") for line in lines)
    assert lines[-1] == "2 sources crawled: 1 ok, 1 failed"


def test_crawl_due_skips_sources_that_are_not_due(
    cli: Any, sqlite_db: Database, site: LoopbackSite, add_source: Any
) -> None:
    site.add_file("/feed.xml", "feed.xml")
    add_source(sqlite_db, key="due", kind="feed", url=site.url("/feed.xml"), schedule="every 6h")
    add_source(sqlite_db, key="fresh", kind="feed", url=site.url("/feed.xml"), schedule="every 6h")
    with sqlite_db.engine.begin() as conn:
        conn.execute(
            update(Source)
            .where(Source.key == "fresh")
            .values(last_run_at=utcnow() - timedelta(hours=1))
        )
    result = cli("crawl", "--due")
    assert [line.split(":")[0] for line in result.output.splitlines()] == [
        "due",
        "1 source crawled",
    ]


def test_sources_test_prints_what_would_be_stored_and_saves_nothing(
    cli: Any, sqlite_db: Database, site: LoopbackSite, tmp_path: Path
) -> None:
    serve_listing(site, robots="User-agent: *\nDisallow: /calls/private/\n")
    entry = {
        "key": "cities",
        "name": "Fund for Inclusive Cities",
        "kind": "html",
        "url": site.url("/calls"),
        "language": "en",
        "politeness": {"delay_s": 0, "concurrency": 2},
        "settings": {**LISTING_SETTINGS, "detail": DETAIL_SETTINGS},
    }
    path = tmp_path / "one-source.yaml"
    path.write_text(yaml.safe_dump([entry]))
    result = cli("sources", "test", "--file", str(path))
    out = result.output
    assert result.exit_code == 0
    assert "- Integrated housing for Roma families in mid-sized cities" in out
    assert "deadline 2027-03-31 | amount 60,000 EUR | language en | status -" in out
    assert site.url("/calls/housing-2027") in out
    assert "    What we fund Municipalities of 20,000 to 200,000 inhabitants can apply" in out
    assert "3 calls would be stored" in out
    assert (count(sqlite_db, Call), count(sqlite_db, Source), count(sqlite_db, CrawlRun)) == (
        0,
        0,
        0,
    )


def test_sources_test_of_a_stored_source(
    cli: Any, sqlite_db: Database, site: LoopbackSite, add_source: Any
) -> None:
    site.add_file("/feed.xml", "feed.xml")
    add_source(sqlite_db, key="desk", kind="feed", url=site.url("/feed.xml"))
    result = cli("sources", "test", "desk")
    assert (result.exit_code, "3 calls would be stored" in result.output) == (0, True)
    assert (count(sqlite_db, Call), count(sqlite_db, CrawlRun)) == (0, 0)


def test_sources_test_of_an_unreachable_source_exits_1(
    cli: Any, sqlite_db: Database, add_source: Any
) -> None:
    add_source(sqlite_db, key="gone", kind="feed", url=refused())
    result = cli("sources", "test", "gone")
    assert (result.exit_code, "failed: no page could be fetched" in result.output) == (1, True)
