"""The scheduler classifies what crawls stored pending: after each local crawl (as
`fundwatch crawl` does) and every 10 minutes (Scrapyd crawls, retries); one classifier
process at a time. And it purges web sign-ups never confirmed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

import scheduler
from models.call import Call
from models.db import read_session, write_session
from models.participant import Contact
from models.tagging import count_pending
from tests.conftest import Database
from tests.crawlers.conftest import TEST_SCRAPY_SETTINGS
from tests.crawlers.loopback import LoopbackSite
from tests.notifier.conftest import make_participant
from tests.ops.support import add_source


def crawl_settings(monkeypatch: pytest.MonkeyPatch, *, classify: bool) -> None:
    """No politeness delays in test crawls; FUNDWATCH_CLASSIFY as given."""
    overrides = {**TEST_SCRAPY_SETTINGS, "FUNDWATCH_CLASSIFY": classify}
    monkeypatch.setenv("FUNDWATCH_SCRAPY_SETTINGS", json.dumps(overrides))


def runtime(db: Database, tmp_path: Path) -> scheduler.Runtime:
    return scheduler.Runtime(settings=db.settings(tmp_path), engine=db.engine)


def add_desk(db: Database, site: LoopbackSite) -> None:
    add_source(db.engine, "desk-feed", enabled=True, url=site.url("/feed.xml"),
               politeness={"delay_s": 0, "concurrency": 2})  # fmt: skip


def test_the_crawl_job_classifies_the_calls_it_stored(
    ops_db: Database, tmp_path: Path, site: LoopbackSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    crawl_settings(monkeypatch, classify=True)
    add_desk(ops_db, site)
    scheduler.crawl_source(runtime(ops_db, tmp_path), "desk-feed")
    with read_session(ops_db.engine) as session:
        versions = list(session.scalars(select(Call.classifier_version)))
    assert len(versions) == 3 and all(versions)


def test_the_periodic_job_classifies_calls_left_pending(
    ops_db: Database, tmp_path: Path, site: LoopbackSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    crawl_settings(monkeypatch, classify=False)  # crawls leave their calls pending
    add_desk(ops_db, site)
    rt = runtime(ops_db, tmp_path)
    scheduler.crawl_source(rt, "desk-feed")
    assert count_pending(ops_db.engine) == 3
    assert scheduler.classify_pending_calls(rt) == {"classified": 3, "remaining": 0, "errors": []}
    assert scheduler.classify_pending_calls(rt) is None  # nothing pending: no process started


def test_a_request_while_a_classifier_runs_is_left_to_it(
    ops_db: Database, tmp_path: Path, site: LoopbackSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    crawl_settings(monkeypatch, classify=False)
    add_desk(ops_db, site)
    rt = runtime(ops_db, tmp_path)
    scheduler.crawl_source(rt, "desk-feed")
    with rt.classify_lock:  # another job's classifier process is running
        assert scheduler.classify_pending_calls(rt) is None
        assert rt.classify_wanted.is_set()  # the running one does one more run for this
    assert count_pending(ops_db.engine) == 3
    assert scheduler.classify_pending_calls(rt) == {"classified": 3, "remaining": 0, "errors": []}
    assert not rt.classify_wanted.is_set()


def test_the_purge_job_deletes_sign_ups_unconfirmed_for_a_week(
    ops_db: Database, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    with write_session(ops_db.engine) as session:
        make_participant(session, email="old@x.example", confirmed=False,
                         contact_created_at=now - timedelta(days=8))  # fmt: skip
        make_participant(session, email="new@x.example", confirmed=False,
                         contact_created_at=now - timedelta(days=1))  # fmt: skip
        make_participant(session, email="member@x.example", confirmed=True,
                         contact_created_at=now - timedelta(days=30))  # fmt: skip
    rt = runtime(ops_db, tmp_path)
    assert scheduler.purge_signups(rt) == {"purged": 1}
    assert scheduler.purge_signups(rt) is None
    with read_session(ops_db.engine) as session:
        left = sorted(session.scalars(select(Contact.email)))
    assert left == ["member@x.example", "new@x.example"]
