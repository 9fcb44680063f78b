"""Crawl processes: a crawl that hangs is stopped and recorded, and never stalls the others."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from crawlers.runner import run_crawl
from models.source import CrawlRun
from tests.conftest import Database
from tests.crawlers.conftest import EPOCH, TEST_SCRAPY_SETTINGS
from tests.crawlers.loopback import LoopbackSite, Page


def test_a_crawl_that_hangs_is_stopped_and_recorded_as_failed(
    sqlite_db: Database, site: LoopbackSite, add_source: Any, tmp_path: Path
) -> None:
    site.add("/slow.xml", Page(b"<rss/>", "application/rss+xml", delay=4))
    add_source(sqlite_db, key="slow", kind="feed", url=site.url("/slow.xml"))
    outcome = run_crawl(
        sqlite_db.settings(tmp_path),
        "slow",
        as_of=EPOCH.isoformat(),
        scrapy_overrides={**TEST_SCRAPY_SETTINGS, "DOWNLOAD_TIMEOUT": 60},
        timeout=1,
    )
    with sqlite_db.engine.connect() as conn:
        runs = conn.execute(select(CrawlRun.status)).scalars().all()
    assert (outcome.report.status, runs) == ("failed", ["failed"])


def test_each_crawl_writes_its_log_in_the_data_folder(
    sqlite_db: Database, site: LoopbackSite, add_source: Any, tmp_path: Path
) -> None:
    site.add_file("/feed.xml", "feed.xml")
    add_source(sqlite_db, key="desk", kind="feed", url=site.url("/feed.xml"))
    run_crawl(sqlite_db.settings(tmp_path), "desk", scrapy_overrides=TEST_SCRAPY_SETTINGS)
    assert "Spider closed (finished)" in (tmp_path / "logs" / "crawl-desk.log").read_text()
