"""Source health alerts: one email per state change to each Taskforce address, never one a run.

Personas: the Taskforce has two addresses (ana@ and ben@); `eu-feed` is a watched source whose
health the crawler updates between our checks.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from pathlib import Path

from sqlalchemy import select, update

import scheduler
from models.db import read_session, write_session
from models.digest import OutboxMessage
from models.settings import Settings
from models.source import Source
from notifier.alerts import queue_health_summary, send_health_alerts
from tests.conftest import Database
from tests.ops.support import add_source

TASKFORCE = ["ana@taskforce.example", "ben@taskforce.example"]
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def taskforce_settings(db: Database, tmp_path: Path, **extra: object) -> Settings:
    return db.settings(tmp_path, taskforce_emails=TASKFORCE, **extra)


def set_state(db: Database, key: str, state: str, **values: object) -> None:
    with write_session(db.engine) as session:
        session.execute(update(Source).where(Source.key == key).values(state=state, **values))


def check(db: Database, settings: Settings, minutes: int = 0) -> int:
    return send_health_alerts(db.engine, settings=settings, now=NOW + timedelta(minutes=minutes))


def alerts(db: Database) -> list[tuple[str, str]]:
    with read_session(db.engine) as session:
        rows = session.execute(
            select(OutboxMessage.recipient, OutboxMessage.subject)
            .where(OutboxMessage.kind == "alert")
            .order_by(OutboxMessage.id)
        ).all()
    return [(r, s) for r, s in rows]


def test_each_state_change_mails_the_taskforce_once(ops_db: Database, tmp_path: Path) -> None:
    settings = taskforce_settings(ops_db, tmp_path)
    add_source(ops_db.engine, "eu-feed", name="EU feed", enabled=True, state="ok")
    assert check(ops_db, settings) == 0  # healthy and never alerted: nothing to say

    set_state(ops_db, "eu-feed", "failing", last_error="HTTP 503 from https://example.eu/feed")
    assert check(ops_db, settings) == 1
    for minutes in (10, 20, 30):  # later checks and runs while still failing: no more mail
        assert check(ops_db, settings, minutes) == 0
    set_state(ops_db, "eu-feed", "stale")
    assert check(ops_db, settings, 40) == 1
    set_state(ops_db, "eu-feed", "ok")
    assert check(ops_db, settings, 50) == 1
    assert check(ops_db, settings, 60) == 0

    subjects = [subject for _, subject in alerts(ops_db)]
    assert subjects == [
        "[fundwatch] EU feed: failing", "[fundwatch] EU feed: failing",
        "[fundwatch] EU feed: stale", "[fundwatch] EU feed: stale",
        "[fundwatch] EU feed: recovered", "[fundwatch] EU feed: recovered",
    ]  # fmt: skip
    assert {recipient for recipient, _ in alerts(ops_db)} == set(TASKFORCE)


def test_an_empty_source_alert_says_why(ops_db: Database, tmp_path: Path) -> None:
    settings = taskforce_settings(ops_db, tmp_path)
    add_source(ops_db.engine, "html-list", name="HTML list", enabled=True, state="empty")
    assert check(ops_db, settings) == 1
    with read_session(ops_db.engine) as session:
        content = session.scalars(select(OutboxMessage.content)).first()
    text = body_text(message_from_bytes(content))
    assert "is now empty" in text and "selector" in text


def test_disabled_sources_and_a_missing_taskforce_send_nothing(
    ops_db: Database, tmp_path: Path
) -> None:
    add_source(ops_db.engine, "paused", enabled=False, state="failing")
    add_source(ops_db.engine, "broken", enabled=True, state="failing")
    settings = ops_db.settings(tmp_path)  # TASKFORCE_EMAILS unset
    assert check(ops_db, settings) == 1  # the change is recorded as told ...
    assert alerts(ops_db) == []  # ... but there is no one to mail
    assert check(ops_db, taskforce_settings(ops_db, tmp_path)) == 0  # and not mailed later


def test_alerts_go_out_through_the_outbox_sender(ops_db: Database, tmp_path: Path) -> None:
    settings = taskforce_settings(ops_db, tmp_path)
    add_source(ops_db.engine, "eu-feed", name="EU feed", enabled=True, state="failing",
               last_error="timeout after 30 s")  # fmt: skip
    send_health_alerts(ops_db.engine, settings=settings, now=datetime.now(UTC))  # due at once
    runtime = scheduler.Runtime(settings=settings, engine=ops_db.engine)
    summary = scheduler.deliver_outbox(runtime)
    assert summary is not None and summary.startswith("2 sent")
    outbox = settings.outbox_dir
    assert outbox is not None
    mails = sorted(outbox.glob("*.eml"))
    assert len(mails) == 2
    received = [message_from_bytes(path.read_bytes()) for path in mails]
    assert sorted(m["To"] for m in received) == TASKFORCE
    for message in received:
        assert message["Subject"] == "[fundwatch] EU feed: failing"
        assert message["Auto-Submitted"] == "auto-generated"
        assert "timeout after 30 s" in body_text(message)
    assert scheduler.deliver_outbox(runtime) is None  # sent once, never again


def test_the_weekly_summary_is_queued_once_a_week(ops_db: Database, tmp_path: Path) -> None:
    settings = taskforce_settings(ops_db, tmp_path)
    add_source(ops_db.engine, "good-feed", enabled=True, state="ok")
    add_source(ops_db.engine, "bad-feed", enabled=True, state="failing", last_error="HTTP 500")
    add_source(ops_db.engine, "off-feed", enabled=False)
    monday = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    with write_session(ops_db.engine) as session:
        assert queue_health_summary(session, settings=settings, now=monday) == 2
    with write_session(ops_db.engine) as session:  # the job ran twice that week
        assert (
            queue_health_summary(session, settings=settings, now=monday + timedelta(hours=3)) == 0
        )
    with read_session(ops_db.engine) as session:
        rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "health")))
    assert len(rows) == 2
    assert "week 49 of 2026" in rows[0].subject and "1 failing" in rows[0].subject
    text = body_text(message_from_bytes(rows[0].content))
    assert text.index("bad-feed") < text.index("good-feed")  # problems first
    assert "HTTP 500" in text


def body_text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode("utf-8")
    raise AssertionError("no text/plain part")
