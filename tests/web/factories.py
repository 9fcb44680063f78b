"""Factory functions for web tests: make_call(session, **overrides) and friends.

Time is pinned (EPOCH, TODAY): every date below is relative to them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from models.account import AdminUser
from models.call import Call, CallChange, CallSource
from models.offer import PartnerOffer
from models.participant import Contact, Participant

EPOCH = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)
_numbers = count(1)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def make_call(session: Session, **overrides: Any) -> Call:
    """An open call with one deadline 30 days ahead, tagged, with evidence and a source URL."""
    n = next(_numbers)
    deadlines = overrides.pop("deadlines", [days(30)])
    sources = overrides.pop("source_urls", None)
    values: dict[str, Any] = {
        "public_id": f"CALL-{n:04d}",
        "title": f"Call number {n} for local Roma inclusion",
        "description_html": f"<p>Support for <b>municipalities</b> (call {n}).</p>",
        "description_text": f"Support for municipalities (call {n}).",
        "url": f"https://funder.example.eu/calls/{n}",
        "funder": "European Commission",
        "programme": "CERV",
        "language": "en",
        "status": "open",
        "themes": ["social-inclusion"],
        "countries": ["FR", "RO"],
        "applicant_types": ["local-authority"],
        "funding_type": "grant",
        "max_amount_eur": 100000.0,
        "partnership_required": False,
        "cross_border": False,
        "evidence": {
            "themes": {"social-inclusion": ["integrated local development"]},
            "countries": {"RO": ["field:countries"], "FR": ["field:countries"]},
        },
        "tags_origin": {"themes": "auto", "countries": "source"},
        "first_seen_at": EPOCH - timedelta(days=10),
        "last_seen_at": EPOCH,
        "last_changed_at": EPOCH - timedelta(days=10),
    }
    values.update(overrides)
    call = Call(**values)
    call.set_deadlines(deadlines, today=TODAY)
    session.add(call)
    session.flush()
    for url in sources if sources is not None else [call.url]:
        if url:
            session.add(CallSource(call_id=call.id, source_key="test-source", url=url))
    session.flush()
    return call


def make_change(session: Session, call: Call, **overrides: Any) -> CallChange:
    values: dict[str, Any] = {
        "call_id": call.id,
        "field": "deadlines",
        "old_value": ["2027-01-10"],
        "new_value": list(call.deadlines),
        "changed_at": EPOCH - timedelta(days=1),
        "source_key": "test-source",
    }
    values.update(overrides)
    change = CallChange(**values)
    session.add(change)
    session.flush()
    return change


def make_participant(session: Session, *, email: str | None = None, **overrides: Any) -> Contact:
    """A participant with one confirmed contact; returns the contact."""
    n = next(_numbers)
    language = overrides.pop("language", "en")
    values: dict[str, Any] = {
        "public_id": f"member-{n}",
        "name": f"Member city {n}",
        "country": "RO",
        "applicant_type": "local-authority",
        "languages": ["ro", "en"],
        "themes": ["housing"],
        "keywords": [],
        "profile": "A city.",
    }
    values.update(overrides)
    participant = Participant(**values)
    session.add(participant)
    session.flush()
    contact = Contact(
        participant_id=participant.id,
        email=email or f"contact{n}@member.example",
        language=language,
        frequency="weekly",
        confirmed=True,
        confirmed_at=EPOCH - timedelta(days=100),
    )
    session.add(contact)
    session.flush()
    return contact


def make_admin(session: Session, email: str) -> AdminUser:
    admin = AdminUser(email=email)
    session.add(admin)
    session.flush()
    return admin


def make_offer(
    session: Session, *, poster: Participant, call: Call | None, **overrides: Any
) -> PartnerOffer:
    values: dict[str, Any] = {
        "participant_id": poster.id,
        "kind": "seeking-partners",
        "title": "Partners wanted for a school mediation project",
        "description": "We lead; we look for two partner cities.",
        "call_id": call.id if call is not None else None,
        "themes": ["education"],
        "countries": ["any"],
        "roles": ["partner"],
        "applicant_types": ["local-authority"],
        "languages": ["en"],
        "expires_on": days(20),
        "status": "open",
        "share_contact": False,
    }
    values.update(overrides)
    offer = PartnerOffer(**values)
    session.add(offer)
    session.flush()
    return offer
