"""A contact's next digest (the web preview's source): when the scheduler builds it, and that
its preview is exactly what that build then queues. SQLite and PostgreSQL.

EPOCH_TIME is Monday 23 November 2026, 07:30 UTC (08:30 in Brussels): the weekly and
daily builds of that day have already run.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from matcher.matching import Match, Profile
from models.call import Call
from models.db import read_session, write_session
from models.digest import Digest, DigestItem, OutboxMessage
from models.participant import Contact
from notifier import queries
from notifier.build import MatchSource, build_digests, next_build_at, next_digest
from tests.notifier.conftest import EPOCH, EPOCH_TIME, make_call
from tests.notifier.test_digest_build import _store


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


# -- the preview's calls are the build's: a catalogue that passes and fails each hard filter ---

DAY = timedelta(days=1)
BUILD_DAY = date(2026, 11, 30)  # alice's next (weekly) build


def _catalogue(session) -> dict[str, int]:
    """Calls for alice (a Romanian municipality; housing and education, keyword
    "desegregation"; weekly, next built on 30 November), by name: `pass-…` fit her, `fail-…`
    each fail one hard filter. Their texts differ, so similarity orders them."""
    texts = {
        "pass-plain": "Social housing for Roma neighbourhoods of large cities",
        "pass-eu-group": "Schools and housing: a programme open to the whole Union",
        "pass-lower-case-country": "Mediators in schools of small towns",
        "pass-countries-unknown": "Heritage of Roma neighbourhoods",
        "pass-anyone": "Housing cooperatives and tenants",
        "pass-forthcoming": "Large cities: schools for every child",
        "pass-rolling": "Loans for housing repairs",
        "pass-second-stage": "Second stage of a housing call",
        "pass-due-on-build-day": "Schools and social services",
        "pass-keyword-only": "Ending school DÉSEGREGATION gaps in cities",
        "fail-country": "Social housing in Hungarian cities",
        "fail-group": "Housing in the Western Balkans",
        "fail-applicant-type": "Housing for NGOs only",
        "fail-tender": "Tender: social housing survey",
        "fail-closed": "Closed housing call",
        "fail-hidden": "Hidden housing call",
        "fail-past-by-build-day": "Housing call closing this week",
        "fail-theme": "Health mediators in large cities",
    }
    special = {
        "pass-eu-group": {"countries": ["eu"]},
        "pass-lower-case-country": {"countries": ["ro"], "themes": ["education"]},
        "pass-countries-unknown": {"countries": [], "themes": ["housing", "youth"]},
        "pass-anyone": {"applicant_types": []},
        "pass-forthcoming": {
            "status": "forthcoming",
            "opening_date": EPOCH + 10 * DAY,
            "themes": ["education"],
        },
        "pass-rolling": {"deadlines": []},
        "pass-second-stage": {"deadlines": [EPOCH - 10 * DAY, EPOCH + 60 * DAY]},
        "pass-due-on-build-day": {"deadlines": [BUILD_DAY], "themes": ["education"]},
        "pass-keyword-only": {"themes": ["youth"]},
        "fail-country": {"countries": ["HU"]},
        "fail-group": {"countries": ["western-balkans"]},
        "fail-applicant-type": {"applicant_types": ["ngo"]},
        "fail-tender": {"funding_type": "tender"},
        "fail-closed": {"status": "closed"},
        "fail-hidden": {"hidden": True},
        "fail-past-by-build-day": {"deadlines": [EPOCH + 2 * DAY]},
        "fail-theme": {"themes": ["health"]},
    }
    return {
        name: make_call(session, title=name, description_text=text, **special.get(name, {})).id
        for name, text in texts.items()
    }


def _queued(db, email: str, period: str) -> tuple[OutboxMessage | None, list[tuple]]:
    """The message and items (in order) a build queued for `email` and `period`."""
    with read_session(db.engine) as session:
        digest = session.scalar(
            select(Digest).join(Contact).where(Contact.email == email, Digest.period == period)
        )
        if digest is None:
            return None, []
        row = session.scalar(select(OutboxMessage).where(OutboxMessage.digest_id == digest.id))
        items = session.execute(
            select(DigestItem.call_id, DigestItem.section, DigestItem.snapshot)
            .where(DigestItem.digest_id == digest.id)
            .order_by(DigestItem.id)
        ).all()
        session.expunge(row)
    return row, [tuple(item) for item in items]


def _build_s_matches(db, email: str, as_of: date) -> dict[int, Match]:
    """The contact's matches found the build's way: every live call in one index."""
    with read_session(db.engine) as session:
        contact = session.scalar(select(Contact).where(Contact.email == email))
        source = MatchSource(queries.live_calls(session=session, as_of=as_of), as_of=as_of)
        found = source.matches_for([contact]).get(contact.participant_id, [])
        return {call.id: match for call, match in found}


PERSONA_EMAILS = [
    "alice@cluj.example.ro",
    "bruno@strasbourg.example.fr",
    "chloe@pry.example.org",
    "dan@oslo.example.no",
]


def test_the_preview_lists_the_calls_the_build_queues_in_its_order(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        sent = {
            name: make_call(session, title=name, deadlines=[EPOCH + days * DAY])
            for name, days in [("sent-updated", 40), ("sent-closing", 17), ("sent-same", 50)]
        }
        for call in sent.values():
            _store(session, call)  # imported: a content hash, as a crawl or import gives
    # alice's digest of week 48 has those three; then one's budget grows, and calls come.
    build_digests(db.engine, settings, as_of=EPOCH, frequency="weekly", now=EPOCH_TIME)
    with write_session(db.engine) as session:
        _store(session, session.get(Call, sent["sent-updated"].id), max_amount_eur=900000.0)
        names = _catalogue(session)
    upcoming = {email: _next(db, settings, email) for email in PERSONA_EMAILS}

    alice = upcoming["alice@cluj.example.ro"]
    assert alice.due_at.date() == BUILD_DAY
    sections = {item.call.title: item.section for item in alice.preview.decision.plan.items}
    assert sections == {
        **{name: "new" for name in names if name.startswith("pass-")},
        "pass-countries-unknown": "check-eligibility",
        "pass-anyone": "check-eligibility",
        "sent-updated": "updated",
        "sent-closing": "closing-soon",
    }
    assert not upcoming["chloe@pry.example.org"].preview.decision.plan.is_empty
    assert upcoming["dan@oslo.example.no"].preview.decision.is_empty

    for email, coming in upcoming.items():
        as_of = coming.due_at.astimezone(settings.zone).date()
        plan = coming.preview.decision.plan
        build_s = _build_s_matches(db, email, as_of)
        assert [item.match for item in plan.items] == [build_s[i.call.id] for i in plan.items]
        build_digests(
            db.engine, settings, as_of=as_of, frequency=coming.contact.frequency, now=EPOCH_TIME
        )
        row, items = _queued(db, email, coming.preview.period)
        assert items == [(i.call.id, i.section, i.snapshot) for i in plan.items], email
        if coming.preview.decision.is_empty:
            assert row is None
            continue
        assert row.subject == coming.preview.decision.email.subject
        assert row.message_id == coming.preview.decision.email.message_id
        assert row.content == coming.preview.decision.content


def test_only_the_calls_that_can_match_are_read(db, settings, personas) -> None:
    """The hard filters SQL can state run there: a preview reads those calls only."""
    with write_session(db.engine) as session:
        names = _catalogue(session)
        make_call(session, title="fr-health", countries=["FR"], themes=["health"])
    by_id = {call_id: name for name, call_id in names.items()}
    read = {}
    for email in ["alice@cluj.example.ro", "bruno@strasbourg.example.fr"]:
        with read_session(db.engine) as session:
            contact = session.scalar(select(Contact).where(Contact.email == email))
            profile = Profile.of(contact.participant)
            rows = queries.candidate_calls(session=session, profile=profile, as_of=BUILD_DAY)
        read[email] = {by_id.get(row.id, "fr-health") for row in rows}
    # alice has a keyword: calls of other themes are read (their text decides).
    assert read["alice@cluj.example.ro"] == {
        *(name for name in names if name.startswith("pass-")),
        "fail-theme",
    }
    # bruno (France, housing and social inclusion, no keyword): themes are filtered too.
    assert "fr-health" not in read["bruno@strasbourg.example.fr"]
    assert "fail-theme" not in read["bruno@strasbourg.example.fr"]


def test_the_preview_follows_a_changed_text(db, settings, personas) -> None:
    """The words of the live calls are kept between previews: a changed text is read again,
    so similarity stays the build's."""
    with write_session(db.engine) as session:
        names = _catalogue(session)
    email = "alice@cluj.example.ro"
    before = _next(db, settings, email)
    with write_session(db.engine) as session:
        for name in ("pass-plain", "fail-country"):  # one that matches, one that does not
            call = session.get(Call, names[name])
            call.description_text = "Heritage and culture of large cities, museums"
            _store(session, call)
    after = _next(db, settings, email)
    build_s = _build_s_matches(db, email, BUILD_DAY)
    matches = [item.match for item in after.preview.decision.plan.items]
    assert matches == [build_s[item.call.id] for item in after.preview.decision.plan.items]
    assert matches != [item.match for item in before.preview.decision.plan.items]
