"""The scheduler process (issue 7): every job of fundwatch on its schedule, one process.

`fundwatch scheduler` runs APScheduler 3.x with its job store in the service's database, and
refuses to start while another scheduler holds the lock (models/ops.py). Jobs are thin: each
calls the function the CLI calls (crawls start a fresh process, or a Scrapyd job). SIGTERM
or SIGINT sets a stop event: each job finishes the unit in hand (the message being sent,
the page being stored: crawl children get SIGTERM, which Scrapy handles so) and returns;
then the process exits 0.

`fundwatch run` supervises two children, `fundwatch scheduler` and `fundwatch serve`:
a crashed child is restarted with backoff, SIGTERM/SIGINT is passed to both, and it exits
when both have stopped.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_RUNNING, STATE_STOPPED
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine, func, select, update

from crawlers.classify import ClassifyOutcome, classify_enabled, classify_now
from crawlers.dispatch import (
    JOB_OPTIONS,
    dispatch_crawl,
    same_trigger,
    sync_crawl_jobs,
)
from models.db import make_engine, read_session, write_session
from models.logs import configure_logging
from models.ops import (
    SchedulerLock,
    SchedulerLockHeld,
    beat,
    corrections_as_training,
    ensure_ops_tables,
    process_label,
    prune_crawl_runs,
    refresh_call_statuses,
)
from models.processes import FUNDWATCH_ARGV, child_environment, run_child, supervise
from models.settings import Settings
from models.source import Source

log = logging.getLogger("fundwatch.scheduler")

CRAWL_WORKERS = 4  # crawl processes at once on one machine (about 220 MB each)
LOCK_CHECK_S = 15.0


@dataclass(frozen=True)
class JobSpec:
    """A fixed job: its id, the module-level function it runs, its trigger, its grace."""

    id: str
    func: str
    trigger: Callable[[ZoneInfo], BaseTrigger]
    grace_s: int
    args: tuple[Any, ...] = ()

    @property
    def ref(self) -> str:
        return f"scheduler:{self.func}"


def _every(minutes: int) -> Callable[[ZoneInfo], BaseTrigger]:
    return lambda zone: IntervalTrigger(minutes=minutes, timezone=zone)


def _cron(**fields: Any) -> Callable[[ZoneInfo], BaseTrigger]:
    return lambda zone: CronTrigger(timezone=zone, **fields)


HOUR = 3600
# A job that missed its time (scheduler down) still runs once if it is within its grace.
FIXED_JOBS: list[JobSpec] = [
    JobSpec("sync-sources", "sync_sources_job", _every(1), 50),
    JobSpec("heartbeat", "heartbeat_job", _every(1), 50),
    JobSpec("digest-daily", "digest_job", _cron(hour=7), 6 * HOUR, ("daily",)),
    JobSpec(
        "digest-weekly", "digest_job", _cron(day_of_week="mon", hour=7), 12 * HOUR, ("weekly",)
    ),
    JobSpec("digest-monthly", "digest_job", _cron(day=1, hour=7), 24 * HOUR, ("monthly",)),
    JobSpec("outbox-retry", "outbox_job", _every(5), 4 * 60),
    JobSpec("source-health", "source_health_job", _every(10), 9 * 60),
    JobSpec("classify-pending", "classify_job", _every(10), 9 * 60),
    JobSpec("health-summary", "health_summary_job", _cron(day_of_week="mon", hour=8), 12 * HOUR),
    JobSpec("offers", "offers_job", _cron(hour=6, minute=30), 12 * HOUR),
    JobSpec("retrain", "retrain_job", _cron(hour=2, minute=30), 4 * HOUR),
    JobSpec("housekeeping", "housekeeping_job", _cron(hour=3, minute=30), 12 * HOUR),
    JobSpec("purge-signups", "purge_signups_job", _cron(hour=3, minute=45), 12 * HOUR),
]
CLASSIFY_ROUNDS = 5  # classifier runs one request may chain (each asked while one ran)


# -- what the jobs run with -----------------------------------------------------------------------


@dataclass
class Runtime:
    """The process-wide context of the jobs. The job store pickles each job as a reference
    to a module-level function and its arguments, never the settings (they hold secrets)."""

    settings: Settings
    engine: Engine
    stop: threading.Event = field(default_factory=threading.Event)
    scheduler: BackgroundScheduler | None = None
    holder: str = field(default_factory=process_label)
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # One classifying process at a time; a request made while one runs asks for one more run.
    classify_lock: threading.Lock = field(default_factory=threading.Lock)
    classify_wanted: threading.Event = field(default_factory=threading.Event)

    def now(self) -> datetime:
        return datetime.now(UTC)


_RUNTIME: Runtime | None = None


def runtime() -> Runtime:
    if _RUNTIME is None:
        raise RuntimeError("scheduler jobs run inside `fundwatch scheduler` only")
    return _RUNTIME


def set_runtime(value: Runtime | None) -> None:
    global _RUNTIME
    _RUNTIME = value


def _job(body: Callable[..., Any]) -> Callable[..., None]:
    """A job entry point: skip when stopping, log the outcome, never raise into APScheduler."""
    name = body.__name__

    def entry(*args: Any) -> None:
        rt = runtime()
        if rt.stop.is_set():
            return
        started = time.monotonic()
        try:
            result = body(rt, *args)
        except Exception:
            log.exception("job failed", extra={"job": name, "job_args": list(args)})
            return
        if result:  # quiet jobs (a heartbeat, a sync with no change) return nothing
            seconds = round(time.monotonic() - started, 3)
            log.info(
                "job done",
                extra={"job": name, "job_args": list(args), "result": result, "seconds": seconds},
            )

    entry.__name__ = entry.__qualname__ = name
    entry.__doc__ = body.__doc__
    return entry


# -- job bodies: each calls the package function the CLI calls --------------------------------


def crawl_source(rt: Runtime, key: str) -> str | None:
    """Crawl one source now (a fresh process, or Scrapyd), then tell any change of health."""
    from crawlers.context import SourceConfig
    from notifier.alerts import send_health_alerts

    with read_session(rt.engine) as session:
        row = session.scalar(select(Source).where(Source.key == key, Source.enabled.is_(True)))
        source = SourceConfig.from_row(row) if row is not None else None
    if source is None:
        log.info("crawl skipped: source removed or disabled", extra={"source": key})
        return None
    outcome = dispatch_crawl(rt.settings, source, stop=rt.stop)
    level = logging.INFO if outcome.ok else logging.WARNING
    details = {"source": key, "backend": outcome.backend, "ok": outcome.ok}
    log.log(level, "crawl dispatched", extra={**details, "detail": outcome.detail})
    send_health_alerts(rt.engine, settings=rt.settings, now=rt.now(), stop=rt.stop)
    if outcome.backend == "local" and classify_enabled():
        # As `fundwatch crawl`: the calls the crawl stored pending are classified now.
        # (A Scrapyd crawl ends later, elsewhere: the classify-pending job tags its calls.)
        classify_pending_calls(rt)
    return None


def classify_pending_calls(rt: Runtime) -> dict[str, Any] | None:
    """Classify the pending calls in a child process (`python -m crawlers.classify`).

    One such process at a time: a crawl job or the periodic job that asks while one runs
    gets one more run after it (the running one may have started before its calls were
    stored), and returns at once. None when nothing was pending.
    """
    rt.classify_wanted.set()
    runs: list[ClassifyOutcome] = []
    for _ in range(CLASSIFY_ROUNDS):
        if not rt.classify_lock.acquire(blocking=False):
            break  # the holder sees the request when its run ends
        try:
            while rt.classify_wanted.is_set() and len(runs) < CLASSIFY_ROUNDS:
                if rt.stop.is_set():
                    break
                rt.classify_wanted.clear()
                outcome = classify_now(rt.settings, stop=rt.stop)
                if outcome is None:
                    continue
                runs.append(outcome)
                level = logging.INFO if outcome.ok else logging.ERROR
                log.log(level, "calls classified", extra={"detail": outcome.summary_line()})
        finally:
            rt.classify_lock.release()
        # A request made between the last check and the release is run here.
        if not rt.classify_wanted.is_set() or rt.stop.is_set() or len(runs) >= CLASSIFY_ROUNDS:
            break
    if not runs:
        return None
    return {
        "classified": sum(r.classified for r in runs),
        "remaining": runs[-1].remaining,
        "errors": [r.error for r in runs if r.error],
    }


def purge_signups(rt: Runtime) -> dict[str, int] | None:
    """Delete web sign-ups never confirmed within a week (web.signup)."""
    from web.signup import purge_unconfirmed_signups

    with write_session(rt.engine) as session:
        purged = purge_unconfirmed_signups(session, now=rt.now())
    return {"purged": purged} if purged else None


def run_digests(rt: Runtime, frequency: str) -> dict[str, Any]:
    """Build this period's digests for contacts of `frequency` (`digest build`), then send."""
    from notifier.build import build_digests

    today = datetime.now(rt.settings.zone).date()
    built = build_digests(rt.engine, rt.settings, as_of=today, frequency=frequency)
    return {"frequency": frequency, "built": built.summary(), "sent": deliver_outbox(rt)}


