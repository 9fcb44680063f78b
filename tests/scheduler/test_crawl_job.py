"""The crawl job, local backend: a fresh crawl process over loopback HTTP lands calls in the
database, and a stop request reaches the crawl (it ends early and records its run)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

import scheduler
from models.call import Call
from models.db import read_session
from models.source import CrawlRun, Source
from tests.conftest import Database
from tests.crawlers.conftest import TEST_SCRAPY_SETTINGS
from tests.crawlers.loopback import LoopbackSite
from tests.ops.support import add_source


@pytest.fixture(autouse=True)
def quick_crawls(monkeypatch: pytest.MonkeyPatch) -> None:
    """No politeness delays and no classifier in test crawls (the runner passes this on)."""
    monkeypatch.setenv("FUNDWATCH_SCRAPY_SETTINGS", json.dumps(TEST_SCRAPY_SETTINGS))


def test_the_crawl_job_lands_a_feeds_calls(
    ops_db: Database, tmp_path: Path, site: LoopbackSite
) -> None:
    add_source(ops_db.engine, "desk-feed", enabled=True, url=site.url("/feed.xml"),
               politeness={"delay_s": 0, "concurrency": 2})  # fmt: skip
    rt = scheduler.Runtime(settings=ops_db.settings(tmp_path), engine=ops_db.engine)
    scheduler.crawl_source(rt, "desk-feed")
    with read_session(ops_db.engine) as session:
        titles = set(session.scalars(select(Call.title)))
        run = session.scalars(select(CrawlRun)).one()
        source = session.scalars(select(Source)).one()
    assert "Small grants for municipal Roma mediators, 2027 round" in titles
    assert (run.status, source.state) == ("ok", "ok")
    assert (tmp_path / "logs" / "crawl-desk-feed.log").exists()


def test_a_disabled_source_is_not_crawled(ops_db: Database, tmp_path: Path) -> None:
    add_source(ops_db.engine, "paused-feed", enabled=False)
    rt = scheduler.Runtime(settings=ops_db.settings(tmp_path), engine=ops_db.engine)
    scheduler.crawl_source(rt, "paused-feed")
    with read_session(ops_db.engine) as session:
        assert session.scalar(select(func.count()).select_from(CrawlRun)) == 0


def test_a_stopping_scheduler_stops_the_crawl_and_its_run_is_recorded(
    ops_db: Database, tmp_path: Path, site: LoopbackSite
) -> None:
    add_source(ops_db.engine, "desk-feed", enabled=True, url=site.url("/feed.xml"))
    rt = scheduler.Runtime(settings=ops_db.settings(tmp_path), engine=ops_db.engine)
    threading.Timer(1.0, rt.stop.set).start()  # SIGTERM arrives while the crawl runs
    scheduler.crawl_source(rt, "desk-feed")
    with read_session(ops_db.engine) as session:
        run = session.scalars(select(CrawlRun)).one()
    assert run.finished_at is not None and run.status in ("ok", "failed")
