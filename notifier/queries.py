"""Data access of the notifier: keyword-only functions named for the question they answer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, selectinload

from matcher.matching import LIVE_STATUSES
from models.call import Call
from models.digest import Digest, DigestItem, OutboxMessage
from models.participant import Contact
from notifier.periods import FREQUENCIES, period_of
from notifier.plan import History


def receiving_contacts() -> Any:
    """The condition of a contact that gets digests: confirmed, subscribed, not bouncing hard."""
    return and_(
        Contact.confirmed.is_(True),
        Contact.unsubscribed_at.is_(None),
        Contact.bounce_state != "hard",
    )


def due_contacts(*, session: Session, as_of: date, frequency: str | None = None) -> list[Contact]:
    """Contacts that get digests and have none yet for the period holding `as_of` at their
    frequency (with their participant loaded), by id."""
    found: list[Contact] = []
    for freq in [frequency] if frequency else list(FREQUENCIES):
        period = period_of(freq, as_of)
        built = exists().where(Digest.contact_id == Contact.id, Digest.period == period)
        query = (
            select(Contact)
            .where(receiving_contacts(), Contact.frequency == freq, ~built)
            .options(selectinload(Contact.participant))
        )
        found.extend(session.scalars(query))
    return sorted(found, key=lambda contact: contact.id)


def live_calls(*, session: Session, as_of: date) -> list[Call]:
    """Shown calls, open or forthcoming, with a deadline on or after `as_of` or none."""
    query = select(Call).where(Call.hidden.is_(False), Call.status.in_(LIVE_STATUSES))
    calls = []
    for call in session.scalars(query.order_by(Call.id).execution_options(yield_per=2000)):
        deadlines = call.deadlines or []
        if not deadlines or max(deadlines) >= as_of.isoformat():
            calls.append(call)
    return calls


def sent_histories(
    *, session: Session, contact_ids: Sequence[int], before_period: dict[int, str] | None = None
) -> dict[int, History]:
    """What each contact received before: its earlier digests' items, oldest first.

    A digest whose message failed (the address bounced) does not count as received.
    `before_period` leaves out each contact's digest of that period (for a preview).
    """
    histories: dict[int, list[tuple[int, dict[str, Any], date]]] = defaultdict(list)
    has_digest: set[int] = set()
    failed = exists().where(OutboxMessage.digest_id == Digest.id, OutboxMessage.status == "failed")
    for chunk in _chunks(contact_ids, 500):
        query = (
            select(
                Digest.contact_id,
                Digest.period,
                DigestItem.call_id,
                DigestItem.snapshot,
                Digest.as_of,
            )
            .join(DigestItem, DigestItem.digest_id == Digest.id)
            .where(Digest.contact_id.in_(chunk), ~failed)
            .order_by(Digest.as_of, Digest.id)
        )
        for contact_id, period, call_id, snapshot, as_of in session.execute(query):
            if before_period and before_period.get(contact_id) == period:
                continue
            has_digest.add(contact_id)
            histories[contact_id].append((call_id, snapshot or {}, as_of))
    return {
        contact_id: History.from_rows(histories.get(contact_id, []))
        if contact_id in has_digest
        else History()
        for contact_id in contact_ids
    }


def contact_by_email(*, session: Session, email: str) -> Contact | None:
    query = (
        select(Contact)
        .where(func.lower(Contact.email) == email.strip().lower())
        .options(selectinload(Contact.participant))
    )
    return session.scalar(query)


def contact_by_id(*, session: Session, contact_id: int) -> Contact | None:
    query = (
        select(Contact).where(Contact.id == contact_id).options(selectinload(Contact.participant))
    )
    return session.scalar(query)


def digest_exists(*, session: Session, contact_id: int, period: str) -> bool:
    query = select(Digest.id).where(Digest.contact_id == contact_id, Digest.period == period)
    return session.scalar(query) is not None


def outbox_counts(*, session: Session) -> dict[str, int]:
    """Messages in the outbox by status."""
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    return {status: count for status, count in rows}


def _chunks(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