def deliver_outbox(rt: Runtime) -> str | None:
    """Send queued and due deferred outbox rows (digests, offers mail, alerts): `digest send`.

    On a stop request the sender claims nothing more; what it holds is sent and recorded.
    """
    report = asyncio.run(_send_due(rt))
    return report.summary() if (report.sent or report.deferred or report.failed) else None


async def _send_due(rt: Runtime) -> Any:
    from notifier.sender import journal_dir, send_due
    from notifier.transports import transport_for

    halt = asyncio.Event()

    async def relay_stop() -> None:  # the threading.Event of signals, as the asyncio one
        while not rt.stop.is_set():
            await asyncio.sleep(0.2)
        halt.set()

    relay = asyncio.create_task(relay_stop())
    try:
        return await send_due(
            rt.engine,
            transport_for(rt.settings),
            journal_directory=journal_dir(rt.settings.data_dir),
            stop=halt,
        )
    finally:
        relay.cancel()


def source_health(rt: Runtime) -> dict[str, int] | None:
    """Re-derive health (stale moves with the clock), then mail each untold change of state."""
    from crawlers.health import refresh_states
    from notifier.alerts import send_health_alerts

    with write_session(rt.engine) as session:
        refresh_states(session, now=rt.now(), timezone=rt.settings.timezone)
    alerts = send_health_alerts(rt.engine, settings=rt.settings, now=rt.now(), stop=rt.stop)
    return {"alerts": alerts} if alerts else None


