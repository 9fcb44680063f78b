"""Fixtures of the notifier tests: an SMTP server on loopback, personas, factories, pinned time.

Personas (participants with one contact each), all on 23 November 2026 (EPOCH, a Monday of
ISO week 48):

- alice: Cluj-Napoca, a Romanian municipality; English, weekly; housing and education,
  keyword "desegregation". The main reader of digests.
- bruno: Eurométropole de Strasbourg, a French municipality; French, monthly; housing and
  social inclusion. Checks the French digest.
- chloe: Prishtina Roma Youth, an NGO in Kosovo (outside the EU); English, daily; youth.
- dan: Oslo kommune; English, weekly; health only: nothing fits him, he gets no mail.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine

from models.db import write_session
from models.participant import Participant
from tests.factories import Factories, Persona
from tests.notifier.mail import settings, smtp_sink  # noqa: F401 (fixtures)

EPOCH = date(2026, 11, 23)
EPOCH_TIME = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)
FILES = Path(__file__).resolve().parent / "files"

# An open grant for Romanian and French local authorities (and NGOs) about housing, due in
# 30 days.
FACTORIES = Factories(
    today=EPOCH,
    now=EPOCH_TIME,
    call_days=30,
    call={
        "title": "Call {n} for housing projects",
        "description_text": "Social housing and desegregation of settlements.",
        "url": "https://funder.example.org/calls/{n}",
        "funder": "Example Fund",
        "countries": ["FR", "RO"],
        "applicant_types": ["local-authority", "ngo"],
        "themes": ["housing"],
        "max_amount_eur": 100000.0,
    },
)
make_participant = FACTORIES.make_participant
make_call = FACTORIES.make_call


@pytest.fixture
def notifier_files() -> Path:
    return FILES


@pytest.fixture
def frozen() -> Iterator[time_machine.Coordinates]:
    """Time pinned at EPOCH_TIME (ticking, so timeouts and leases still move forward)."""
    with time_machine.travel(EPOCH_TIME, tick=True) as traveller:
        yield traveller


# What differs from the factory's Romanian municipality (weekly, English, housing).
PERSONAS: dict[str, Persona] = {
    "alice": (
        "cluj",
        "Cluj-Napoca",
        "alice@cluj.example.ro",
        {
            "themes": ["education", "housing"],
            "keywords": ["desegregation"],
            "profile": "A large city with Roma neighbourhoods: social housing and schools.",
        },
    ),
    "bruno": (
        "strasbourg",
        "Eurométropole de Strasbourg",
        "bruno@strasbourg.example.fr",
        {
            "country": "FR",
            "language": "fr",
            "frequency": "monthly",
            "themes": ["housing", "social-inclusion"],
        },
    ),
    "chloe": (
        "prishtina-youth",
        "Prishtina Roma Youth",
        "chloe@pry.example.org",
        {"country": "XK", "applicant_type": "ngo", "frequency": "daily", "themes": ["youth"]},
    ),
    "dan": ("oslo", "Oslo kommune", "dan@oslo.example.no", {"country": "NO", "themes": ["health"]}),
}


@pytest.fixture
def personas(db: Any) -> dict[str, Participant]:
    with write_session(db.engine) as session:
        return FACTORIES.make_people(session, PERSONAS)
