"""Finding, for a batch of records, which calls they are: cheaply, before store_call runs.

`models.callstore.store_call` resolves and stores one record at a time, and by default
each of its lookups flushes the session: a batch of 200 new calls meant 600 flushes and
loading up to 200 whole calls per record for the near-duplicate title rule. The store
step (crawlers/store.py) instead:

- asks once per batch which of the batch's ids, aliases and URLs the database knows
  (`BatchIndex.load`), and which calls share a deadline with it (ids and titles only);
- lets store_call run without autoflush, flushing only when a record shares an identity
  key with one stored earlier in the same batch (the only case where store_call would
  need to see that earlier record in the database);
- applies the near-duplicate rule of callstore (same normalised title, a shared
  deadline, titles of 12+ characters) on that index, and hands the match to store_call
  as an id of the record, so store_call merges it exactly as it would have.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.call import Call, CallAlias
from models.callstore import CallRecord, canonical_url, normalised_title, resolve_call

MIN_TITLE = 12  # shorter titles ("Call 2027") collide too easily (callstore's rule)
_CHUNK = 500


def plain_keys(record: CallRecord) -> set[str]:
    """The ids, aliases and canonical URLs under which `record` may be stored."""
    keys = {ref for ref in [record.own_id, *record.extra_ids] if ref}
    if record.item_id:
        keys.add(f"{record.source_key}:{record.item_id}")
    keys.add(record.fallback_public_id())
    for url in [record.url, *record.extra_urls]:
        if url:
            keys.add(canonical_url(url))
    return keys


def identity_keys(record: CallRecord) -> set[str]:
    """Every key under which `record` may meet another call: plain keys and title keys."""
    titles = {f"title:{t}|{d.isoformat()}" for t, d in title_keys(record)}
    return plain_keys(record) | titles


def title_keys(record: CallRecord) -> list[tuple[str, date]]:
    title = normalised_title(record.title or "")
    if len(title) < MIN_TITLE:
        return []
    return [(title, d) for d in record.deadlines or []]


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


@dataclass
class BatchIndex:
    """What the database knows of a batch's records, loaded in a few queries."""

    known: set[str] = field(default_factory=set)
    titles: dict[tuple[str, date], str] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, records: list[CallRecord]) -> BatchIndex:
        index = cls()
        plain = sorted(set().union(*(plain_keys(r) for r in records))) if records else []
        for chunk in _chunks(plain):
            ids = session.scalars(select(Call.public_id).where(Call.public_id.in_(chunk)))
            index.known.update(ids)
            aliases = session.scalars(select(CallAlias.alias).where(CallAlias.alias.in_(chunk)))
            index.known.update(aliases)
        deadlines = sorted({d for r in records for _, d in title_keys(r)})
        if deadlines:
            rows = session.execute(
                select(Call.public_id, Call.title, Call.next_deadline).where(
                    Call.next_deadline.in_(deadlines)
                )
            )
            for public_id, title, deadline in rows:
                index.titles.setdefault((normalised_title(title), deadline), public_id)
        return index

    def may_be_stored(self, record: CallRecord) -> bool:
        """False when no id, alias or URL of the record is in the database (it is new)."""
        return bool(self.known & plain_keys(record))

    def near_duplicate(self, record: CallRecord) -> str | None:
        """The public id of a call with the same normalised title and a shared deadline."""
        for key in title_keys(record):
            if key in self.titles:
                return self.titles[key]
        return None

    def remember(self, record: CallRecord, public_id: str) -> None:
        """A call stored in this batch: later records of the batch may be its duplicates."""
        self.known.update(plain_keys(record))
        self.known.add(public_id)
        for key in title_keys(record):
            self.titles.setdefault(key, public_id)


def already_stored(session: Session, record: CallRecord) -> int | None:
    """The id of the call when it is stored exactly as `record` says, from this source.

    Such a call needs no write: store_call would only move its last-seen time. Checking
    first keeps a crawl of an unchanged page (one without validators, such as the EU
    portal's POST search) from rewriting every call it lists.
    """
    call = resolve_call(session, record, fuzzy=False)
    if call is None or call.content_hash != record.content_hash():
        return None
    if not any(link.source_key == record.source_key for link in call.sources):
        return None  # first seen from this source: store_call records where
    return call.id
