"""The scheduler's job bodies against a real database: each calls the package's functions."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from sqlalchemy import select

import scheduler
from models.db import read_session, write_session
from models.digest import OutboxMessage
from models.source import Source
from tests.conftest import Database
from tests.notifier.conftest import make_call, make_participant
from tests.ops.support import add_source


def runtime(db: Database, tmp_path: Path, **settings: object) -> scheduler.Runtime:
    return scheduler.Runtime(settings=db.settings(tmp_path, **settings), engine=db.engine)


def test_the_daily_digest_job_builds_then_sends(ops_db: Database, tmp_path: Path) -> None:
    with write_session(ops_db.engine) as session:
        make_call(session, deadlines=[datetime.now(UTC).date() + timedelta(days=20)])
        make_participant(session, email="alice@cluj.example.ro", frequency="daily")
        make_participant(session, email="weekly@cluj.example.ro", frequency="weekly")
    rt = runtime(ops_db, tmp_path)
    result = scheduler.run_digests(rt, "daily")
    assert result["built"].startswith("1 digests queued")  # the weekly reader is not due
    assert result["sent"].startswith("1 sent")
    [mail] = (tmp_path / "outbox").glob("*.eml")
    assert message_from_bytes(mail.read_bytes())["To"] == "alice@cluj.example.ro"
    again = scheduler.run_digests(rt, "daily")  # the job fired twice: nothing more is sent
    assert again["sent"] is None and len(list((tmp_path / "outbox").glob("*.eml"))) == 1


def test_the_health_job_marks_a_silent_source_stale_and_tells_the_taskforce(
    ops_db: Database, tmp_path: Path
) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=10)
    add_source(ops_db.engine, "silent-feed", enabled=True, schedule="every 1d", state="ok",
               last_success_at=long_ago, last_run_at=long_ago, created_at=long_ago)  # fmt: skip
    rt = runtime(ops_db, tmp_path, taskforce_emails=["ana@taskforce.example"])
    assert scheduler.source_health(rt) == {"alerts": 1}
    assert scheduler.source_health(rt) is None  # told once
    with read_session(ops_db.engine) as session:
        assert session.scalar(select(Source.state)) == "stale"
        [subject] = session.scalars(select(OutboxMessage.subject))
    assert subject == "[fundwatch] Silent Feed: stale"


def test_the_offers_job_is_quiet_when_nothing_expires(ops_db: Database, tmp_path: Path) -> None:
    assert scheduler.offers_upkeep(runtime(ops_db, tmp_path)) is None


def test_a_failing_job_is_logged_not_raised(
    ops_db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(rt: scheduler.Runtime) -> None:
        raise RuntimeError("database on fire")

    entry = scheduler._job(broken)
    scheduler.set_runtime(runtime(ops_db, tmp_path))
    try:
        with caplog.at_level(logging.ERROR, logger="fundwatch.scheduler"):
            entry()  # APScheduler would log it too, but without our fields
    finally:
        scheduler.set_runtime(None)
    [record] = caplog.records
    assert record.getMessage() == "job failed" and record.job == "broken"  # type: ignore[attr-defined]


def test_no_job_starts_once_a_stop_is_requested(ops_db: Database, tmp_path: Path) -> None:
    calls: list[int] = []
    entry = scheduler._job(lambda rt: calls.append(1))
    rt = runtime(ops_db, tmp_path)
    rt.stop.set()
    scheduler.set_runtime(rt)
    try:
        entry()
    finally:
        scheduler.set_runtime(None)
    assert calls == []
