"""Crawl jobs follow the sources table without a restart, with the job store in the database."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select, update

import scheduler
from crawlers.dispatch import SyncReport, sync_crawl_jobs
from models.db import write_session
from models.source import Source
from tests.conftest import Database
from tests.ops.support import add_source

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.fixture
def persistent(ops_db: Database, tmp_path: Path) -> Iterator[tuple[Database, BackgroundScheduler]]:
    """A paused scheduler on the test database's job store (apscheduler_jobs)."""
    with time_machine.travel(NOW, tick=False):
        sched = scheduler.build_scheduler(ops_db.settings(tmp_path), engine=ops_db.engine)
    yield ops_db, sched
    scheduler.stop_scheduler(sched, wait=False)


def sync(db: Database, sched: BackgroundScheduler, now: datetime = NOW) -> SyncReport:
    return sync_crawl_jobs(sched, db.engine, timezone="Europe/Brussels", now=now)


def set_source(db: Database, key: str, **values: object) -> None:
    with write_session(db.engine) as session:
        session.execute(update(Source).where(Source.key == key).values(**values))


def test_a_source_added_is_scheduled_at_the_next_sync(persistent) -> None:
    db, sched = persistent
    add_source(db.engine, "new-feed", enabled=True, schedule="every 6h")
    report = sync(db, sched)
    assert report.added == ["new-feed"]
    job = sched.get_job("crawl:new-feed")
    assert str(job.trigger) == "interval[6:00:00]"
    assert job.next_run_time == NOW  # never crawled: due at once
    assert (job.executor, job.max_instances, job.coalesce) == ("crawls", 1, True)
    assert job.args == ("new-feed",) and job.func_ref == "scheduler:crawl_job"


def test_a_crawled_source_is_next_due_one_interval_after_its_last_run(persistent) -> None:
    db, sched = persistent
    add_source(db.engine, "old-feed", enabled=True, schedule="every 6h",
               last_run_at=NOW - timedelta(hours=2))  # fmt: skip
    sync(db, sched)
    assert sched.get_job("crawl:old-feed").next_run_time == NOW + timedelta(hours=4)


def test_an_unchanged_source_keeps_its_next_run(persistent) -> None:
    db, sched = persistent
    add_source(db.engine, "steady-feed", enabled=True, schedule="every 1d",
               last_run_at=NOW - timedelta(hours=1))  # fmt: skip
    sync(db, sched)
    first = sched.get_job("crawl:steady-feed").next_run_time
    report = sync(db, sched, now=NOW + timedelta(hours=3))
    assert not report
    assert sched.get_job("crawl:steady-feed").next_run_time == first


def test_a_schedule_edit_takes_effect_at_the_next_sync(persistent) -> None:
    db, sched = persistent
    add_source(db.engine, "edited-feed", enabled=True, schedule="every 1d",
               last_run_at=NOW - timedelta(hours=2))  # fmt: skip
    sync(db, sched)
    set_source(db, "edited-feed", schedule="every 1h")
    report = sync(db, sched)
    assert report.updated == ["edited-feed"]
    job = sched.get_job("crawl:edited-feed")
    assert str(job.trigger) == "interval[1:00:00]"
    assert job.next_run_time == NOW  # an hourly source last crawled 2 h ago is due now


def test_a_disabled_or_deleted_source_loses_its_job(persistent) -> None:
    db, sched = persistent
    add_source(db.engine, "to-disable", enabled=True)
    add_source(db.engine, "to-delete", enabled=True)
    sync(db, sched)
    set_source(db, "to-disable", enabled=False)
    with write_session(db.engine) as session:
        session.delete(session.scalar(select(Source).where(Source.key == "to-delete")))
    report = sync(db, sched)
    assert sorted(report.removed) == ["to-delete", "to-disable"]
    assert [j.id for j in sched.get_jobs() if j.id.startswith("crawl:")] == []


def test_a_bad_schedule_is_logged_and_skipped(persistent, caplog) -> None:
    db, sched = persistent
    add_source(db.engine, "hand-edited", enabled=True, schedule="twice a day")
    add_source(db.engine, "fine-feed", enabled=True)
    with caplog.at_level(logging.ERROR, logger="fundwatch.crawl"):
        report = sync(db, sched)
    assert report.invalid == ["hand-edited"] and report.added == ["fine-feed"]
    assert "source schedule invalid" in caplog.text


def test_a_restart_keeps_stored_jobs_so_a_missed_digest_still_runs(ops_db, tmp_path) -> None:
    """The scheduler was down at 07:00: the stored next run (07:00) is kept, not replaced by
    tomorrow's, so the daily digest runs once on start (within its grace time)."""
    settings = ops_db.settings(tmp_path)
    seven = datetime(2026, 11, 25, 7, 0, tzinfo=settings.zone)
    with time_machine.travel(seven - timedelta(hours=1), tick=False):
        first = scheduler.build_scheduler(settings, engine=ops_db.engine)
        assert first.get_job("digest-daily").next_run_time == seven
        scheduler.stop_scheduler(first, wait=False)
    with time_machine.travel(seven + timedelta(hours=2), tick=False):
        second = scheduler.build_scheduler(settings, engine=ops_db.engine)
        job = second.get_job("digest-daily")
        scheduler.stop_scheduler(second, wait=False)
    assert job.next_run_time == seven
    assert job.misfire_grace_time >= 2 * 3600


def test_a_changed_job_definition_replaces_the_stored_one(ops_db, tmp_path) -> None:
    first = scheduler.build_scheduler(ops_db.settings(tmp_path), engine=ops_db.engine)
    scheduler.stop_scheduler(first, wait=False)
    moved = ops_db.settings(tmp_path, timezone="America/New_York")
    second = scheduler.build_scheduler(moved, engine=ops_db.engine)
    job = second.get_job("digest-daily")
    scheduler.stop_scheduler(second, wait=False)
    assert str(job.trigger.timezone) == "America/New_York"


def test_stopping_the_scheduler_never_skips_a_job_due_that_moment(ops_db, tmp_path) -> None:
    """A job due when the scheduler stops keeps its stored time (APScheduler 3 alone would
    hand it to a stopped executor and move it to its next time: a skipped digest)."""
    settings = ops_db.settings(tmp_path)
    overdue = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    for _attempt in range(5):
        sched = scheduler.build_scheduler(settings, engine=ops_db.engine)
        sched.modify_job("digest-daily", next_run_time=overdue)  # wakes the scheduler thread
        scheduler.stop_scheduler(sched, wait=False)
    again = scheduler.build_scheduler(settings, engine=ops_db.engine)
    job = again.get_job("digest-daily")
    scheduler.stop_scheduler(again, wait=False)
    assert job.next_run_time == overdue