def health_summary(rt: Runtime) -> dict[str, int]:
    from notifier.alerts import queue_health_summary

    with write_session(rt.engine) as session:
        return {"queued": queue_health_summary(session, settings=rt.settings, now=rt.now())}


def offers_upkeep(rt: Runtime) -> str | None:
    """Close expired partnership offers; remind posters 7 days before expiry (issue 6)."""
    from notifier.offers import run_offer_upkeep

    today = datetime.now(rt.settings.zone).date()
    with write_session(rt.engine) as session:
        report = run_offer_upkeep(session, settings=rt.settings, as_of=today, now=rt.now())
    return report.summary() if report.had_work else None


def retrain_if_corrected(rt: Runtime) -> dict[str, Any] | None:
    """Retrain the classifier after new tag corrections: `fundwatch train --data DIR` in its
    own process, DIR holding every corrected call as a labelled record beside the shipped set.

    The corrections present when training started are marked trained once it succeeds, so
    the next night retrains only if the Taskforce corrected more.
    """
    from models.call import TagFeedback

    with read_session(rt.engine) as session:
        untrained = select(TagFeedback.id).where(TagFeedback.trained_at.is_(None))
        pending = list(session.scalars(untrained))
        records = corrections_as_training(session) if pending else []
    if not pending:
        log.info("retraining skipped: no new tag corrections")
        return None
    folder = Path(rt.settings.data_dir).resolve() / "training-corrections"
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / "taskforce.jsonl.part"
    part.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    part.replace(folder / "taskforce.jsonl")
    argv = [*FUNDWATCH_ARGV, "train", "--data", str(folder)]
    code = run_child(argv, env=child_environment(rt.settings), stop=rt.stop, timeout_s=4 * HOUR)
    if code == 0:
        with write_session(rt.engine) as session:
            session.execute(
                update(TagFeedback)
                .where(TagFeedback.id.in_(pending), TagFeedback.trained_at.is_(None))
                .values(trained_at=rt.now())
            )
    else:
        log.error("retraining failed", extra={"exit_code": code, "corrections": len(pending)})
    return {"corrections": len(pending), "calls": len(records), "exit_code": code}


