"""The outbox on SQLite and PostgreSQL: claims with a lease, reclaim, results, bounces."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from models.db import read_session, write_session
from models.digest import OutboxMessage
from models.participant import Contact
from notifier import outbox
from notifier.outbox import Delivery, RetryPolicy
from tests.notifier.conftest import EPOCH_TIME, make_participant

LEASE = timedelta(minutes=5)
RETRY = RetryPolicy(base=timedelta(minutes=1), cap=timedelta(minutes=10), max_attempts=3)


def queue(db, n: int, *, at=EPOCH_TIME) -> list[int]:
    with write_session(db.engine) as session:
        contact = make_participant(session).contacts[0]
        rows = [
            OutboxMessage(
                contact_id=contact.id,
                recipient=f"r{i}@example.org",
                message_id=f"<m{i}.{contact.id}@example.org>",
                content=b"Subject: x\r\n\r\nbody\r\n",
                next_attempt_at=at,
            )
            for i in range(n)
        ]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def claim(db, worker: str, *, now=EPOCH_TIME, limit: int = 100):
    with write_session(db.engine) as session:
        return outbox.claim_due(session=session, worker=worker, now=now, limit=limit, lease=LEASE)


def rows(db) -> dict[int, OutboxMessage]:
    with read_session(db.engine) as session:
        return {row.id: row for row in session.scalars(select(OutboxMessage))}


def test_claiming_marks_the_attempt_and_holds_the_rows(db) -> None:
    ids = queue(db, 3)
    claimed = claim(db, "a", limit=2)
    assert [item.id for item in claimed] == ids[:2]
    assert claimed[0].content.startswith(b"Subject: x") and claimed[0].attempts == 1
    state = rows(db)
    assert state[ids[0]].status == "sending" and state[ids[0]].claimed_by == "a"
    assert state[ids[0]].lease_until == EPOCH_TIME + LEASE
    assert [item.id for item in claim(db, "b")] == ids[2:]  # never the rows "a" holds
    assert claim(db, "c") == []


def test_messages_not_yet_due_are_not_claimed(db) -> None:
    queue(db, 1, at=EPOCH_TIME + timedelta(minutes=1))
    assert claim(db, "a") == []
    assert len(claim(db, "a", now=EPOCH_TIME + timedelta(minutes=1))) == 1


def test_a_dead_senders_rows_are_reclaimed_after_the_lease(db) -> None:
    ids = queue(db, 2)
    claim(db, "dead")
    assert claim(db, "b", now=EPOCH_TIME + LEASE - timedelta(seconds=1)) == []
    again = claim(db, "b", now=EPOCH_TIME + LEASE + timedelta(seconds=1))
    assert [item.id for item in again] == ids and again[0].attempts == 2
    assert {row.claimed_by for row in rows(db).values()} == {"b"}


def test_concurrent_claimers_never_share_a_row(db) -> None:
    ids = queue(db, 60)
    got: dict[str, list[int]] = {}

    def work(name: str) -> None:
        mine: list[int] = []
        while batch := claim(db, name, limit=7):
            mine.extend(item.id for item in batch)
        got[name] = mine

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    claimed = [i for mine in got.values() for i in mine]
    assert sorted(claimed) == ids  # every row once, none twice


def test_results_sent_deferred_with_backoff_and_failed(db) -> None:
    ids = queue(db, 3)
    items = claim(db, "a")
    later = EPOCH_TIME + timedelta(seconds=5)
    with write_session(db.engine) as session:
        outbox.record_sent(session=session, ids=[ids[0]], now=later)
        outbox.record_failures(
            session=session,
            worker="a",
            results=[
                (items[1], Delivery("deferred", "421 busy")),
                (items[2], Delivery("failed", "550 no such user", bounce=True)),
            ],
            now=later,
            retry=RETRY,
        )
    state = rows(db)
    assert (state[ids[0]].status, state[ids[0]].sent_at) == ("sent", later)
    assert state[ids[1]].status == "deferred" and state[ids[1]].last_error == "421 busy"
    assert state[ids[1]].next_attempt_at == later + timedelta(minutes=1)
    assert state[ids[2]].status == "failed"
    with read_session(db.engine) as session:
        contact = session.get(Contact, state[ids[2]].contact_id)
        assert contact is not None
        assert (contact.bounce_state, contact.bounce_count) == ("hard", 1)
        assert not contact.receives_digests


def test_backoff_doubles_up_to_a_cap_then_gives_up_softly(db) -> None:
    assert [RETRY.delay(n) for n in (1, 2, 3, 4, 5)] == [
        timedelta(minutes=m) for m in (1, 2, 4, 8, 10)
    ]
    [row_id] = queue(db, 1)
    now = EPOCH_TIME
    for _attempt in range(RETRY.max_attempts):
        [item] = claim(db, "a", now=now)
        with write_session(db.engine) as session:
            outbox.record_failures(
                session=session,
                worker="a",
                results=[(item, Delivery("deferred", "421 busy"))],
                now=now,
                retry=RETRY,
            )
        now += timedelta(hours=1)
    state = rows(db)[row_id]
    assert state.status == "failed" and state.attempts == 3
    assert state.last_error == "gave up after 3 attempts: 421 busy"
    with read_session(db.engine) as session:
        contact = session.get(Contact, state.contact_id)
        assert contact is not None and contact.bounce_state == "soft"


def test_a_late_result_of_a_reclaimed_row_is_left_to_its_new_holder(db) -> None:
    [row_id] = queue(db, 1)
    [stale] = claim(db, "old")
    claim(db, "new", now=EPOCH_TIME + LEASE * 2)
    with write_session(db.engine) as session:
        changed = outbox.record_failures(
            session=session,
            worker="old",
            results=[(stale, Delivery("deferred", "timeout"))],
            now=EPOCH_TIME,
            retry=RETRY,
        )
        assert changed == 0
        # ... but a delivery is a fact whoever holds the row.
        assert outbox.record_sent(session=session, ids=[row_id], now=EPOCH_TIME) == 1
        assert outbox.record_sent(session=session, ids=[row_id], now=EPOCH_TIME) == 0
    assert rows(db)[row_id].status == "sent"


def test_release_worker_makes_its_rows_due_now(db) -> None:
    ids = queue(db, 2)
    claim(db, "dead")
    with write_session(db.engine) as session:
        assert outbox.release_worker(session=session, worker="dead", now=EPOCH_TIME) == 2
    assert [item.id for item in claim(db, "b")] == ids
