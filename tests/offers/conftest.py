"""Fixtures of the partnership-offer tests: personas, calls, factories, pinned time, mail.

All on 23 November 2026 (EPOCH). Personas (participants, one confirmed contact each):

- cluj: Cluj-Napoca, a Romanian municipality (English). Posts the offers.
- pecs: Pécs, a Hungarian municipality (English). Cluj's cross-border partner: fits.
- timisoara: Timișoara, another Romanian municipality. Same country as Cluj: shut out of
  offers for cross-border calls, welcome in the others.
- strasbourg: Eurométropole de Strasbourg (French contact). Reads mail in French.
- kosice_ngo: a Slovak NGO. Not a local authority: shut out where only authorities are sought.

Calls:

- interreg: "INTERREG-RO-HU-2027", cross-border, RO and HU, local authorities and NGOs,
  housing and education, deadline in 60 days.
- schools: "ERASMUS-SCHOOLS-2027", EU-wide (group `eu`), not cross-border, education.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models.call import Call
from models.db import write_session
from models.digest import OutboxMessage
from models.offer import Interest, PartnerOffer
from models.participant import Participant
from notifier.offer_input import parse_offer
from notifier.offers import post_offer
from tests.factories import Factories, Persona
from tests.notifier.mail import settings, smtp_sink  # noqa: F401 (fixtures)

EPOCH = date(2026, 11, 23)
EPOCH_TIME = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

# An open call for RO and HU local authorities (and NGOs) about housing, due in 60 days.
FACTORIES = Factories(
    today=EPOCH,
    now=EPOCH_TIME,
    call_days=60,
    call={
        "title": "Call {n}",
        "description_text": "Housing projects.",
        "countries": ["HU", "RO"],
        "applicant_types": ["local-authority", "ngo"],
        "themes": ["housing"],
        "cross_border": False,
    },
)
make_participant = FACTORIES.make_participant
make_call = FACTORIES.make_call


@pytest.fixture
def frozen() -> Iterator[time_machine.Coordinates]:
    """Time pinned at EPOCH_TIME (ticking, so SMTP timeouts still move)."""
    with time_machine.travel(EPOCH_TIME, tick=True) as traveller:
        yield traveller


def offer_data(poster: str, **fields: Any) -> dict[str, Any]:
    """An offers-file mapping: Cluj-style housing offer open to any country, 30 days."""
    data: dict[str, Any] = {
        "participant": poster,
        "kind": "seeking-partners",
        "title": "Partners for a desegregation plan",
        "description": "We look for a city with experience of social housing.",
        "themes": ["housing"],
        "countries": ["any"],
        "roles": ["partner"],
        "applicant_types": ["local-authority"],
        "languages": ["en"],
        "expires": (EPOCH + timedelta(days=30)).isoformat(),
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def make_offer(
    session: Session, poster: str, *, as_of: date = EPOCH, **fields: Any
) -> PartnerOffer:
    return post_offer(session, data=parse_offer(offer_data(poster, **fields)), as_of=as_of)


# What differs from the factory's Romanian municipality (weekly, English, housing).
PEOPLE: dict[str, Persona] = {
    "cluj": ("cluj", "Cluj-Napoca", "europe@cluj.example.ro", {"themes": ["education", "housing"]}),
    "pecs": (
        "pecs",
        "Pécs",
        "eu@pecs.example.hu",
        {"country": "HU", "themes": ["housing", "employment"]},
    ),
    "timisoara": ("timisoara", "Timișoara", "proiecte@timisoara.example.ro", {}),
    "strasbourg": (
        "strasbourg",
        "Eurométropole de Strasbourg",
        "europe@strasbourg.example.fr",
        {"country": "FR", "language": "fr", "themes": ["education", "housing"]},
    ),
    "kosice_ngo": (
        "kosice-ngo",
        "Košice Roma NGO",
        "office@kosice-ngo.example.sk",
        {"country": "SK", "applicant_type": "ngo"},
    ),
}


@dataclass
class World:
    participants: dict[str, Participant]
    calls: dict[str, Call]

    def __getitem__(self, key: str) -> Participant:
        return self.participants[key]


@pytest.fixture
def world(db: Any) -> World:
    with write_session(db.engine) as session:
        people = FACTORIES.make_people(session, PEOPLE)
        calls = {
            "interreg": make_call(
                session,
                public_id="INTERREG-RO-HU-2027",
                title="Interreg Romania-Hungary: integrated housing",
                themes=["education", "housing"],
                cross_border=True,
                partnership_required=True,
            ),
            "schools": make_call(
                session,
                public_id="ERASMUS-SCHOOLS-2027",
                title="Inclusive schools across Europe",
                countries=["eu"],
                themes=["education"],
                applicant_types=["local-authority", "ngo", "education-research"],
            ),
        }
    return World(people, calls)


# -- the database, before and after ---------------------------------------------------------------


def offer_tables(engine: Engine) -> tuple[list[Any], list[Any], list[Any]]:
    """Every row of offers, interests and the outbox: equal before and after a refusal."""
    with Session(engine) as session:
        offers = [
            (o.id, o.status, o.expires_on, o.reminded_at, o.title)
            for o in session.scalars(select(PartnerOffer).order_by(PartnerOffer.id))
        ]
        interests = [
            (i.id, i.offer_id, i.participant_id, i.state)
            for i in session.scalars(select(Interest).order_by(Interest.id))
        ]
        outbox = [
            (m.id, m.kind, m.recipient, m.status)
            for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]
    return offers, interests, outbox


def outbox_rows(engine: Engine, kind: str | None = None) -> list[OutboxMessage]:
    with Session(engine) as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        return list(session.scalars(query))
