"""The sources file (YAML): a list of mappings, one per watched source.

Keys: `key` (slug), `name`, `kind` (feed, ft-portal, html, json), `url`, `schedule`
(`every 6h`, `every 1d` or a 5-field cron string), `enabled`, `language`, `funder`, `tags`
(default theme ids), `settings` (per kind), optional `politeness` ({delay_s, concurrency}).
Import validates everything and reports each bad entry with its key and reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawlers.schedule import parse_schedule
from matcher.taxonomy import load_taxonomy
from models.linefile import validation_reason
from models.source import SOURCE_KINDS, Source

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
# Settings each kind needs (issue 3 and conventions §2 name them).
_KIND_SETTINGS: dict[str, set[str]] = {
    "feed": {"item_id", "fields"},
    "ft-portal": {
        "search_url",
        "detail_url",
        "query",
        "languages",
        "page_size",
        "sort",
        "max_pages",
    },
    "html": {"item", "fields", "next_page", "detail", "max_pages"},
    "json": {"items", "fields", "next_page", "max_pages", "method", "body"},
}
EXPORT_KEYS = ("key", "name", "kind", "url", "schedule", "enabled", "language", "funder", "tags")


class Politeness(BaseModel):
    model_config = ConfigDict(extra="forbid")

    delay_s: float = Field(1.0, ge=0, le=60)
    concurrency: int = Field(1, ge=1, le=4)


class SourceEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    name: str = Field(min_length=1)
    kind: str
    url: str
    schedule: str = "every 1d"
    enabled: bool = True
    language: str | None = None
    funder: str | None = None
    tags: list[str] = []
    settings: dict[str, Any] = {}
    politeness: Politeness | None = None

    @field_validator("key")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _KEY.match(value):
            raise ValueError("must be a slug: lower-case letters, digits, - and _")
        return value

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in SOURCE_KINDS:
            raise ValueError(f"unknown kind {value!r} ({', '.join(SOURCE_KINDS)})")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str) -> str:
        parse_schedule(value)
        return " ".join(value.split())

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[a-z]{2}$", value):
            raise ValueError("must be an ISO 639-1 code such as en or fr")
        return value

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        unknown = [t for t in value if t not in load_taxonomy().theme_ids]
        if unknown:
            raise ValueError(f"unknown theme {', '.join(map(repr, unknown))}")
        return value

    @model_validator(mode="after")
    def _kind_settings(self) -> SourceEntry:
        allowed = _KIND_SETTINGS[self.kind]
        unknown = sorted(set(self.settings) - allowed)
        if unknown:
            raise ValueError(f"settings for kind {self.kind}: unknown key(s) {', '.join(unknown)}")
        if self.kind in ("html", "json"):
            fields = self.settings.get("fields")
            if not isinstance(fields, dict) or "title" not in fields:
                raise ValueError(f"kind {self.kind} needs settings.fields with at least title")
            list_key = "item" if self.kind == "html" else "items"
            if not isinstance(self.settings.get(list_key), str):
                raise ValueError(f"kind {self.kind} needs settings.{list_key}")
            if self.kind == "html" and "url" not in fields:
                raise ValueError("kind html needs settings.fields.url")
        query = self.settings.get("query")
        if self.kind == "ft-portal" and query is not None and not isinstance(query, dict):
            raise ValueError("settings.query must be the portal's JSON query object")
        problem = _settings_problem(self.kind, self.settings)
        if problem:
            raise ValueError(problem)
        return self


def _settings_problem(kind: str, settings: dict[str, Any]) -> str | None:
    """Why a kind's settings cannot work (unknown field, bad selector, bad value), or None."""
    from crawlers.fields import FEED_FIELDS, HTML_FIELDS, JSON_FIELDS

    known = {"html": HTML_FIELDS, "json": JSON_FIELDS, "feed": FEED_FIELDS}.get(kind, {})
    groups = {"fields": settings.get("fields") or {}}
    if kind == "html":
        groups["detail"] = settings.get("detail") or {}
    for group, mapping in groups.items():
        if not isinstance(mapping, dict):
            return f"settings.{group} must be a mapping of field names"
        unknown = sorted(set(mapping) - set(known))
        if unknown:
            return f"settings.{group}: unknown field(s) {', '.join(unknown)}"
        if any(not isinstance(v, str) or not v.strip() for v in mapping.values()):
            return f"settings.{group}: every value must be a non-empty text"
    if kind == "html":
        from crawlers.selectors import check

        specs = [settings["item"], *groups["fields"].values(), *groups["detail"].values()]
        if settings.get("next_page"):
            specs.append(settings["next_page"])
        for spec in specs:
            problem = check(str(spec))
            if problem:
                return f"bad selector {problem}"
    if kind == "feed" and settings.get("item_id", "id") not in ("id", "link"):
        return "settings.item_id must be id or link"
    if kind == "json" and str(settings.get("method", "GET")).upper() not in ("GET", "POST"):
        return "settings.method must be GET or POST"
    for name, low, high in (("page_size", 1, 100), ("max_pages", 1, 500)):
        value = settings.get(name)
        if value is not None and (not isinstance(value, int) or not low <= value <= high):
            return f"settings.{name} must be a whole number from {low} to {high}"
    return None


