"""Operations data: the one-scheduler lock, the scheduler heartbeat, and housekeeping queries.

The heartbeat lives in `fundwatch_locks`, a table that is not a model: it is created here on
first use (outside Alembic; models/migrations/env.py leaves it out of autogenerate), so a
web worker on another machine can tell from the database alone whether a scheduler is alive.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from models.base import UTCDateTime, utcnow
from models.call import Call, TagFeedback
from models.source import CrawlRun

OPS_METADATA = MetaData()
locks_table = Table(
    "fundwatch_locks",
    OPS_METADATA,
    Column("name", String(100), primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("started_at", UTCDateTime(), nullable=False),
    Column("heartbeat_at", UTCDateTime(), nullable=False),
)
SCHEDULER = "scheduler"
# pg advisory locks are keyed by a bigint within one database; derive ours from a name.
ADVISORY_KEY = int.from_bytes(hashlib.sha1(b"fundwatch-scheduler").digest()[:8], "big", signed=True)


def process_label() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def ensure_ops_tables(engine: Engine) -> None:
    OPS_METADATA.create_all(engine, checkfirst=True)


# -- the one-scheduler lock -----------------------------------------------------------------------


class SchedulerLockHeld(RuntimeError):
    """Another scheduler holds the lock; the message is one line for the operator."""


class SchedulerLock:
    """Held for the life of a scheduler process; released by the OS or server if it dies.

    PostgreSQL: a session advisory lock on a dedicated connection (a crashed scheduler's
    connection closes and the lock goes with it). SQLite: an flock on a file next to the
    database file, so two schedulers with different DATA_DIRs but one database still
    exclude each other; the kernel drops it when the process dies.
    """

    def __init__(self, engine: Engine, *, data_dir: Path) -> None:
        self.engine = engine
        self.data_dir = data_dir
        self._conn: Connection | None = None
        self._file: IO[str] | None = None

    @property
    def lock_path(self) -> Path:
        database = make_url(str(self.engine.url)).database
        if database and database != ":memory:":
            return Path(database).with_name(Path(database).name + ".scheduler-lock")
        return self.data_dir / "scheduler.lock"

    def acquire(self) -> None:
        if self.engine.dialect.name == "postgresql":
            self._acquire_advisory()
        else:
            self._acquire_file()

    def _acquire_advisory(self) -> None:
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        got = conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY})
        if not got:
            conn.close()
            raise SchedulerLockHeld(
                f"another scheduler is running on this database ({describe_holder(self.engine)})"
            )
        self._conn = conn

    def _acquire_file(self) -> None:
        path = self.lock_path
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held for the process life)
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown process"
            handle.close()
            raise SchedulerLockHeld(
                f"another scheduler is running on this database ({holder}; lock {path})"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(process_label() + "\n")
        handle.flush()
        self._file = handle

    def still_held(self) -> bool:
        """False when the lock's connection died (the server restarted): stop, do not run twice."""
        if self._conn is None:
            return self._file is not None
        try:
            self._conn.execute(text("SELECT 1"))
        except DBAPIError:
            return False
        return True

    def release(self) -> None:
        if self._conn is not None:
            with suppress(DBAPIError):  # a dead connection took the lock with it
                self._conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
            self._conn.close()
            self._conn = None
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def scheduler_lock_is_free(engine: Engine, *, data_dir: Path) -> bool:
    """Whether no scheduler holds the lock now (restore refuses to run under one)."""
    probe = SchedulerLock(engine, data_dir=data_dir)
    try:
        probe.acquire()
    except SchedulerLockHeld:
        return False
    probe.release()
    return True


# -- heartbeat -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heartbeat:
    holder: str
    started_at: datetime
    heartbeat_at: datetime

    def age(self, now: datetime) -> timedelta:
        return now - self.heartbeat_at


def beat(engine: Engine, *, holder: str, started_at: datetime, now: datetime | None = None) -> None:
    """Record that the scheduler `holder` is alive (it holds the lock: no writer races it)."""
    moment = now or utcnow()
    values = {"holder": holder, "started_at": started_at, "heartbeat_at": moment}
    with engine.begin() as conn:
        done = conn.execute(
            locks_table.update().where(locks_table.c.name == SCHEDULER).values(**values)
        )
        if done.rowcount == 0:
            conn.execute(locks_table.insert().values(name=SCHEDULER, **values))


