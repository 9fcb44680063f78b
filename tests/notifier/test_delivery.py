"""`digest send` end to end against a real SMTP server on loopback, with faults.

Whatever the server does (421 on RCPT or DATA, 550 for some addresses, connections dropped
after DATA, the server down for a while), every recipient ends with exactly one digest,
none lost, and duplicates are no more than the connections dropped after DATA.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from models.db import read_session, write_session
from models.digest import OutboxMessage
from models.participant import Contact
from notifier import outbox
from notifier.build import build_digests
from notifier.outbox import RetryPolicy
from notifier.sender import SendOptions, SendReport, journal_dir, send_due, send_loop
from notifier.transports import FileTransport, SmtpConfig, SmtpTransport
from tests.notifier.conftest import EPOCH, EPOCH_TIME, make_call, make_participant

# The outbox compares its rows' times with the clock: pin it (ticking) to the digests' time.
pytestmark = pytest.mark.usefixtures("frozen")
FAST = SendOptions(
    batch=10,
    retry=RetryPolicy(
        base=timedelta(milliseconds=50), cap=timedelta(milliseconds=200), max_attempts=30
    ),
    flush_interval=0.05,
)


def queue_digests(db, settings, n: int, *, now=EPOCH_TIME) -> dict[str, str]:
    """n members with one matching call, their digests built: recipient -> Message-ID."""
    with write_session(db.engine) as session:
        make_call(session)
        for i in range(n):
            make_participant(session, email=f"member{i:03d}@example.org")
    build_digests(db.engine, settings, as_of=EPOCH, now=now)
    with read_session(db.engine) as session:
        rows = session.execute(select(OutboxMessage.recipient, OutboxMessage.message_id))
        return dict(rows.all())


def statuses(db) -> Counter[str]:
    with read_session(db.engine) as session:
        return Counter(session.scalars(select(OutboxMessage.status)))


def smtp_transport(sink, connections: int = 4) -> SmtpTransport:
    config = SmtpConfig.from_url(
        sink.url, sender="fundwatch@fundwatch.example.org", local_hostname="fw.test"
    )
    return SmtpTransport(config, max_connections=connections)


def send_until_done(db, transport, tmp_path, *, seconds: float = 20.0) -> SendReport:
    """Passes of `digest send` until nothing is queued or deferred (bounded in time)."""
    total = SendReport()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        total.add(
            asyncio.run(
                send_due(
                    db.engine, transport, journal_directory=journal_dir(tmp_path), options=FAST
                )
            )
        )
        left = statuses(db)
        if not (left["queued"] or left["deferred"] or left["sending"]):
            return total
        time.sleep(0.06)
    raise AssertionError(f"still not delivered after {seconds}s: {statuses(db)}")


def test_file_delivery_writes_every_digest_and_marks_it_sent(db, settings, tmp_path) -> None:
    expected = queue_digests(db, settings, 12)
    transport = FileTransport(tmp_path / "outbox")
    report = asyncio.run(
        send_due(db.engine, transport, journal_directory=journal_dir(tmp_path), options=FAST)
    )
    assert (report.sent, report.deferred, report.failed) == (12, 0, 0)
    assert statuses(db) == Counter({"sent": 12})
    names = sorted(p.name for p in (tmp_path / "outbox").iterdir())
    assert len(names) == 12 and all(name.endswith(".eml") for name in names)
    assert not list(journal_dir(tmp_path).iterdir())  # the journal is gone once recorded
    again = asyncio.run(
        send_due(db.engine, transport, journal_directory=journal_dir(tmp_path), options=FAST)
    )
    assert again.sent == 0 and len(expected) == 12


def test_every_recipient_gets_one_digest_despite_server_faults(
    db, settings, tmp_path, smtp_sink
) -> None:
    expected = queue_digests(db, settings, 40)
    refused = {"member003@example.org", "member017@example.org"}
    smtp_sink.set_faults(rcpt_421=0.2, data_421=0.1, drop_after_data=0.1, refuse=refused, seed=5)
    send_until_done(db, smtp_transport(smtp_sink), tmp_path)
    counts = smtp_sink.count_by_message_id()
    for recipient, message_id in expected.items():
        if recipient in refused:
            assert counts[message_id] == 0
        else:
            assert counts[message_id] >= 1, recipient
    duplicates = sum(counts.values()) - len(counts)
    assert duplicates <= smtp_sink.injected["drop_after_data"]
    assert smtp_sink.injected["rcpt_421"] and smtp_sink.injected["data_421"]
    assert statuses(db) == Counter({"sent": 38, "failed": 2})
    with read_session(db.engine) as session:
        bouncing = set(session.scalars(select(Contact.email).where(Contact.bounce_state == "hard")))
    assert bouncing == refused


def test_a_server_down_for_a_while_delays_but_loses_nothing(
    db, settings, tmp_path, smtp_sink
) -> None:
    expected = queue_digests(db, settings, 15)
    smtp_sink.stop()
    transport = smtp_transport(smtp_sink)
    down = asyncio.run(
        send_due(db.engine, transport, journal_directory=journal_dir(tmp_path), options=FAST)
    )
    assert down.deferred == 15 and down.sent == 0
    smtp_sink.start()
    send_until_done(db, transport, tmp_path)
    assert smtp_sink.count_by_message_id() == Counter({mid: 1 for mid in expected.values()})
    with read_session(db.engine) as session:
        attempts = set(session.scalars(select(OutboxMessage.attempts)))
    assert min(attempts) >= 2  # the Message-ID survived the retry (checked above)


def test_a_dead_senders_journal_counts_as_sent_and_its_claims_are_freed(
    db, settings, tmp_path, smtp_sink
) -> None:
    expected = queue_digests(db, settings, 6)
    with write_session(db.engine) as session:
        claimed = outbox.claim_due(
            session=session, worker="dead-1", now=EPOCH_TIME, limit=10, lease=timedelta(hours=1)
        )
    journal = journal_dir(tmp_path)
    journal.mkdir(parents=True)
    delivered = [item.id for item in claimed[:2]]  # the dead sender got these out
    (journal / "dead-1.sent").write_bytes(b"".join(b"%d\n" % i for i in delivered))
    report = asyncio.run(
        send_due(db.engine, smtp_transport(smtp_sink), journal_directory=journal, options=FAST)
    )
    assert (report.recovered, report.sent) == (2, 4)  # no wait for the hour-long lease
    assert statuses(db) == Counter({"sent": 6})
    resent = {item.message_id for item in claimed[2:]}
    assert set(smtp_sink.count_by_message_id()) == resent
    assert len(expected) == 6 and not list(journal.iterdir())


def test_a_live_senders_journal_is_left_alone(db, tmp_path) -> None:
    from notifier.journal import SentJournal, orphaned_journals

    directory = journal_dir(tmp_path)
    live = SentJournal(directory, "alive")
    live.append(7)
    assert list(orphaned_journals(directory)) == []
    if os.name == "posix":  # a second open file description of the same file is its own lock
        assert (directory / "alive.sent").exists()
    live.close()
    assert not (directory / "alive.sent").exists()


def test_send_loop_stops_when_asked(db, settings, tmp_path) -> None:
    queue_digests(db, settings, 3)
    transport = FileTransport(tmp_path / "outbox")

    async def run() -> SendReport:
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(0.5, stop.set)
        return await send_loop(
            db.engine,
            transport,
            journal_directory=journal_dir(tmp_path),
            interval=0.1,
            stop=stop,
            options=FAST,
        )

    started = time.monotonic()
    total = asyncio.run(run())
    assert total.sent == 3 and time.monotonic() - started < 5


def test_a_digest_is_not_sent_to_a_contact_who_left_after_the_build(db, settings, tmp_path) -> None:
    expected = queue_digests(db, settings, 3)
    with write_session(db.engine) as session:
        session.execute(
            update(Contact)
            .where(Contact.email == "member001@example.org")
            .values(unsubscribed_at=EPOCH_TIME)
        )
    transport = FileTransport(tmp_path / "outbox")
    report = asyncio.run(
        send_due(db.engine, transport, journal_directory=journal_dir(tmp_path), options=FAST)
    )
    assert (report.sent, report.skipped) == (2, 1)
    assert statuses(db) == Counter({"sent": 2, "failed": 1})
    written = {p.name for p in (tmp_path / "outbox").iterdir()}
    assert len(written) == 2 and len(expected) == 3