@dataclass
class SourcesReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def parse_sources(text: str) -> tuple[list[SourceEntry], list[str]]:
    """Validate a sources YAML text: (good entries, one error line per bad entry)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return [], [f"not valid YAML: {exc}".splitlines()[0]]
    if data is None:
        return [], ["the file is empty"]
    if not isinstance(data, list):
        return [], ["the file must be a YAML list of sources"]
    entries: list[SourceEntry] = []
    errors: list[str] = []
    seen: set[str] = set()
    for position, raw in enumerate(data, start=1):
        label = raw.get("key") if isinstance(raw, dict) else None
        label = f"{label}" if label else f"entry {position}"
        if not isinstance(raw, dict):
            errors.append(f"{label}: not a mapping")
            continue
        try:
            entry = SourceEntry.model_validate(raw)
        except ValidationError as exc:
            errors.append(f"{label}: {validation_reason(exc)}")
            continue
        if entry.key in seen:
            errors.append(f"{label}: duplicate key")
            continue
        seen.add(entry.key)
        entries.append(entry)
    return entries, errors


def default_catalogue_text() -> str:
    return resources.files("crawlers").joinpath("catalogue.yaml").read_text(encoding="utf-8")


def read_sources_file(path: Path) -> tuple[list[SourceEntry], list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], [f"{path}: no such file"]
    except UnicodeDecodeError:
        return [], [f"{path}: not valid UTF-8"]
    return parse_sources(text)


def upsert_sources(session: Session, entries: Iterable[SourceEntry]) -> SourcesReport:
    report = SourcesReport()
    for entry in entries:
        source = session.scalar(select(Source).where(Source.key == entry.key))
        values = entry_values(entry)
        if source is None:
            session.add(Source(**values))
            report.created += 1
        else:
            for name, value in values.items():
                setattr(source, name, value)
            report.updated += 1
    session.flush()
    return report


def entry_values(entry: SourceEntry) -> dict[str, Any]:
    return {
        "key": entry.key,
        "name": entry.name,
        "kind": entry.kind,
        "url": entry.url,
        "schedule": entry.schedule,
        "enabled": entry.enabled,
        "language": entry.language,
        "funder": entry.funder,
        "tags": list(entry.tags),
        "settings": dict(entry.settings),
        "politeness": entry.politeness.model_dump() if entry.politeness else {},
    }


def source_to_entry(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(source, name) for name in EXPORT_KEYS}
    data["tags"] = list(source.tags or [])
    data["settings"] = dict(source.settings or {})
    if source.politeness:
        data["politeness"] = dict(source.politeness)
    return data


def dump_sources(sources: Iterable[Source]) -> str:
    return yaml.safe_dump(
        [source_to_entry(s) for s in sources], sort_keys=False, allow_unicode=True, width=100
    )
