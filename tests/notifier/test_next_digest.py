"""A contact's next digest (the web preview's source): when the scheduler builds it, and that
its preview is exactly what that build then queues. SQLite and PostgreSQL.

EPOCH_TIME is Monday 23 November 2026, 07:30 UTC (08:30 in Brussels): the weekly and
daily builds of that day have already run.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models.db import read_session, write_session
from models.digest import OutboxMessage
from models.participant import Contact
from notifier.build import build_digests, next_build_at, next_digest
from tests.notifier.conftest import EPOCH_TIME, make_call


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("frequency", "after", "expected"),
    [
        ("daily", _utc(2026, 11, 23, 7, 30), _utc(2026, 11, 24, 6)),  # 07:00 CET is 06:00 UTC
        ("daily", _utc(2026, 11, 23, 5, 59), _utc(2026, 11, 23, 6)),  # today's is still ahead
        ("weekly", _utc(2026, 11, 23, 7, 30), _utc(2026, 11, 30, 6)),  # next Monday
        ("weekly", _utc(2026, 11, 22, 12), _utc(2026, 11, 23, 6)),  # a Sunday: tomorrow
        ("monthly", _utc(2026, 11, 23, 7, 30), _utc(2026, 12, 1, 6)),
        ("daily", _utc(2027, 3, 27, 12), _utc(2027, 3, 28, 5)),  # summer time: 07:00 CEST
    ],
)
def test_the_next_build_follows_the_scheduler(db, settings, frequency, after, expected) -> None:
    assert next_build_at(frequency, after=after, settings=settings) == expected


def _contact_id(db, email: str) -> int:
    with read_session(db.engine) as session:
        return session.scalar(select(Contact.id).where(Contact.email == email))


def _next(db, settings, email: str, now: datetime = EPOCH_TIME):
    with read_session(db.engine) as session:
        return next_digest(session, settings, contact_id=_contact_id(db, email), now=now)


def test_the_preview_is_what_the_next_build_queues(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        make_call(session, title="Housing in Transylvania")
        make_call(session, title="Closes before the build", deadlines=[EPOCH_TIME.date()])
    upcoming = _next(db, settings, "alice@cluj.example.ro")
    assert upcoming.due_at == _utc(2026, 11, 30, 6)
    preview = upcoming.preview
    assert preview.period == "weekly:2026-W49" and not preview.already_built
    titles = [view.title for s in preview.decision.context["sections"] for view in s.items]
    assert titles == ["Housing in Transylvania"]  # the other call is past by then

    build_digests(db.engine, settings, as_of=upcoming.due_at.date(), frequency="weekly")
    with read_session(db.engine) as session:
        row = session.scalar(
            select(OutboxMessage).where(OutboxMessage.recipient == "alice@cluj.example.ro")
        )
    assert row.subject == preview.decision.email.subject
    assert row.message_id == preview.decision.email.message_id

    # That period is built: the next digest is the week after, with nothing new yet.
    after = _next(db, settings, "alice@cluj.example.ro")
    assert after.due_at == _utc(2026, 12, 7, 6) and after.preview.period == "weekly:2026-W50"
    assert after.preview.decision.is_empty and after.preview.decision.context is None


def test_the_french_contact_gets_french_words(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        make_call(session, title="Logement inclusif")
    upcoming = _next(db, settings, "bruno@strasbourg.example.fr")
    assert upcoming.due_at == _utc(2026, 12, 1, 6)  # monthly
    context = upcoming.preview.decision.context
    assert context["heading"] == "Appels à financement pour Eurométropole de Strasbourg"
    assert [s.title for s in context["sections"]] == ["Nouveaux appels"]
    assert context["period_label"] == "décembre 2026"


def test_a_contact_that_gets_no_digest_has_no_next_one(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        contact = session.scalar(select(Contact).where(Contact.email == "alice@cluj.example.ro"))
        contact.unsubscribed_at = EPOCH_TIME - timedelta(days=1)
    upcoming = _next(db, settings, "alice@cluj.example.ro")
    assert upcoming.due_at is None and upcoming.preview is None
    with read_session(db.engine) as session:
        assert next_digest(session, settings, contact_id=10**6, now=EPOCH_TIME) is None