def housekeeping(rt: Runtime) -> dict[str, int]:
    """Prune old crawl runs; close calls whose deadlines passed."""
    with write_session(rt.engine) as session:
        pruned = prune_crawl_runs(session, now=rt.now())
    with write_session(rt.engine) as session:
        today = datetime.now(rt.settings.zone).date()
        statuses = refresh_call_statuses(session, today=today)
    return {"runs_pruned": pruned, "calls_closed": statuses.closed, "calls_opened": statuses.opened}


def heartbeat(rt: Runtime) -> None:
    beat(rt.engine, holder=rt.holder, started_at=rt.started_at)


def sync_sources(rt: Runtime) -> str | None:
    assert rt.scheduler is not None
    report = sync_crawl_jobs(rt.scheduler, rt.engine, timezone=rt.settings.timezone, now=rt.now())
    return str(report) if report else None


crawl_job = _job(crawl_source)
sync_sources_job = _job(sync_sources)
heartbeat_job = _job(heartbeat)
digest_job = _job(run_digests)
outbox_job = _job(deliver_outbox)
source_health_job = _job(source_health)
health_summary_job = _job(health_summary)
offers_job = _job(offers_upkeep)
retrain_job = _job(retrain_if_corrected)
housekeeping_job = _job(housekeeping)
classify_job = _job(classify_pending_calls)
purge_signups_job = _job(purge_signups)


# -- building and running the scheduler ---------------------------------------------------------


class GuardedScheduler(BackgroundScheduler):
    """APScheduler 3's BackgroundScheduler, with no pass over the jobs unless running.

    A wakeup already pending when pause() or shutdown() begins makes APScheduler 3.11 run
    one more pass; a job due then is handed to a stopped executor, fails, and is moved to
    its next time anyway: a daily digest would be skipped for a day.
    """

    def _process_jobs(self) -> float | None:
        if self.state != STATE_RUNNING:
            return None
        return super()._process_jobs()  # type: ignore[no-any-return]


def stop_scheduler(scheduler: BackgroundScheduler, *, wait: bool) -> None:
    """Pause, let a pass already under way end (it holds the job stores' lock), shut down;
    with `wait`, after the jobs in hand have finished."""
    if scheduler.state == STATE_STOPPED:
        return
    scheduler.pause()
    with scheduler._jobstores_lock:  # private, but no public way to wait for the pass
        pass
    scheduler.shutdown(wait=wait)


def build_scheduler(
    settings: Settings, *, engine: Engine, persistent: bool = True, now: datetime | None = None
) -> BackgroundScheduler:
    """A started but paused scheduler holding every fixed job and one crawl job per source.

    The caller resumes it. A stored job whose definition is unchanged is kept as stored, so
    a run missed while the scheduler was down still fires once (coalesced) within its grace.
    """
    jobstore: Any = MemoryJobStore()
    if persistent:
        # Its own engine: the job store disposes of it at shutdown.
        jobstore = SQLAlchemyJobStore(engine=make_engine(settings.resolved_database_url))
    scheduler = GuardedScheduler(
        jobstores={"default": jobstore},
        executors={"default": ThreadPoolExecutor(4), "crawls": ThreadPoolExecutor(CRAWL_WORKERS)},
        timezone=settings.zone,
    )
    scheduler.start(paused=True)
    for spec in FIXED_JOBS:
        trigger = spec.trigger(settings.zone)
        stored = scheduler.get_job(spec.id)
        if (
            stored is not None
            and stored.func_ref == spec.ref
            and tuple(stored.args) == spec.args
            and stored.misfire_grace_time == spec.grace_s
            and same_trigger(stored.trigger, trigger)
        ):
            continue
        scheduler.add_job(
            spec.ref,
            trigger=trigger,
            args=spec.args,
            id=spec.id,
            name=spec.id,
            misfire_grace_time=spec.grace_s,
            **JOB_OPTIONS,
        )
    report = sync_crawl_jobs(
        scheduler, engine, timezone=settings.timezone, now=now or datetime.now(UTC)
    )
    if report:
        log.info("crawl jobs synced", extra={"changes": str(report)})
    return scheduler


def load_default_catalogue_if_empty(engine: Engine) -> int:
    """A fresh install watches the shipped catalogue (conventions §1)."""
    from crawlers.sourcefile import default_catalogue_text, parse_sources, upsert_sources

    with write_session(engine) as session:
        if session.scalar(select(func.count()).select_from(Source)):
            return 0
        entries, errors = parse_sources(default_catalogue_text())
        for error in errors:
            log.error("default catalogue entry rejected", extra={"error": error})
        return upsert_sources(session, entries).created


