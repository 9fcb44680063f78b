"""Pydantic shapes of the JSON API (/api/v1); they make its OpenAPI schema.

Only public data: calls, their tags and evidence, sources and history, and how many open
partnership offers name them (never who posted an offer or how to reach them).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Row

from models.call import Call
from models.callfile import call_to_export
from models.richtext import sanitise_html
from web.feeds import call_path


class CallSummary(BaseModel):
    id: str = Field(description="The call's public id (stable for life).")
    title: str
    page_url: str = Field(description="The call's page on fundwatch.")
    url: str | None = Field(description="The funder's page of the call.")
    funder: str | None
    programme: str | None
    language: str | None
    status: str
    deadlines: list[date] = Field(description="Every deadline (two-stage calls have two).")
    next_deadline: date | None
    max_amount_eur: float | None
    themes: list[str]
    countries: list[str]
    applicant_types: list[str]
    funding_type: str | None
    partnership_required: bool | None
    cross_border: bool | None


class CallList(BaseModel):
    items: list[CallSummary]
    total: int = Field(description="Matching calls, counted up to 1,000.")
    total_exact: bool = Field(description="False when more calls match than `total` says.")
    page: int
    per_page: int
    pages: int = Field(description="Pages of `total` calls.")
    has_next: bool


class SourceLink(BaseModel):
    source: str
    url: str


class Change(BaseModel):
    changed_at: datetime
    field: str
    old_value: Any = None
    new_value: Any = None


class CallDetail(CallSummary):
    description_text: str
    description_html: str | None = Field(description="Sanitised HTML (when the source had HTML).")
    published: date | None
    opening_date: date | None
    evidence: dict[str, Any] = Field(description="Why each tag was set (spans of the call).")
    tags_origin: dict[str, str] = Field(description="source, auto or manual, per tag field.")
    sources: list[SourceLink]
    changes: list[Change]
    open_offers: int = Field(description="Open partnership offers naming this call.")


class Problem(BaseModel):
    detail: str


class Bookmarked(BaseModel):
    call_id: str
    bookmarked: bool


def call_summary(call: Call | Row[Any], *, base_url: str) -> dict[str, Any]:
    """A call, or a row of web.queries.LIST_COLUMNS, as the API lists it."""
    return {
        "id": call.public_id,
        "title": call.title,
        "page_url": base_url + call_path(call.public_id),
        "url": call.url,
        "funder": call.funder,
        "programme": call.programme,
        "language": call.language,
        "status": call.status,
        "deadlines": [date.fromisoformat(d) for d in call.deadlines or []],
        "next_deadline": call.next_deadline,
        "max_amount_eur": call.max_amount_eur,
        "themes": sorted(call.themes or []),
        "countries": sorted(call.countries or []),
        "applicant_types": sorted(call.applicant_types or []),
        "funding_type": call.funding_type,
        "partnership_required": call.partnership_required,
        "cross_border": call.cross_border,
    }


def call_detail(
    call: Call, *, base_url: str, changes: list[Any], open_offers: int
) -> dict[str, Any]:
    exported = call_to_export(call)
    return {
        **call_summary(call, base_url=base_url),
        "description_text": call.description_text or "",
        "description_html": sanitise_html(call.description_html) if call.description_html else None,
        "published": call.published,
        "opening_date": call.opening_date,
        "evidence": call.evidence if isinstance(call.evidence, dict) else {},
        "tags_origin": exported["tags_origin"],
        "sources": [
            {"source": link.source_key, "url": link.url}
            for link in sorted(call.sources, key=lambda s: (s.source_key, s.url))
        ],
        "changes": [
            {
                "changed_at": change.changed_at,
                "field": change.field,
                "old_value": change.old_value,
                "new_value": change.new_value,
            }
            for change in changes
        ],
        "open_offers": open_offers,
    }