def last_heartbeat(engine: Engine) -> Heartbeat | None:
    """The scheduler's last heartbeat; None if no scheduler ever ran on this database."""
    try:
        with engine.connect() as conn:
            row = conn.execute(
                select(
                    locks_table.c.holder, locks_table.c.started_at, locks_table.c.heartbeat_at
                ).where(locks_table.c.name == SCHEDULER)
            ).first()
    except DBAPIError:  # the table does not exist yet
        return None
    return Heartbeat(*row) if row else None


def describe_holder(engine: Engine) -> str:
    beat_ = last_heartbeat(engine)
    if beat_ is None:
        return "holder unknown"
    return f"{beat_.holder}, last heartbeat {beat_.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC"


# -- housekeeping ------------------------------------------------------------------------------


def prune_crawl_runs(
    session: Session, *, now: datetime, keep_days: int = 90, keep_last: int = 10
) -> int:
    """Delete crawl runs older than `keep_days`, keeping each source's `keep_last` newest.

    The newest runs stay whatever their age, so a source crawled monthly still shows its
    history and health. Deleted in batches so SQLite writers are never blocked for long.
    """
    cutoff = now - timedelta(days=keep_days)
    rank = (
        func.row_number()
        .over(
            partition_by=CrawlRun.source_id,
            order_by=(CrawlRun.started_at.desc(), CrawlRun.id.desc()),
        )
        .label("rank")
    )
    ranked = select(CrawlRun.id, CrawlRun.started_at, rank.label("rank")).subquery()
    doomed = select(ranked.c.id).where(ranked.c.rank > keep_last, ranked.c.started_at < cutoff)
    deleted = 0
    for _batch in range(1000):  # bounded: 1000 batches of 2000 rows
        ids = list(session.scalars(doomed.limit(2000)))
        if not ids:
            break
        session.execute(CrawlRun.__table__.delete().where(CrawlRun.id.in_(ids)))
        session.flush()
        deleted += len(ids)
    return deleted


@dataclass
class StatusRefresh:
    closed: int = 0
    opened: int = 0
    checked: int = 0


def refresh_call_statuses(session: Session, *, today: date, batch: int = 500) -> StatusRefresh:
    """Close calls whose every deadline passed; open forthcoming calls whose day came.

    Uses Call.refresh_status, the same rule the crawler and import apply. A call whose next
    deadline passed but has a later cut-off stays open with the later one as next deadline.
    """
    report = StatusRefresh()
    due = select(Call.id).where(
        Call.status.in_(("open", "forthcoming")),
        (Call.next_deadline < today)
        | ((Call.status == "forthcoming") & (Call.opening_date <= today)),
    )
    ids = list(session.scalars(due.order_by(Call.id)))
    for start in range(0, len(ids), batch):
        for call in session.scalars(select(Call).where(Call.id.in_(ids[start : start + batch]))):
            before = call.status
            after = call.refresh_status(today=today)
            report.checked += 1
            if before != after and after == "closed":
                report.closed += 1
            elif before == "forthcoming" and after == "open":
                report.opened += 1
        session.flush()
    return report


# -- training data from the Taskforce's tag corrections -----------------------------------------


def corrections_as_training(session: Session) -> list[dict[str, Any]]:
    """Each call the Taskforce corrected, as a labelled record (matcher/training/FORMAT.md).

    The gold is the call's tags as they stand: the corrected fields as the Taskforce set
    them, the others as the Taskforce saw them and left them.
    """
    corrected = select(TagFeedback.call_id).distinct()
    records = []
    for call in session.scalars(select(Call).where(Call.id.in_(corrected)).order_by(Call.id)):
        records.append(
            {
                "id": f"taskforce-{call.public_id}",
                "group": call.programme or call.funder or "taskforce-corrections",
                "title": call.title,
                "description": call.description_html or call.description_text,
                "url": call.url,
                "funder": call.funder,
                "gold": {
                    "language": call.language,
                    "themes": sorted(call.themes or []),
                    "applicant_types": sorted(call.applicant_types or []),
                    "countries": sorted(call.countries or []),
                    "deadline": call.next_deadline.isoformat() if call.next_deadline else None,
                    "max_amount_eur": call.max_amount_eur,
                    "funding_type": call.funding_type or "grant",
                    "partnership_required": bool(call.partnership_required),
                    "cross_border": bool(call.cross_border),
                },
            }
        )
    return records
