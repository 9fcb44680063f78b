"""`digest build` on SQLite and PostgreSQL: who is due, first and later digests, no-op rebuilds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from models.call import Call
from models.callstore import CallRecord, store_call
from models.db import read_session, write_session
from models.digest import Digest, DigestItem, OutboxMessage
from models.participant import Contact
from notifier.build import build_digests, preview_digest
from tests.notifier.conftest import EPOCH, EPOCH_TIME, make_call, make_participant
from tests.notifier.mail import assert_email_contains, assert_email_lacks, parse


def build(db, settings, day=EPOCH, **kwargs):
    now = EPOCH_TIME + timedelta(days=(day - EPOCH).days)
    return build_digests(db.engine, settings, as_of=day, now=now, **kwargs)


def outbox(db) -> dict[str, OutboxMessage]:
    with read_session(db.engine) as session:
        return {row.recipient: row for row in session.scalars(select(OutboxMessage))}


def items_of(db, email: str) -> dict[str, list[str]]:
    """Titles by section in `email`'s digests, latest digest last."""
    with read_session(db.engine) as session:
        rows = session.execute(
            select(Digest.period, DigestItem.section, Call.title)
            .join(DigestItem, DigestItem.digest_id == Digest.id)
            .join(Call, Call.id == DigestItem.call_id)
            .join(Contact, Contact.id == Digest.contact_id)
            .where(Contact.email == email)
            .order_by(Digest.id, DigestItem.id)
        )
        out: dict[str, list[str]] = {}
        for period, section, title in rows:
            out.setdefault(f"{period} {section}", []).append(title)
        return out


def test_first_digest_lists_every_open_match_and_skips_people_with_none(
    db, settings, personas
) -> None:
    with write_session(db.engine) as session:
        make_call(session, title="Housing for Roma settlements")
        make_call(session, title="Youth exchange", countries=["western-balkans"], themes=["youth"])
        make_call(
            session, title="Schools, no eligibility known", countries=[], themes=["education"]
        )
        make_call(session, title="Closed housing call", status="closed")
    report = build(db, settings)
    assert (report.due, report.built, report.empty) == (4, 3, 1)
    assert set(outbox(db)) == {
        "alice@cluj.example.ro",
        "bruno@strasbourg.example.fr",
        "chloe@pry.example.org",
    }
    assert items_of(db, "alice@cluj.example.ro") == {
        "weekly:2026-W48 new": ["Housing for Roma settlements"],
        "weekly:2026-W48 check-eligibility": ["Schools, no eligibility known"],
    }
    assert items_of(db, "chloe@pry.example.org") == {"daily:2026-11-23 new": ["Youth exchange"]}
    assert items_of(db, "dan@oslo.example.no") == {}


