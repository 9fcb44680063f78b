"""Storing calls: identity and aliases, dedupe, change tracking, tags and their origins.

One path for every way a call arrives (a JSONL import, a crawl), so identity and history
rules hold the same everywhere:

- A call has one public id for life: its own identifier when known (an EU topic id, an
  imported `id`), else `<source key>:<item id>`, else `<source key>:<sha1(url)[:12]>`.
- Every other id and URL under which it is met becomes an alias that resolves to it.
- A call is matched by public id or alias, then by canonical URL, then (crawls only) by a
  near-identical title with the same deadline.
- A changed content hash updates the row; deadline, status, budget, title... changes are
  written to `CallChange`.
- A tag set by a source is origin `source`; by the classifier `auto`; by the Taskforce
  `manual`. The classifier never overwrites `source` or `manual`; a source never overwrites
  `manual`.
- A new call, and a call whose content changed, is stored *pending* classification
  (`classifier_version` NULL); `models.tagging` classifies pending calls later.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.base import utcnow
from models.call import TAG_FIELDS, Call, CallAlias, CallChange, CallSource

Outcome = Literal["new", "updated", "unchanged"]
# Fields whose change is written to CallChange (old and new values kept).
TRACKED_FIELDS = (
    "title",
    "url",
    "funder",
    "programme",
    "opening_date",
    "deadlines",
    "source_status",
    "min_amount",
    "max_amount",
    "total_amount",
    "currency",
    "max_amount_eur",
    "cofinancing_rate",
)
# A change of one of these makes a call "updated" in a digest.
MATERIAL_FIELDS = ("deadlines", "status", "max_amount_eur", "max_amount", "total_amount")


@dataclass
class CallRecord:
    """A call as one source gives it, normalised (the crawl pipeline and imports build these)."""

    title: str
    source_key: str
    own_id: str | None = None
    item_id: str | None = None
    url: str | None = None
    description_html: str | None = None
    description_text: str = ""
    funder: str | None = None
    programme: str | None = None
    language: str | None = None
    published: date | None = None
    opening_date: date | None = None
    deadlines: list[date] | None = None
    source_status: str | None = None
    min_amount: float | None = None
    max_amount: float | None = None
    total_amount: float | None = None
    currency: str | None = None
    max_amount_eur: float | None = None
    cofinancing_rate: float | None = None
    # Tag fields the source states itself (taken as given, origin `source`).
    tags: dict[str, Any] = field(default_factory=dict)
    # An import may carry the origins an export wrote; such a record restores them as they were.
    tags_origin: dict[str, str] | None = None
    source_id: int | None = None
    extra_urls: list[str] = field(default_factory=list)
    extra_ids: list[str] = field(default_factory=list)

    def fallback_public_id(self) -> str:
        if self.item_id:
            return f"{self.source_key}:{self.item_id}"
        if self.url:
            digest = hashlib.sha1(canonical_url(self.url).encode()).hexdigest()[:12]
            return f"{self.source_key}:{digest}"
        digest = hashlib.sha1(self.title.encode()).hexdigest()[:12]
        return f"{self.source_key}:{digest}"

    def content_hash(self) -> str:
        payload = {
            "title": self.title,
            "text": self.description_text,
            "html": self.description_html,
            "url": self.url,
            "funder": self.funder,
            "programme": self.programme,
            "language": self.language,
            "published": self.published,
            "opening": self.opening_date,
            "deadlines": sorted(self.deadlines) if self.deadlines is not None else None,
            "status": self.source_status,
            "amounts": [self.min_amount, self.max_amount, self.total_amount, self.currency],
            "eur": self.max_amount_eur,
            "rate": self.cofinancing_rate,
            "tags": self.tags,
            "origin": self.tags_origin,
        }
        encoded = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(encoded.encode()).hexdigest()


@dataclass
class StoreResult:
    call: Call
    outcome: Outcome
    changes: list[CallChange]

    @property
    def material(self) -> bool:
        return any(change.field in MATERIAL_FIELDS for change in self.changes)


_TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_[a-z]+)$")


def canonical_url(url: str) -> str:
    """A URL stripped of fragment and tracking parameters, host lower-cased, no trailing slash."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if not _TRACKING_PARAMS.match(k)]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), path, urlencode(sorted(query)), "")
    )


