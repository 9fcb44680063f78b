"""The calls file format (JSONL, or CSV with `;`-separated lists): import and export.

Import is an upsert by id or alias. Fields present in a line are stored as given with origin
`source`, unless the line carries `tags_origin` (an export does), which then says which tag
fields it holds and where each came from. Export writes every field of the import format
plus `status`, `source_urls` and `tags_origin`, so export -> import -> export is identical.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.taxonomy import load_taxonomy
from models.call import CALL_STATUSES, ORIGINS, TAG_FIELDS, Call
from models.callstore import CallRecord, store_call
from models.linefile import FileProblem, LineReport, parse_file
from models.richtext import description_parts

EXPORT_FIELDS = (
    "id",
    "title",
    "description",
    "url",
    "funder",
    "published",
    "deadline",
    "programme",
    "language",
    "max_amount_eur",
    "countries",
    "applicant_types",
    "themes",
    "funding_type",
    "partnership_required",
    "cross_border",
    "status",
    "source_urls",
    "tags_origin",
)
LIST_FIELDS = ("countries", "applicant_types", "themes", "source_urls")
IMPORT_SOURCE_KEY = "import"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        if not _ISO_DATE.match(value):
            raise ValueError(f"{value!r} is not a YYYY-MM-DD date")
        return date.fromisoformat(value)
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _deadlines(value: Any) -> Any:
    if isinstance(value, list):
        return [_iso_date(v) for v in value]
    return _iso_date(value)


class CallLine(BaseModel):
    """One line of a calls file."""

    model_config = ConfigDict(strict=True, extra="allow", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=300)
    title: str = Field(min_length=1)
    description: str = ""
    url: str | None = None
    funder: str | None = None
    published: IsoDate | None = None
    deadline: Annotated[IsoDate | list[IsoDate] | None, BeforeValidator(_deadlines)] = None
    programme: str | None = None
    language: str | None = None
    max_amount_eur: float | None = Field(None, ge=0)
    countries: list[str] = []
    applicant_types: list[str] = []
    themes: list[str] = []
    funding_type: str | None = None
    partnership_required: bool | None = None
    cross_border: bool | None = None
    status: str | None = None
    source_urls: list[str] = []
    tags_origin: dict[str, str] | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator("source_urls")
    @classmethod
    def _http_urls(cls, value: list[str]) -> list[str]:
        for url in value:
            cls._http_url(url)
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        import pycountry

        if value is not None and (
            len(value) != 2 or pycountry.languages.get(alpha_2=value.lower()) is None
        ):
            raise ValueError(f"{value!r} is not an ISO 639-1 language code")
        return value.lower() if value else value

    @field_validator("countries")
    @classmethod
    def _countries(cls, value: list[str]) -> list[str]:
        try:
            return load_taxonomy().expand_countries(value)
        except ValueError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("applicant_types")
    @classmethod
    def _types(cls, value: list[str]) -> list[str]:
        return _known(value, load_taxonomy().applicant_type_ids, "applicant type")

    @field_validator("themes")
    @classmethod
    def _themes(cls, value: list[str]) -> list[str]:
        return _known(value, load_taxonomy().theme_ids, "theme")

    @field_validator("funding_type")
    @classmethod
    def _funding_type(cls, value: str | None) -> str | None:
        if value is not None:
            _known([value], load_taxonomy().funding_type_ids, "funding type")
        return value

    @field_validator("status")
    @classmethod
    def _status(cls, value: str | None) -> str | None:
        if value is not None and value not in CALL_STATUSES:
            raise ValueError(f"unknown status {value!r} ({', '.join(CALL_STATUSES)})")
        return value

    @field_validator("tags_origin")
    @classmethod
    def _origins(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        for name, origin in (value or {}).items():
            if name not in TAG_FIELDS or origin not in ORIGINS:
                raise ValueError(f"bad tags_origin entry {name}: {origin}")
        return value

    def present_tags(self) -> dict[str, Any]:
        """The tag fields this line states (all present ones; with tags_origin, those it lists)."""
        given = self.model_fields_set
        names = [n for n in TAG_FIELDS if n in given]
        if self.tags_origin is not None:
            names = [n for n in names if n in self.tags_origin]
        return {n: getattr(self, n) for n in names}

    def to_record(self) -> CallRecord:
        html, text = description_parts(self.description)
        tags = self.present_tags()
        deadline = tags.pop("deadline", ...)
        language = tags.pop("language", None)
        eur = tags.pop("max_amount_eur", None)
        deadlines: list[date] | None = None
        if deadline is not ...:
            deadlines = (
                [] if deadline is None else (deadline if isinstance(deadline, list) else [deadline])
            )
        extra = [u for u in self.source_urls if u != self.url]
        return CallRecord(
            title=self.title,
            source_key=IMPORT_SOURCE_KEY,
            own_id=self.id,
            url=self.url,
            description_html=html,
            description_text=text,
            funder=self.funder,
            programme=self.programme,
            language=language,
            published=self.published,
            deadlines=deadlines,
            source_status=self.status,
            max_amount_eur=eur,
            tags=tags,
            tags_origin=self.tags_origin,
            extra_urls=extra,
        )


def _known(values: list[str], ids: tuple[str, ...], what: str) -> list[str]:
    unknown = [v for v in values if v not in ids]
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(map(repr, unknown))}")
    return sorted(set(values))


def _coerce_csv(record: dict[str, Any]) -> dict[str, Any]:
    """CSV cells are strings: give numbers, booleans, JSON cells and nulls their JSON types."""
    out = dict(record)
    if "max_amount_eur" in out:
        with contextlib.suppress(ValueError):
            out["max_amount_eur"] = float(out["max_amount_eur"])
    for name in ("partnership_required", "cross_border"):
        if name in out:
            out[name] = {"true": True, "false": False}.get(str(out[name]).lower(), out[name])
    if "tags_origin" in out:
        with contextlib.suppress(json.JSONDecodeError):
            out["tags_origin"] = json.loads(out["tags_origin"])
    if isinstance(out.get("deadline"), str) and ";" in out["deadline"]:
        out["deadline"] = [d.strip() for d in out["deadline"].split(";") if d.strip()]
    return out


@dataclass
class ImportReport(LineReport):
    stored_ids: list[int] = field(default_factory=list)


def parse_calls_file(path: Path, *, fmt: str | None = None) -> tuple[list[CallLine], ImportReport]:
    """Validate every line; bad and duplicate lines become errors, the rest is returned."""
    report = ImportReport()
    lines = parse_file(
        path,
        fmt=fmt,
        model=CallLine,
        report=report,
        list_fields=LIST_FIELDS,
        coerce_csv=_coerce_csv,
        unique={"id": lambda ref, line: f"duplicate id {ref!r} (first on line {line})"},
    )
    return [line for _, line in lines], report


def import_calls(
    session: Session, lines: Iterable[CallLine], *, today: date, report: ImportReport
) -> ImportReport:
    """Upsert the validated lines in the caller's transaction (one batch, all or nothing)."""
    for line in lines:
        result = store_call(session, line.to_record(), today=today)
        session.flush()
        setattr(report, result.outcome, getattr(report, result.outcome) + 1)
        if result.outcome != "unchanged":
            report.stored_ids.append(result.call.id)
    return report