def test_rebuilding_the_same_period_is_a_no_op(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        make_call(session)
    first = build(db, settings)
    again = build(db, settings, day=EPOCH + timedelta(days=3))  # same week, same month
    assert first.built == 3 - 1  # chloe (youth) has no match
    assert (again.built, again.already_built) == (0, 0)
    assert again.due == 2  # chloe (daily, new day) and dan: still nothing for them
    with read_session(db.engine) as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 2
        assert session.scalar(select(func.count()).select_from(Digest)) == 2


def test_an_empty_digest_writes_nothing_and_a_later_call_in_the_period_is_sent(
    db, settings, personas
) -> None:
    assert build(db, settings).built == 0
    with read_session(db.engine) as session:
        assert session.scalar(select(func.count()).select_from(Digest)) == 0
    with write_session(db.engine) as session:
        make_call(session, title="Arrived on Wednesday", countries=["RO"])
    report = build(db, settings, day=EPOCH + timedelta(days=2))
    assert report.built == 1
    assert items_of(db, "alice@cluj.example.ro") == {
        "weekly:2026-W48 new": ["Arrived on Wednesday"]
    }


def test_only_confirmed_subscribed_not_bouncing_contacts_are_due(db, settings) -> None:
    with write_session(db.engine) as session:
        make_call(session)
        make_participant(session, email="ok@example.org")
        make_participant(session, email="unconfirmed@example.org", confirmed=False)
        gone = make_participant(session, email="gone@example.org")
        gone.contacts[0].unsubscribed_at = EPOCH_TIME
        hard = make_participant(session, email="hard@example.org")
        hard.contacts[0].bounce_state = "hard"
        soft = make_participant(session, email="soft@example.org")
        soft.contacts[0].bounce_state = "soft"
    build(db, settings)
    assert set(outbox(db)) == {"ok@example.org", "soft@example.org"}


def test_frequency_narrows_the_build(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        make_call(session, themes=["housing", "youth"], countries=["RO", "FR", "XK"])
    report = build(db, settings, frequency="monthly")
    assert (report.due, report.built) == (1, 1)
    assert set(outbox(db)) == {"bruno@strasbourg.example.fr"}


def test_a_new_member_gets_its_first_digest_on_the_next_run(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        make_call(session, title="Housing A")
    build(db, settings)
    with write_session(db.engine) as session:
        make_participant(session, email="newcomer@example.org", frequency="monthly")
        make_call(session, title="Housing B")
    report = build(db, settings, day=EPOCH + timedelta(days=1))
    assert report.built == 1  # the newcomer; alice already has this week's digest
    assert items_of(db, "newcomer@example.org") == {
        "monthly:2026-11 new": ["Housing A", "Housing B"]
    }


def _store(session, call: Call, **changes) -> None:
    """Change a call the way a crawl or an import does (with change tracking)."""
    record = CallRecord(
        title=changes.pop("title", call.title),
        source_key="import",
        own_id=call.public_id,
        url=call.url,
        description_text=call.description_text,
        funder=call.funder,
        deadlines=changes.pop("deadlines", call.deadline_dates()),
        max_amount_eur=changes.pop("max_amount_eur", call.max_amount_eur),
        tags={
            "countries": call.countries,
            "applicant_types": call.applicant_types,
            "themes": call.themes,
            "funding_type": call.funding_type,
        },
    )
    store_call(session, record, today=EPOCH)


def test_later_digests_list_new_updated_and_closing_soon_calls(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        moved = make_call(
            session, title="Deadline will move", deadlines=[EPOCH + timedelta(days=60)]
        )
        richer = make_call(
            session, title="Budget will grow", deadlines=[EPOCH + timedelta(days=90)]
        )
        closing = make_call(session, title="Closes soon", deadlines=[EPOCH + timedelta(days=20)])
        make_call(session, title="Nothing changes", deadlines=[EPOCH + timedelta(days=100)])
        for call in (moved, richer, closing):
            _store(session, call)  # first import: gives them the content hash of an import
    build(db, settings)
    week = EPOCH + timedelta(days=7)
    with write_session(db.engine) as session:
        _store(session, session.get(Call, moved.id), deadlines=[EPOCH + timedelta(days=75)])
        _store(session, session.get(Call, richer.id), max_amount_eur=500000.0)
        make_call(session, title="Brand new", deadlines=[EPOCH + timedelta(days=50)])
    build(db, settings, day=week)
    digests = items_of(db, "alice@cluj.example.ro")
    assert digests["weekly:2026-W49 new"] == ["Brand new"]
    assert sorted(digests["weekly:2026-W49 updated"]) == ["Budget will grow", "Deadline will move"]
    assert digests["weekly:2026-W49 closing-soon"] == ["Closes soon"]
    with read_session(db.engine) as session:
        latest = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == "alice@cluj.example.ro")
            .order_by(OutboxMessage.id.desc())
        ).first()
    message = parse(latest.content)
    assert_email_contains(
        message,
        "Here is what is new for you since your last digest.",
        "Updated calls",
        "Changed: deadline",
        "Changed: budget",
        "Closing soon",
        "13 days left",
        "€500,000",
    )
    assert_email_lacks(message, "Nothing changes")
    # A third week: nothing new for alice, and the closing-soon reminder is not repeated.
    build(db, settings, day=week + timedelta(days=7))
    assert not any(
        key.startswith("weekly:2026-W50") for key in items_of(db, "alice@cluj.example.ro")
    )


def test_a_failed_digest_does_not_count_as_received(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        make_call(session, title="Housing A")
    build(db, settings)
    with write_session(db.engine) as session:
        session.execute(update(OutboxMessage).values(status="failed"))
    build(db, settings, day=EPOCH + timedelta(days=7))
    assert items_of(db, "alice@cluj.example.ro")["weekly:2026-W49 new"] == ["Housing A"]


def test_preview_renders_without_queuing(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        make_call(session, title="Housing A")
    shown = preview_digest(db.engine, settings, email="ALICE@cluj.example.ro", as_of=EPOCH)
    assert shown is not None and shown.decision.email is not None
    assert "Housing A" in shown.decision.email.text and not shown.already_built
    with read_session(db.engine) as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    build(db, settings)
    again = preview_digest(db.engine, settings, email="alice@cluj.example.ro", as_of=EPOCH)
    assert again is not None and again.already_built
    assert again.decision.email is not None and "Housing A" in again.decision.email.text
    assert preview_digest(db.engine, settings, email="nobody@example.org", as_of=EPOCH) is None


def test_build_at_a_later_date_uses_that_date(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        make_call(session, title="Due before the date", deadlines=[EPOCH + timedelta(days=3)])
        make_call(session, title="Due after the date", deadlines=[EPOCH + timedelta(days=30)])
    build(db, settings, day=EPOCH + timedelta(days=10))
    assert items_of(db, "alice@cluj.example.ro") == {"weekly:2026-W49 new": ["Due after the date"]}
    built_at = datetime(2026, 12, 3, 7, 30, tzinfo=UTC)
    with read_session(db.engine) as session:
        assert session.scalar(select(Digest.built_at)) == built_at
