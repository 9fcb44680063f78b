"""What spiders yield: one item type, `FundingCall`, and a marker for a finished page.

Spiders fill a `FundingCall` with what the page says, as raw as it comes (texts, HTML,
date strings or dates, amount strings or numbers); the pipelines normalise it, sanitise it,
detect its language, give it an identity and store it. `FUNDING_CALL_SCHEMA` states the
fields a spider may set and their types; `FundingCall.problems()` checks an item against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from models.callstore import CallRecord

RawDate = str | date
RawAmount = str | float | int


@dataclass
class FundingCall:
    """One call as a source lists it, before normalisation."""

    source_key: str
    title: str
    page_url: str  # the page the item was read from: base of relative URLs, unit of batches
    url: str | None = None
    own_id: str | None = None  # the call's own identifier (an EU topic id)
    item_id: str | None = None  # the source's id for the item (feed guid, API id)
    description: str | None = None  # HTML or plain text
    summary: str | None = None  # a shorter text, used when there is no description
    deadlines: list[RawDate] = field(default_factory=list)
    published: RawDate | None = None
    opening_date: RawDate | None = None
    status: str | None = None
    amount: RawAmount | None = None  # the most a project can get ("up to EUR 50 000")
    budget: RawAmount | None = None  # the call's whole budget
    min_amount: RawAmount | None = None
    currency: str | None = None
    programme: str | None = None
    funder: str | None = None
    language: str | None = None  # the page's declared language, if any
    extra_urls: list[str] = field(default_factory=list)
    extra_ids: list[str] = field(default_factory=list)
    # The page this item is alone on (a detail page, a topic), done: its validators travel
    # with the item instead of as a separate marker (one item less through the pipelines).
    page_done: PageDone | None = None
    # Filled by the pipelines.
    amount_eur: float | None = None
    description_html: str | None = None
    description_text: str = ""
    detected_language: str | None = None
    record: CallRecord | None = None

    def problems(self) -> list[str]:
        """What makes this item unusable (after normalisation); empty when it is fine."""
        found: list[str] = []
        for spec in fields(self):
            expected = FUNDING_CALL_SCHEMA.get(spec.name)
            value = getattr(self, spec.name)
            if expected is None or value is None:
                continue
            if not isinstance(value, expected):
                found.append(f"{spec.name}: expected {_type_names(expected)}")
        if not (self.title or "").strip():
            found.append("title: empty")
        if self.url is not None and not self.url.startswith(("http://", "https://")):
            found.append(f"url: not an http(s) URL: {self.url[:80]}")
        return found


def _type_names(expected: type | tuple[type, ...]) -> str:
    kinds = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(k.__name__ for k in kinds)


# The schema of FundingCall: field -> accepted Python types (None is always accepted).
FUNDING_CALL_SCHEMA: dict[str, type | tuple[type, ...]] = {
    "source_key": str,
    "title": str,
    "page_url": str,
    "url": str,
    "own_id": str,
    "item_id": str,
    "description": str,
    "summary": str,
    "deadlines": list,
    "published": (str, date),
    "opening_date": (str, date),
    "status": str,
    "amount": (str, float, int),
    "budget": (str, float, int),
    "min_amount": (str, float, int),
    "currency": str,
    "programme": str,
    "funder": str,
    "language": str,
    "extra_urls": list,
    "extra_ids": list,
    "amount_eur": float,
    "description_html": str,
    "description_text": str,
    "detected_language": str,
}


@dataclass
class PageDone:
    """A page was parsed completely: its items precede this marker in the item stream.

    `etag` / `last_modified` are the validators of the response (None when it sent none);
    the store pipeline writes them with the page's items, so a page is only ever answered
    by a 304 once what it said is in the database. A listing whose items were followed to
    detail pages (`listing=True`) keeps its validators until the end of the run, and only
    when none of those detail pages failed.
    """

    url: str
    etag: str | None = None
    last_modified: str | None = None
    listing: bool = False

    @property
    def has_validator(self) -> bool:
        return bool(self.etag or self.last_modified)


PIPELINE_FIELDS = (
    "page_done",
    "amount_eur",
    "description_html",
    "description_text",
    "detected_language",
    "record",
)


def as_dict(item: FundingCall) -> dict[str, Any]:
    """The item's raw fields (not the pipeline's record), for logs and dry runs."""
    return {
        spec.name: getattr(item, spec.name)
        for spec in fields(item)
        if spec.name not in PIPELINE_FIELDS
    }
