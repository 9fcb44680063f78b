"""The transactional outbox: claim due messages with a lease, record each delivery attempt.

A row's life: `queued` -> (claimed) `sending` -> `sent`, or `deferred` (a transient error:
retried after an exponential backoff, same Message-ID) or `failed` (a permanent error, or
too many attempts). Claiming is the attempt's record: it sets `sending`, the worker, the
lease and `attempts + 1` in one conditional UPDATE, so two senders never hold the same row;
on PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED, on SQLite the write
transaction (BEGIN IMMEDIATE) serialises claimers. A row whose lease ran out (its sender
died) is due again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from models.digest import OutboxMessage
from models.participant import Contact

Outbox = OutboxMessage.__table__


@dataclass(frozen=True)
class Outgoing:
    """A claimed message: what a transport needs to deliver it."""

    id: int
    recipient: str
    message_id: str
    content: bytes
    attempts: int
    contact_id: int | None
    kind: str = "digest"


@dataclass(frozen=True)
class Delivery:
    """The result of one attempt. `bounce`: the server refused the address itself."""

    status: Literal["sent", "deferred", "failed"]
    error: str | None = None
    bounce: bool = False


@dataclass(frozen=True)
class RetryPolicy:
    base: timedelta = timedelta(minutes=1)
    cap: timedelta = timedelta(hours=6)
    max_attempts: int = 8

    def delay(self, attempts: int) -> timedelta:
        """base, 2 x base, 4 x base ... after the 1st, 2nd, 3rd attempt, at most `cap`."""
        return min(self.base * (2 ** max(attempts - 1, 0)), self.cap)


def due_condition(now: datetime) -> object:
    return or_(
        and_(
            OutboxMessage.status.in_(("queued", "deferred")), OutboxMessage.next_attempt_at <= now
        ),
        and_(OutboxMessage.status == "sending", OutboxMessage.lease_until < now),
    )


def claim_due(
    *, session: Session, worker: str, now: datetime, limit: int, lease: timedelta
) -> list[Outgoing]:
    """Claim up to `limit` due messages for `worker` (call in a write transaction)."""
    due = due_condition(now)
    picked = (
        select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # A locking CTE runs once; `id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)` may be
        # evaluated again per row by the planner and claim more than `limit` rows.
        picked_cte = picked.with_for_update(skip_locked=True).cte("picked")
        target = OutboxMessage.id == picked_cte.c.id
    else:
        target = OutboxMessage.id.in_(picked.scalar_subquery())
    statement = (
        update(OutboxMessage)
        .where(target, due)
        .values(
            status="sending",
            claimed_by=worker,
            lease_until=now + lease,
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(
            OutboxMessage.id,
            OutboxMessage.recipient,
            OutboxMessage.message_id,
            OutboxMessage.content,
            OutboxMessage.attempts,
            OutboxMessage.contact_id,
            OutboxMessage.kind,
        )
    )
    rows = session.execute(statement, execution_options={"synchronize_session": False})
    claimed = [Outgoing(*row) for row in rows]
    return sorted(claimed, key=lambda item: item.id)


def drop_unwanted(*, session: Session, claimed: Sequence[Outgoing], worker: str) -> list[Outgoing]:
    """The claimed messages still wanted; a digest whose contact unsubscribed or bounced
    since it was built is not sent (marked failed, so it does not count as received)."""
    contact_ids = {item.contact_id for item in claimed if item.kind == "digest" and item.contact_id}
    if not contact_ids:
        return list(claimed)
    gone = set(
        session.scalars(
            select(Contact.id).where(
                Contact.id.in_(contact_ids),
                or_(Contact.unsubscribed_at.is_not(None), Contact.bounce_state == "hard"),
            )
        )
    )
    if not gone:
        return list(claimed)
    unwanted = {item.id for item in claimed if item.kind == "digest" and item.contact_id in gone}
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(unwanted), OutboxMessage.claimed_by == worker)
        .values(status="failed", lease_until=None, last_error="not sent: the contact left")
    )
    return [item for item in claimed if item.id not in unwanted]


def record_sent(*, session: Session, ids: Sequence[int], now: datetime) -> int:
    """Mark delivered messages sent, whoever holds them now (a delivery is a fact)."""
    if not ids:
        return 0
    statement = (
        update(Outbox)
        .where(Outbox.c.id.in_(list(ids)), Outbox.c.status != "sent")
        .values(status="sent", sent_at=now, lease_until=None, last_error=None)
    )
    return session.execute(statement).rowcount


def record_failures(
    *,
    session: Session,
    worker: str,
    results: Sequence[tuple[Outgoing, Delivery]],
    now: datetime,
    retry: RetryPolicy,
) -> int:
    """Record deferred and failed attempts of `worker`; a row reclaimed meanwhile by another
    sender is left to it. Refused addresses mark the contact as bouncing."""
    changed = 0
    for item, delivery in results:
        status = delivery.status
        error = (delivery.error or "")[:1000]
        if status == "deferred" and item.attempts >= retry.max_attempts:
            status, error = "failed", f"gave up after {item.attempts} attempts: {error}"
        values: dict[str, object] = {"status": status, "last_error": error, "lease_until": None}
        if status == "deferred":
            values["next_attempt_at"] = now + retry.delay(item.attempts)
            values["claimed_by"] = None
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == item.id,
                OutboxMessage.status == "sending",
                OutboxMessage.claimed_by == worker,
            )
            .values(**values)
        )
        changed += result.rowcount
        if result.rowcount and status == "failed" and item.contact_id is not None:
            mark_bouncing(
                session=session, contact_id=item.contact_id, hard=delivery.bounce, now=now
            )
    return changed


def mark_bouncing(*, session: Session, contact_id: int, hard: bool, now: datetime) -> None:
    """A refused address bounces hard (no more digests); giving up on retries is soft."""
    values: dict[str, object] = {
        "bounce_count": Contact.bounce_count + 1,
        "last_bounce_at": now,
    }
    if hard:
        values["bounce_state"] = "hard"
    statement = update(Contact).where(Contact.id == contact_id).values(**values)
    session.execute(statement)
    if not hard:
        session.execute(
            update(Contact)
            .where(Contact.id == contact_id, Contact.bounce_state == "ok")
            .values(bounce_state="soft")
        )


def release_worker(*, session: Session, worker: str, now: datetime) -> int:
    """Make the rows a dead worker still held due now (its journal was recovered first)."""
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending", OutboxMessage.claimed_by == worker)
        .values(status="deferred", next_attempt_at=now, lease_until=None, claimed_by=None)
    )
    return session.execute(statement).rowcount


def next_due_at(*, session: Session) -> datetime | None:
    """When the next queued or deferred message is due, or the earliest lease ends."""
    waiting = session.scalar(
        select(OutboxMessage.next_attempt_at)
        .where(OutboxMessage.status.in_(("queued", "deferred")))
        .order_by(OutboxMessage.next_attempt_at)
        .limit(1)
    )
    leased = session.scalar(
        select(OutboxMessage.lease_until)
        .where(OutboxMessage.status == "sending")
        .order_by(OutboxMessage.lease_until)
        .limit(1)
    )
    found = [t for t in (waiting, leased) if t is not None]
    return min(found) if found else None
