"""The Taskforce's source form: posted strings -> a validated sources-file entry.

Validation is the sources file's own (crawlers/sourcefile.SourceEntry), so a source added
on the web obeys exactly the rules of `fundwatch sources import`.
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from crawlers.sourcefile import SourceEntry, entry_values
from models.linefile import validation_reason
from models.source import Source

MAX_SETTINGS = 20_000


class SourceForm(BaseModel):
    key: str = ""
    name: str = ""
    kind: str = ""
    url: str = ""
    schedule: str = "every 1d"
    language: str = ""
    funder: str = ""
    tags: list[str] = []
    enabled: str | None = None
    settings: str = ""
    delay_s: str = ""
    concurrency: str = ""
    action: str = ""  # "test": a dry run of the source as typed, nothing saved


def form_of(source: Source) -> dict[str, Any]:
    politeness = source.politeness or {}
    return {
        "key": source.key,
        "name": source.name,
        "kind": source.kind,
        "url": source.url,
        "schedule": source.schedule,
        "language": source.language or "",
        "funder": source.funder or "",
        "tags": list(source.tags or []),
        "enabled": "1" if source.enabled else None,
        "settings": yaml.safe_dump(source.settings or {}, sort_keys=False, allow_unicode=True)
        if source.settings
        else "",
        "delay_s": str(politeness.get("delay_s", "")),
        "concurrency": str(politeness.get("concurrency", "")),
    }


def check_source(form: SourceForm) -> tuple[dict[str, Any] | None, str | None]:
    """(the Source column values, None), or (None, the reason in one line)."""
    if len(form.settings) > MAX_SETTINGS:
        return None, "settings: too long"
    try:
        settings = yaml.safe_load(form.settings) if form.settings.strip() else {}
    except yaml.YAMLError as exc:
        return None, "settings: not valid YAML: " + str(exc).splitlines()[0]
    if not isinstance(settings, dict):
        return None, "settings: must be a YAML mapping"
    raw: dict[str, Any] = {
        "key": form.key.strip(),
        "name": form.name.strip(),
        "kind": form.kind.strip(),
        "url": form.url.strip(),
        "schedule": form.schedule.strip() or "every 1d",
        "enabled": form.enabled is not None,
        "language": form.language.strip() or None,
        "funder": form.funder.strip() or None,
        "tags": sorted(set(form.tags)),
        "settings": settings,
    }
    if form.delay_s.strip() or form.concurrency.strip():
        raw["politeness"] = {
            "delay_s": form.delay_s.strip() or 1.0,
            "concurrency": form.concurrency.strip() or 1,
        }
    try:
        entry = SourceEntry.model_validate(raw)
    except ValidationError as exc:
        return None, validation_reason(exc)
    return entry_values(entry), None