# -- export ---------------------------------------------------------------------------------


def call_to_export(call: Call) -> dict[str, Any]:
    deadlines = call.deadlines or []
    deadline: Any = None if not deadlines else (deadlines[0] if len(deadlines) == 1 else deadlines)
    source_urls = sorted({link.url for link in call.sources} | ({call.url} if call.url else set()))
    return {
        "id": call.public_id,
        "title": call.title,
        "description": call.description_html or call.description_text,
        "url": call.url,
        "funder": call.funder,
        "published": call.published.isoformat() if call.published else None,
        "deadline": deadline,
        "programme": call.programme,
        "language": call.language,
        "max_amount_eur": _number(call.max_amount_eur),
        "countries": sorted(call.countries or []),
        "applicant_types": sorted(call.applicant_types or []),
        "themes": sorted(call.themes or []),
        "funding_type": call.funding_type,
        "partnership_required": call.partnership_required,
        "cross_border": call.cross_border,
        "status": call.status,
        "source_urls": source_urls,
        "tags_origin": dict(sorted((call.tags_origin or {}).items())),
    }


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def export_calls(
    session: Session, *, open_only: bool = False, where: Callable[[Any], Any] | None = None
) -> Iterator[dict[str, Any]]:
    query = select(Call).where(Call.hidden.is_(False)).order_by(Call.public_id)
    if open_only:
        query = query.where(Call.status.in_(("open", "forthcoming")))
    if where is not None:
        query = where(query)
    for call in session.scalars(query.execution_options(yield_per=500)):
        yield call_to_export(call)


def write_jsonl(records: Iterable[dict[str, Any]], out: io.TextIOBase | Any) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterable[dict[str, Any]], out: Any, fields: tuple[str, ...]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        row: dict[str, Any] = {}
        for name in fields:
            value = record.get(name)
            if isinstance(value, list):
                row[name] = ";".join(str(v) for v in value)
            elif isinstance(value, dict):
                row[name] = json.dumps(value, ensure_ascii=False, sort_keys=True)
            elif isinstance(value, bool):
                row[name] = "true" if value else "false"
            elif value is None:
                row[name] = ""
            else:
                row[name] = value
        writer.writerow(row)
        count += 1
    return count


__all__ = [
    "EXPORT_FIELDS",
    "CallLine",
    "FileProblem",
    "ImportReport",
    "call_to_export",
    "export_calls",
    "import_calls",
    "parse_calls_file",
    "write_csv",
    "write_jsonl",
]
