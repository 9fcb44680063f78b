"""`digest send`: deliver the due outbox messages through a transport, and record each result.

One pass (`send_due`) claims due messages in batches and hands them to as many connection
workers as the transport allows; each worker sends one message at a time over its own
reused connection. Accepted messages go to the sender's journal at once and to the
database in batches (see notifier/journal.py); deferred and failed ones are recorded in the
same batches. The pass ends when nothing is due any more (messages deferred during the pass
wait for their backoff), or when `stop` is set: claimed messages are still sent and
recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import Engine

from models.base import utcnow
from models.db import write_session
from notifier import outbox
from notifier.journal import SentJournal, orphaned_journals
from notifier.outbox import Delivery, Outgoing, RetryPolicy
from notifier.transports import Transport

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class SendOptions:
    batch: int = 100
    lease: timedelta = timedelta(minutes=5)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    # Results are written to the outbox this often (seconds), in one transaction.
    flush_interval: float = 0.25


@dataclass
class SendReport:
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    skipped: int = 0
    recovered: int = 0
    seconds: float = 0.0

    def add(self, other: SendReport) -> None:
        self.sent += other.sent
        self.deferred += other.deferred
        self.failed += other.failed
        self.skipped += other.skipped
        self.recovered += other.recovered
        self.seconds += other.seconds

    def summary(self) -> str:
        rate = self.sent / self.seconds if self.seconds else 0.0
        skipped = f", {self.skipped} no longer wanted" if self.skipped else ""
        return (
            f"{self.sent} sent, {self.deferred} deferred, {self.failed} failed{skipped} "
            f"in {self.seconds:.1f}s ({rate:.0f}/s)"
        )


def new_worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"


def journal_dir(data_dir: Path) -> Path:
    return data_dir / "outbox-journal"


def recover_dead_senders(engine: Engine, directory: Path, *, now: datetime) -> int:
    """Record what dead senders on this machine delivered, and free what they still held."""
    recovered = 0
    for worker, ids in orphaned_journals(directory):
        with write_session(engine) as session:
            recovered += outbox.record_sent(session=session, ids=ids, now=now)
            outbox.release_worker(session=session, worker=worker, now=now)
    return recovered


class _Recorder:
    """Collects results and writes them to the outbox in batches, off the event loop."""

    def __init__(self, engine: Engine, worker: str, options: SendOptions, clock: Clock) -> None:
        self.engine, self.worker, self.options, self.clock = engine, worker, options, clock
        self.sent: list[int] = []
        self.other: list[tuple[Outgoing, Delivery]] = []
        self.report = SendReport()
        self._lock = asyncio.Lock()

    def add(self, item: Outgoing, delivery: Delivery) -> None:
        if delivery.status == "sent":
            self.sent.append(item.id)
            self.report.sent += 1
        else:
            self.other.append((item, delivery))
            setattr(self.report, delivery.status, getattr(self.report, delivery.status) + 1)

    async def flush(self) -> None:
        async with self._lock:
            sent, self.sent = self.sent, []
            other, self.other = self.other, []
            if sent or other:
                await asyncio.to_thread(self._write, sent, other)

    def _write(self, sent: list[int], other: list[tuple[Outgoing, Delivery]]) -> None:
        now = self.clock()
        with write_session(self.engine) as session:
            outbox.record_sent(session=session, ids=sent, now=now)
            outbox.record_failures(
                session=session,
                worker=self.worker,
                results=other,
                now=now,
                retry=self.options.retry,
            )


async def send_due(
    engine: Engine,
    transport: Transport,
    *,
    journal_directory: Path,
    options: SendOptions | None = None,
    worker: str | None = None,
    clock: Clock = utcnow,
    stop: asyncio.Event | None = None,
) -> SendReport:
    """Deliver every message due now; returns what happened."""
    options = options or SendOptions()
    worker = worker or new_worker_name()
    started = time.perf_counter()
    recovered = await asyncio.to_thread(
        recover_dead_senders, engine, journal_directory, now=clock()
    )
    journal = SentJournal(journal_directory, worker)
    recorder = _Recorder(engine, worker, options, clock)
    connections = max(1, transport.max_connections)
    queue: asyncio.Queue[Outgoing | None] = asyncio.Queue(maxsize=options.batch)

    def claim() -> tuple[int, list[Outgoing]]:
        with write_session(engine) as session:
            claimed = outbox.claim_due(
                session=session,
                worker=worker,
                now=clock(),
                limit=options.batch,
                lease=options.lease,
            )
            wanted = outbox.drop_unwanted(session=session, claimed=claimed, worker=worker)
            return len(claimed), wanted

    async def produce() -> None:
        try:
            while stop is None or not stop.is_set():
                count, wanted = await asyncio.to_thread(claim)
                if not count:
                    break
                recorder.report.skipped += count - len(wanted)
                for item in wanted:
                    await queue.put(item)
        finally:
            for _ in range(connections):
                await queue.put(None)

    async def deliver_all() -> None:
        async with transport.connection() as connection:
            while (item := await queue.get()) is not None:
                delivery = await connection.deliver(item, partial(journal.append, item.id))
                recorder.add(item, delivery)

    async def flush_regularly() -> None:
        while True:
            await asyncio.sleep(options.flush_interval)
            await recorder.flush()

    flusher = asyncio.create_task(flush_regularly())
    try:
        await asyncio.gather(produce(), *(deliver_all() for _ in range(connections)))
    finally:
        flusher.cancel()
        await recorder.flush()
    journal.close()
    report = recorder.report
    report.recovered = recovered
    report.seconds = time.perf_counter() - started
    return report


async def send_loop(
    engine: Engine,
    transport: Transport,
    *,
    journal_directory: Path,
    interval: float,
    stop: asyncio.Event,
    options: SendOptions | None = None,
    on_pass: Callable[[SendReport], None] | None = None,
) -> SendReport:
    """`send_due` again every `interval` seconds until `stop` is set."""
    total = SendReport()
    while not stop.is_set():
        report = await send_due(
            engine, transport, journal_directory=journal_directory, options=options, stop=stop
        )
        total.add(report)
        if on_pass is not None and (report.sent or report.deferred or report.failed):
            on_pass(report)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
    return total
