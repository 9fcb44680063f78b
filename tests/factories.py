"""Factories shared by the notifier and partnership-offer tests (and the scheduler and ops
tests, through tests/notifier/conftest.py): participants with one contact, and calls.

Each test package pins its own day and its calls' defaults; `Factories` binds them:

    factories = Factories(today=EPOCH, now=EPOCH_TIME, call_days=30, call={...})
    make_participant, make_call = factories.make_participant, factories.make_call
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from models.call import Call
from models.participant import Contact, Participant

_ids = itertools.count(1)
# A persona: its participant's public id, name and contact address, then the fields that
# differ from `Factories.make_participant`'s defaults.
Persona = tuple[str, str, str, dict[str, Any]]


@dataclass(frozen=True)
class Factories:
    today: date
    now: datetime
    call_days: int  # a call's deadline, in days after `today`
    call: dict[str, Any] = field(default_factory=dict)  # a call's fields besides the ids

    def make_participant(self, session: Session, **overrides: Any) -> Participant:
        """A Romanian municipality about housing, with one confirmed weekly English contact;
        `email`, `language`, `frequency`, `confirmed` and `contact_created_at` go to the
        contact."""
        n = next(_ids)
        contact = Contact(
            email=overrides.pop("email", f"member{n}@example.org"),
            language=overrides.pop("language", "en"),
            frequency=overrides.pop("frequency", "weekly"),
            confirmed=overrides.pop("confirmed", True),
            created_at=overrides.pop("contact_created_at", self.now - timedelta(days=30)),
        )
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
        participant.contacts.append(contact)
        session.add(participant)
        session.flush()
        return participant

    def make_people(self, session: Session, table: Mapping[str, Persona]) -> dict[str, Participant]:
        """The participants of a table: key -> (public id, name, contact address, fields)."""
        return {
            key: self.make_participant(session, public_id=ref, name=name, email=email, **fields)
            for key, (ref, name, email, fields) in table.items()
        }

    def make_call(self, session: Session, **overrides: Any) -> Call:
        """An open grant with the package's defaults (`{n}` in them is the call's number)."""
        n = next(_ids)
        deadlines = overrides.pop("deadlines", [self.today + timedelta(days=self.call_days)])
        values: dict[str, Any] = {
            "public_id": f"CALL-{n}",
            "status": "open",
            "funding_type": "grant",
            **{
                name: value.format(n=n) if isinstance(value, str) else copy.deepcopy(value)
                for name, value in self.call.items()
            },
        }
        values.update(overrides)
        call = Call(**values)
        call.set_deadlines(deadlines, today=self.today)
        session.add(call)
        session.flush()
        return call
