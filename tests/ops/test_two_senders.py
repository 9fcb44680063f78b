"""Several `digest send` workers on PostgreSQL (the production layout): 2,000 queued digests,
two workers claiming with FOR UPDATE SKIP LOCKED; one is killed mid-way, and the other
sends the rows the dead one held once their lease has run out. Real processes, a real SMTP
server on loopback."""

from __future__ import annotations

import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from models.db import read_session, write_session
from models.digest import OutboxMessage
from notifier.emails import Email
from tests.conftest import Database
from tests.notifier.smtpsink import SmtpSink
from tests.ops.support import ROOT, child, fundwatch_env, wait_for

HERE = Path(__file__).resolve().parent
MESSAGES = 2000
LEASE_S = 3.0


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink()
    server.set_faults(delay=0.005)  # 5 ms a message: the run lasts a few seconds
    server.start()
    yield server
    server.shutdown()


def queue(db: Database, count: int) -> None:
    """`count` rendered messages in the outbox, as `digest build` leaves them."""
    now = datetime.now(UTC) - timedelta(seconds=1)
    rows = []
    for i in range(count):
        message_id = f"<digest.{i}@fw.test>"
        email = Email(sender="fundwatch@fw.test", to=f"member{i:04d}@example.org",
                      subject=f"Digest {i}", text=f"Calls for member {i}\n",
                      html=f"<p>Calls for member {i}</p>", message_id=message_id)  # fmt: skip
        rows.append({"kind": "digest", "recipient": email.to, "subject": email.subject,
                     "message_id": message_id, "content": email.as_bytes(),
                     "status": "queued", "attempts": 0, "next_attempt_at": now,
                     "created_at": now})  # fmt: skip
    with write_session(db.engine) as session:
        session.execute(insert(OutboxMessage), rows)


def statuses(db: Database) -> Counter[str]:
    with read_session(db.engine) as session:
        return Counter(session.scalars(select(OutboxMessage.status)))


def progress(db: Database, pid: int) -> tuple[int, int]:
    """(rows sent, rows held now) by the worker with this process id."""
    mine = OutboxMessage.claimed_by.like(f"%-{pid}-%")
    with read_session(db.engine) as session:
        rows = session.execute(
            select(OutboxMessage.status, func.count()).where(mine).group_by(OutboxMessage.status)
        ).all()
    counts = dict(rows)
    return counts.get("sent", 0), counts.get("sending", 0)


def worker(db: Database, sink: SmtpSink, journal: Path) -> list[str]:
    return [sys.executable, str(HERE / "send_worker.py"), db.url, sink.url, str(journal),
            str(LEASE_S)]  # fmt: skip


@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
def test_two_workers_share_the_outbox_and_a_dead_ones_rows_come_back_after_the_lease(
    db: Database, sink: SmtpSink, tmp_path: Path
) -> None:
    queue(db, MESSAGES)
    env = fundwatch_env(db.url, tmp_path)
    env["PYTHONPATH"] = str(ROOT)
    first = worker(db, sink, tmp_path / "machine-a")
    second = worker(db, sink, tmp_path / "machine-b")
    with child(first, env=env, cwd=tmp_path) as a:
        wait_for(lambda: progress(db, a.pid)[0] >= 50, timeout=60, interval=0.02)
        with child(second, env=env, cwd=tmp_path) as b:
            # Both send side by side; then the first dies while it holds claimed rows.
            wait_for(lambda: progress(db, b.pid)[0] >= 50 and progress(db, a.pid)[1] > 0,
                     timeout=60, interval=0.02)  # fmt: skip
            a.send_signal(signal.SIGKILL)
            a.wait(timeout=10)
            killed_at = time.monotonic()
            with read_session(db.engine) as session:  # the rows the dead worker held
                held = set(session.scalars(
                    select(OutboxMessage.message_id).where(
                        OutboxMessage.status == "sending",
                        OutboxMessage.claimed_by.like(f"%-{a.pid}-%"),
                    )
                ))  # fmt: skip
            received_at_kill = Counter(r.message_id for r in sink.received())
            wait_for(lambda: statuses(db) == Counter({"sent": MESSAGES}), timeout=90,
                     interval=0.2)  # fmt: skip
            finished_at = time.monotonic()
            b.send_signal(signal.SIGTERM)
            b_out, _ = b.communicate(timeout=30)
    assert held, "the worker was killed holding no row: nothing was tested"
    assert b.returncode == 0

    counts = sink.count_by_message_id()
    assert len(counts) == MESSAGES  # every digest arrived
    # While both workers were alive no message went out twice: their claims never overlap.
    assert max(received_at_kill.values()) == 1
    # After the kill, only rows the dead worker held can arrive twice (those the server had
    # accepted but whose "sent" it had not written yet); every other row arrived once.
    duplicated = {mid for mid, n in counts.items() if n > 1}
    assert duplicated <= held
    assert max(counts.values()) <= 2
    # The dead worker's rows came back only after their lease ran out.
    assert finished_at - killed_at >= LEASE_S - 1.0  # claimed at most a moment before the kill
    with read_session(db.engine) as session:
        attempts = Counter(session.scalars(select(OutboxMessage.attempts)))
    assert set(attempts) <= {1, 2}  # a row was claimed again only after its holder died
    assert sum(n for a, n in attempts.items() if a == 2) <= len(held)
    assert "sent" in b_out