def run_scheduler(
    settings: Settings, engine: Engine, *, stop: threading.Event | None = None
) -> int:
    """Run until SIGTERM/SIGINT (or `stop`); 1 if another scheduler holds the lock."""
    lock = SchedulerLock(engine, data_dir=settings.data_dir)
    try:
        lock.acquire()
    except SchedulerLockHeld as exc:
        click.echo(f"error: {exc}", err=True)
        return 1
    rt = Runtime(settings=settings, engine=engine, stop=stop or threading.Event())
    _install_signal_handlers(rt.stop)
    exit_code = 0
    try:
        ensure_ops_tables(engine)
        loaded = load_default_catalogue_if_empty(engine)
        if loaded:
            log.info("default catalogue loaded", extra={"sources": loaded})
        rt.scheduler = build_scheduler(settings, engine=engine)
        set_runtime(rt)
        heartbeat(rt)
        rt.scheduler.resume()
        log.info(
            "scheduler started",
            extra={
                "holder": rt.holder,
                "timezone": settings.timezone,
                "crawl_backend": settings.crawl_backend,
            },
        )
        while not rt.stop.wait(LOCK_CHECK_S):
            if not lock.still_held():
                log.error("scheduler lock lost (database connection closed); stopping")
                exit_code = 1
                rt.stop.set()
        log.info("scheduler stopping: finishing the work in hand")
        stop_scheduler(rt.scheduler, wait=True)
        log.info("scheduler stopped")
    finally:
        set_runtime(None)
        lock.release()
    return exit_code


def _install_signal_handlers(stop: threading.Event) -> None:
    """First SIGTERM/SIGINT: stop after the work in hand. Only the main thread gets signals."""
    if threading.current_thread() is not threading.main_thread():
        return

    def handle(signum: int, _frame: Any) -> None:
        log.info("signal received", extra={"signal": signal.Signals(signum).name})
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


# -- commands -----------------------------------------------------------------------------------


@click.command("scheduler")
@click.option(
    "--list",
    "list_jobs",
    is_flag=True,
    help="Print every job and its next run time, then exit (takes no lock).",
)
@click.pass_obj
def scheduler_command(state: Any, list_jobs: bool) -> None:
    """Run every scheduled job (crawls, digests, alerts, housekeeping) until SIGTERM."""
    settings: Settings = state.settings
    engine = state.engine()
    # After the migration check: a refused second scheduler prints one line, not a log.
    configure_logging(settings.log_level)
    if list_jobs:
        _print_jobs(settings, engine)
        return
    sys.exit(run_scheduler(settings, engine))


def _print_jobs(settings: Settings, engine: Engine) -> None:
    """The jobs as stored (what the running scheduler follows), else as a start would make them."""
    stored = GuardedScheduler(
        jobstores={
            "default": SQLAlchemyJobStore(engine=make_engine(settings.resolved_database_url))
        },
        timezone=settings.zone,
    )
    stored.start(paused=True)  # paused: reads the store, runs nothing
    jobs = stored.get_jobs()
    stop_scheduler(stored, wait=False)
    planned = None
    if not jobs:
        click.echo("no scheduler has run on this database yet; a start would schedule:")
        planned = build_scheduler(settings, engine=engine, persistent=False)
        jobs = planned.get_jobs()
    for job in sorted(jobs, key=lambda j: (j.next_run_time is None, j.next_run_time, j.id)):
        when = "paused"
        if job.next_run_time is not None:
            when = job.next_run_time.astimezone(settings.zone).strftime("%Y-%m-%d %H:%M %Z")
        click.echo(f"{job.id:<40} next {when:<24} {job.trigger}")
    if planned is not None:
        stop_scheduler(planned, wait=False)


@click.command("run")
@click.pass_obj
def run_command(state: Any) -> None:
    """Run the scheduler and the web server, each in its own supervised process."""
    settings: Settings = state.settings
    state.engine()  # migrate once here, not in both children at the same moment
    configure_logging(settings.log_level)
    children = [("scheduler", [*FUNDWATCH_ARGV, "scheduler"]), ("web", [*FUNDWATCH_ARGV, "serve"])]
    sys.exit(supervise(children, env=child_environment(settings)))
