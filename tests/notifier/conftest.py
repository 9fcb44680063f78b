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

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
import time_machine
from sqlalchemy.orm import Session

from models.call import Call
from models.db import write_session
from models.participant import Contact, Participant
from models.settings import Settings
from tests.notifier.smtpsink import SmtpSink

EPOCH = date(2026, 11, 23)
EPOCH_TIME = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)
FILES = Path(__file__).resolve().parent / "files"
_ids = itertools.count(1)


@pytest.fixture
def notifier_files() -> Path:
    return FILES


@pytest.fixture
def frozen() -> Iterator[time_machine.Coordinates]:
    """Time pinned at EPOCH_TIME (ticking, so timeouts and leases still move forward)."""
    with time_machine.travel(EPOCH_TIME, tick=True) as traveller:
        yield traveller


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.shutdown()


# -- factories ----------------------------------------------------------------------------------


def make_participant(session: Session, **overrides: Any) -> Participant:
    """A participant with one confirmed contact; `email`, `language`, `frequency` go to it."""
    n = next(_ids)
    contact_fields = {
        "email": overrides.pop("email", f"member{n}@example.org"),
        "language": overrides.pop("language", "en"),
        "frequency": overrides.pop("frequency", "weekly"),
        "confirmed": overrides.pop("confirmed", True),
        "created_at": overrides.pop("contact_created_at", EPOCH_TIME - timedelta(days=30)),
    }
    values: dict[str, Any] = {
        "public_id": f"member-{n}",
        "name": f"Member {n}",
        "country": "RO",
        "applicant_type": "local-authority",
        "themes": ["housing"],
        "keywords": [],
        "languages": ["en"],
        "profile": None,
        "wants_tenders": False,
    }
    values.update(overrides)
    participant = Participant(**values)
    participant.contacts.append(Contact(**contact_fields))
    session.add(participant)
    session.flush()
    return participant


def make_call(session: Session, **overrides: Any) -> Call:
    """An open grant for Romanian and French local authorities about housing, due in 30 days."""
    n = next(_ids)
    deadlines = overrides.pop("deadlines", [EPOCH + timedelta(days=30)])
    values: dict[str, Any] = {
        "public_id": f"CALL-{n}",
        "title": f"Call {n} for housing projects",
        "description_text": "Social housing and desegregation of settlements.",
        "url": f"https://funder.example.org/calls/{n}",
        "funder": "Example Fund",
        "status": "open",
        "countries": ["FR", "RO"],
        "applicant_types": ["local-authority", "ngo"],
        "themes": ["housing"],
        "funding_type": "grant",
        "max_amount_eur": 100000.0,
    }
    values.update(overrides)
    call = Call(**values)
    call.set_deadlines(deadlines, today=EPOCH)
    session.add(call)
    session.flush()
    return call


@pytest.fixture
def personas(db: Any) -> dict[str, Participant]:
    with write_session(db.engine) as session:
        people = {
            "alice": make_participant(
                session,
                public_id="cluj",
                name="Cluj-Napoca",
                email="alice@cluj.example.ro",
                themes=["education", "housing"],
                keywords=["desegregation"],
                profile="A large city with Roma neighbourhoods: social housing and schools.",
            ),
            "bruno": make_participant(
                session,
                public_id="strasbourg",
                name="Eurométropole de Strasbourg",
                email="bruno@strasbourg.example.fr",
                country="FR",
                language="fr",
                frequency="monthly",
                themes=["housing", "social-inclusion"],
            ),
            "chloe": make_participant(
                session,
                public_id="prishtina-youth",
                name="Prishtina Roma Youth",
                email="chloe@pry.example.org",
                country="XK",
                applicant_type="ngo",
                frequency="daily",
                themes=["youth"],
            ),
            "dan": make_participant(
                session,
                public_id="oslo",
                name="Oslo kommune",
                email="dan@oslo.example.no",
                country="NO",
                themes=["health"],
            ),
        }
    return people


@pytest.fixture
def settings(db: Any, tmp_path: Path) -> Settings:
    return db.settings(tmp_path, base_url="https://fundwatch.example.org")


# -- reading mail -------------------------------------------------------------------------------


def parse(content: bytes) -> Any:
    return message_from_bytes(content, policy=policy.default)


def parts(message: Any) -> tuple[str, str]:
    """(text, HTML) of a multipart/alternative message."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def visible_text(html: str) -> str:
    """What a reader sees of an HTML part: tags dropped, entities decoded, spaces collapsed."""
    import html as htmlmod
    import re

    return squeeze(htmlmod.unescape(re.sub(r"<[^>]+>", " ", html)))


def squeeze(text: str) -> str:
    """Runs of ASCII white space as one space (no-break spaces are kept: French needs them)."""
    import re

    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def assert_email_contains(message: Any, *needles: str) -> None:
    """Each needle is in the text part and in the HTML part (as seen, or in an attribute)."""
    import html as htmlmod

    text, html = parts(message)
    flat_text, seen = squeeze(text), visible_text(html)
    for needle in needles:
        assert needle in text or needle in flat_text, f"{needle!r} not in the text part"
        assert needle in seen or htmlmod.escape(needle) in html, f"{needle!r} not in the HTML part"


def assert_email_lacks(message: Any, *needles: str) -> None:
    text, html = parts(message)
    for needle in needles:
        assert needle not in text and needle not in html, f"{needle!r} is in the email"