def normalised_title(title: str) -> str:
    """Lower-case, accents and punctuation removed, single spaces: for near-duplicate titles."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def find_call(session: Session, *, ref: str) -> Call | None:
    """The call whose public id or alias (an id or a URL) is `ref`."""
    call = session.scalar(select(Call).where(Call.public_id == ref))
    if call is not None:
        return call
    alias = session.get(CallAlias, ref)
    if alias is None and ref.startswith(("http://", "https://")):
        alias = session.get(CallAlias, canonical_url(ref))
    return alias.call if alias is not None else None


def _find_by_title(session: Session, record: CallRecord) -> Call | None:
    if not record.deadlines:
        return None
    wanted = normalised_title(record.title)
    if len(wanted) < 12:  # short titles ("Call 2027") collide too easily
        return None
    candidates = session.scalars(
        select(Call).where(Call.next_deadline.in_(list(record.deadlines))).limit(200)
    )
    for candidate in candidates:
        if normalised_title(candidate.title) == wanted:
            return candidate
    return None


def resolve_call(session: Session, record: CallRecord, *, fuzzy: bool) -> Call | None:
    refs = [record.own_id, *record.extra_ids]
    if record.item_id:
        refs.append(f"{record.source_key}:{record.item_id}")
    for ref in refs:
        if ref:
            call = find_call(session, ref=ref)
            if call is not None:
                return call
    for url in [record.url, *record.extra_urls]:
        if url:
            alias = session.get(CallAlias, canonical_url(url))
            if alias is not None:
                return alias.call
    return _find_by_title(session, record) if fuzzy else None


def _add_alias(session: Session, call: Call, alias: str, kind: str) -> None:
    if not alias or alias == call.public_id:
        return
    existing = session.get(CallAlias, alias)
    if existing is None:
        session.add(CallAlias(alias=alias, call=call, kind=kind))


def _record_source(
    session: Session, call: Call, record: CallRecord, url: str, now: datetime
) -> None:
    for link in call.sources:
        if link.source_key == record.source_key and link.url == url:
            link.last_seen_at = now
            if record.item_id:
                link.item_id = record.item_id
            return
    call.sources.append(
        CallSource(
            source_id=record.source_id,
            source_key=record.source_key,
            url=url,
            item_id=record.item_id,
            first_seen_at=now,
            last_seen_at=now,
        )
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def store_call(
    session: Session,
    record: CallRecord,
    *,
    today: date,
    now: datetime | None = None,
    fuzzy: bool = False,
) -> StoreResult:
    """Insert or update the call `record` describes; aliases, sources and changes included."""
    now = now or utcnow()
    call = resolve_call(session, record, fuzzy=fuzzy)
    new_hash = record.content_hash()
    outcome: Outcome
    changes: list[CallChange] = []
    if call is None:
        call = Call(
            public_id=record.own_id or record.fallback_public_id(),
            title=record.title,
            first_seen_at=now,
            last_changed_at=now,
        )
        session.add(call)
        _apply_fields(call, record, today=today)
        outcome = "new"
    elif call.content_hash == new_hash:
        outcome = "unchanged"
    else:
        before = {name: _jsonable(getattr(call, name)) for name in TRACKED_FIELDS}
        before_status = call.status
        before_text = call.description_text
        _apply_fields(call, record, today=today)
        for name in TRACKED_FIELDS:
            after = _jsonable(getattr(call, name))
            if after != before[name]:
                changes.append(CallChange(field=name, old_value=before[name], new_value=after))
        if call.status != before_status:
            changes.append(
                CallChange(field="status", old_value=before_status, new_value=call.status)
            )
        if call.description_text != before_text:
            changes.append(CallChange(field="description", old_value=None, new_value=None))
        outcome = "updated"
        call.last_changed_at = now
    for change in changes:
        change.changed_at = now
        change.source_key = record.source_key
        call.changes.append(change)
    call.content_hash = new_hash
    call.last_seen_at = now
    if outcome != "unchanged":
        call.classifier_version = None  # pending: classified later (models.tagging)
    if record.own_id and call.public_id != record.own_id:
        _add_alias(session, call, record.own_id, "id")
    for extra in record.extra_ids:
        _add_alias(session, call, extra, "id")
    if record.item_id and call.public_id != f"{record.source_key}:{record.item_id}":
        _add_alias(session, call, f"{record.source_key}:{record.item_id}", "id")
    for url in [record.url, *record.extra_urls]:
        if url:
            _add_alias(session, call, canonical_url(url), "url")
            _record_source(session, call, record, url, now)
    return StoreResult(call=call, outcome=outcome, changes=changes)


def _apply_fields(call: Call, record: CallRecord, *, today: date) -> None:
    call.title = record.title
    call.description_html = record.description_html
    call.description_text = record.description_text
    for name in ("funder", "programme", "published", "opening_date", "source_status"):
        value = getattr(record, name)
        if value is not None or name in ("source_status",):
            setattr(call, name, value)
    if record.url and (call.url is None or record.source_key == "import"):
        call.url = record.url
    for name in ("min_amount", "max_amount", "total_amount", "currency", "cofinancing_rate"):
        value = getattr(record, name)
        if value is not None:
            setattr(call, name, value)
    structured: dict[str, Any] = dict(record.tags)
    if record.language is not None:
        structured.setdefault("language", record.language)
    if record.deadlines is not None:
        structured["deadline"] = record.deadlines
    if record.max_amount_eur is not None:
        structured.setdefault("max_amount_eur", record.max_amount_eur)
    origins = record.tags_origin
    for name, value in structured.items():
        origin = (origins or {}).get(name, "source")
        set_tag(call, name, value, origin=origin, evidence=[f"field:{name}"], today=today)
    call.refresh_status(today=today)


def set_tag(
    call: Call,
    name: str,
    value: Any,
    *,
    origin: str,
    evidence: Any,
    today: date,
) -> bool:
    """Set one tag field unless a stronger origin holds it; returns whether it was set.

    manual > source > auto: the classifier never overwrites a source's or the Taskforce's
    value, and a source never overwrites the Taskforce's.
    """
    if name not in TAG_FIELDS:
        raise KeyError(name)
    current = call.origin_of(name)
    rank = {"auto": 0, "source": 1, "manual": 2}
    if current is not None and rank.get(current, 0) > rank[origin]:
        return False
    if name == "deadline":
        dates = _as_dates(value)
        call.set_deadlines(dates, today=today)
    elif name in ("themes", "applicant_types", "countries"):
        setattr(call, name, sorted(set(value or [])))
    else:
        setattr(call, name, value)
    call.tags_origin = {**(call.tags_origin or {}), name: origin}
    call.evidence = {**(call.evidence or {}), name: evidence}
    return True


def _as_dates(value: Any) -> list[date]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple | set) else [value]
    return [v if isinstance(v, date) else date.fromisoformat(str(v)) for v in items]


def apply_classification(
    call: Call, output: Mapping[str, Any], *, version: str, today: date
) -> None:
    """Write the classifier's output (conventions §3) as origin `auto` where nothing stronger is."""
    evidence = output.get("evidence") or {}
    for name in TAG_FIELDS:
        if name not in output:
            continue
        set_tag(
            call, name, output[name], origin="auto", evidence=evidence.get(name, []), today=today
        )
    call.classifier_version = version
    call.refresh_status(today=today)


def calls_to_classify(session: Session, ids: Iterable[int]) -> list[Call]:
    wanted = list(ids)
    if not wanted:
        return []
    return list(session.scalars(select(Call).where(Call.id.in_(wanted))))
