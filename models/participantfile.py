"""The participants file format (JSONL or CSV): each line one participant with one contact.

Imported participants are confirmed (the Taskforce vouches for them). Contact language: the
line's `language` (en|fr), else the first of `languages` that is en or fr, else en.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matcher.taxonomy import load_taxonomy, normalise_country
from models.account import is_suppressed
from models.base import utcnow
from models.linefile import LineError, LineReport, parse_file
from models.participant import CONTACT_LANGUAGES, FREQUENCIES, Contact, Participant

EXPORT_FIELDS = (
    "id",
    "name",
    "country",
    "applicant_type",
    "languages",
    "themes",
    "email",
    "region",
    "population",
    "keywords",
    "frequency",
    "profile",
    "language",
    "tenders",
)
LIST_FIELDS = ("languages", "themes", "keywords")


def language_codes(values: list[str]) -> list[str]:
    """ISO 639-1 codes, lower-cased, each once in the order given; ValueError on another."""
    import pycountry

    out = []
    for code in values:
        if len(code) != 2 or pycountry.languages.get(alpha_2=code.lower()) is None:
            raise ValueError(f"{code!r} is not an ISO 639-1 language code")
        out.append(code.lower())
    return list(dict.fromkeys(out))


def normalise_email(value: str) -> str:
    try:
        info = validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"{value!r} is not a valid email address: {exc}") from None
    return info.normalized.lower()


class ParticipantLine(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=300)
    country: str
    applicant_type: str
    languages: list[str] = []
    themes: list[str] = []
    email: str
    region: str | None = None
    population: int | None = Field(None, ge=0)
    keywords: list[str] = []
    frequency: str = "weekly"
    profile: str | None = None
    language: str | None = None
    tenders: bool = False

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        code = normalise_country(value)
        if code is None:
            raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
        return code

    @field_validator("applicant_type")
    @classmethod
    def _type(cls, value: str) -> str:
        if value not in load_taxonomy().applicant_type_ids:
            raise ValueError(f"unknown applicant type {value!r}")
        return value

    @field_validator("themes")
    @classmethod
    def _themes(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in load_taxonomy().theme_ids]
        if unknown:
            raise ValueError(f"unknown theme {', '.join(map(repr, unknown))}")
        return sorted(set(value))

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        return language_codes(value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return normalise_email(value)

    @field_validator("frequency")
    @classmethod
    def _frequency(cls, value: str) -> str:
        if value not in FREQUENCIES:
            raise ValueError(f"frequency must be one of {', '.join(FREQUENCIES)}")
        return value

    @field_validator("language")
    @classmethod
    def _contact_language(cls, value: str | None) -> str | None:
        if value is not None and value not in CONTACT_LANGUAGES:
            raise ValueError("language must be en or fr")
        return value

    def contact_language(self) -> str:
        if self.language:
            return self.language
        return next((code for code in self.languages if code in CONTACT_LANGUAGES), "en")


def _coerce_csv(record: dict[str, Any]) -> dict[str, Any]:
    out = dict(record)
    if "population" in out:
        with contextlib.suppress(ValueError):
            out["population"] = int(str(out["population"]).replace(" ", "").replace(",", ""))
    if "tenders" in out:
        out["tenders"] = {"true": True, "false": False, "yes": True, "no": False}.get(
            str(out["tenders"]).lower(), out["tenders"]
        )
    return out


@dataclass
class ParticipantImportReport(LineReport):
    pass


def parse_participants_file(
    path: Path, *, fmt: str | None = None
) -> tuple[list[tuple[int, ParticipantLine]], ParticipantImportReport]:
    """Validate every line; bad lines, and lines repeating an id or an address, are errors."""
    report = ParticipantImportReport()
    lines = parse_file(
        path,
        fmt=fmt,
        model=ParticipantLine,
        report=report,
        list_fields=LIST_FIELDS,
        coerce_csv=_coerce_csv,
        unique={
            "id": lambda ref, line: f"duplicate id {ref!r} (first on line {line})",
            "email": lambda email, line: f"email {email} already on line {line}",
        },
    )
    return lines, report


def import_participants(
    session: Session,
    lines: Iterable[tuple[int, ParticipantLine]],
    *,
    report: ParticipantImportReport,
) -> ParticipantImportReport:
    """Upsert each line's participant and contact in the caller's transaction."""
    now = utcnow()
    pending = list(lines)
    existing = {
        p.public_id: p
        for p in session.scalars(
            select(Participant)
            .where(Participant.public_id.in_([line.id for _, line in pending]))
            .options(selectinload(Participant.contacts))
        )
    }
    for number, line in pending:
        if is_suppressed(session, line.email):
            report.errors.append(
                LineError(number, f"{line.email} was erased at its owner's request; not imported")
            )
            continue
        owner = session.scalar(select(Contact).where(Contact.email == line.email))
        participant = existing.get(line.id)
        if owner is not None and (participant is None or owner.participant_id != participant.id):
            report.errors.append(
                LineError(number, f"email {line.email} belongs to another participant")
            )
            continue
        values = {
            "name": line.name,
            "country": line.country,
            "applicant_type": line.applicant_type,
            "region": line.region,
            "population": line.population,
            "languages": line.languages,
            "themes": line.themes,
            "keywords": line.keywords,
            "profile": line.profile,
            "wants_tenders": line.tenders,
        }
        contact_values = {
            "email": line.email,
            "language": line.contact_language(),
            "frequency": line.frequency,
        }
        if participant is None:
            participant = Participant(public_id=line.id, **values)
            participant.contacts.append(
                Contact(**contact_values, confirmed=True, confirmed_at=now, consent_at=now)
            )
            session.add(participant)
            existing[line.id] = participant
            report.new += 1
            continue
        contact = owner or (participant.contacts[0] if participant.contacts else None)
        changed = any(getattr(participant, k) != v for k, v in values.items())
        if contact is None:
            participant.contacts.append(
                Contact(**contact_values, confirmed=True, confirmed_at=now, consent_at=now)
            )
            changed = True
        else:
            changed |= any(getattr(contact, k) != v for k, v in contact_values.items())
            for key, value in contact_values.items():
                setattr(contact, key, value)
            if not contact.confirmed:
                contact.confirmed, contact.confirmed_at = True, now
        for key, value in values.items():
            setattr(participant, key, value)
        if changed:
            report.updated += 1
        else:
            report.unchanged += 1
        session.flush()
    return report


def participant_to_export(participant: Participant) -> dict[str, Any]:
    contact = participant.contacts[0] if participant.contacts else None
    return {
        "id": participant.public_id,
        "name": participant.name,
        "country": participant.country,
        "applicant_type": participant.applicant_type,
        "languages": list(participant.languages or []),
        "themes": sorted(participant.themes or []),
        "email": contact.email if contact else None,
        "region": participant.region,
        "population": participant.population,
        "keywords": list(participant.keywords or []),
        "frequency": contact.frequency if contact else "weekly",
        "profile": participant.profile,
        "language": contact.language if contact else "en",
        "tenders": participant.wants_tenders,
    }


def export_participants(session: Session) -> Iterator[dict[str, Any]]:
    query = (
        select(Participant)
        .options(selectinload(Participant.contacts))
        .order_by(Participant.public_id)
    )
    for participant in session.scalars(query):
        yield participant_to_export(participant)
