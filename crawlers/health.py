"""Source health: failing, empty, stale; and which sources are due for a crawl.

- **failing**: the last 3 runs failed (nothing could be fetched: unreachable, HTTP errors).
- **empty**: the last run worked but found no call, where an earlier run found some
  (a broken selector, a moved page). A run answered by 304s found nothing new but is not
  empty: what the page listed is unchanged.
- **stale**: no successful run for 3 of the source's schedule intervals (a crawl that does
  not happen at all, or keeps failing less often than 3 times in a row).
- **ok** otherwise; **new** before the first successful run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawlers.schedule import parse_schedule, schedule_interval
from models.source import CrawlRun, Source

FAILING_AFTER = 3
STALE_AFTER_INTERVALS = 3
# A run may start a little early (the scheduler's tick, a slow previous crawl).
DUE_TOLERANCE = timedelta(minutes=1)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def record_run(
    session: Session, source: Source, run: CrawlRun, *, now: datetime, timezone: str = "UTC"
) -> str:
    """Update the source's health after `run`; returns its new state."""
    source.last_run_at = now
    if run.status == "failed":
        source.consecutive_failures = (source.consecutive_failures or 0) + 1
        source.last_error_at = now
        source.last_error = run.error or "failed"
    else:
        source.consecutive_failures = 0
        source.last_success_at = now
    source.state = health_state(session, source, run, now=now, timezone=timezone)
    return source.state


def health_state(
    session: Session,
    source: Source,
    last_run: CrawlRun | None,
    *,
    now: datetime,
    timezone: str = "UTC",
) -> str:
    if (source.consecutive_failures or 0) >= FAILING_AFTER:
        return "failing"
    if last_run is not None and last_run.status == "ok" and _is_empty(session, source, last_run):
        return "empty"
    if is_stale(source, now=now, timezone=timezone):
        return "stale"
    if source.last_success_at is None:
        return "new"
    return "ok"


def _is_empty(session: Session, source: Source, run: CrawlRun) -> bool:
    if run.items_seen or run.http_304:
        return False
    earlier = session.scalar(
        select(CrawlRun.id)
        .where(
            CrawlRun.source_id == source.id,
            CrawlRun.id != run.id,
            CrawlRun.status == "ok",
            CrawlRun.items_seen > 0,
        )
        .limit(1)
    )
    return earlier is not None


def is_stale(source: Source, *, now: datetime, timezone: str = "UTC") -> bool:
    """No success for 3 of its intervals (counted from its creation if it never succeeded)."""
    try:
        interval = schedule_interval(source.schedule, timezone=timezone, now=now)
    except ValueError:
        return False
    reference = _aware(source.last_success_at) or _aware(source.created_at)
    if reference is None:
        return False
    return now - reference > STALE_AFTER_INTERVALS * interval


def refresh_states(
    session: Session, *, now: datetime, timezone: str = "UTC"
) -> list[tuple[str, str, str]]:
    """Re-derive every enabled source's state (staleness moves with the clock, not with runs).

    Returns (key, old state, new state) for each source whose state changed.
    """
    changed: list[tuple[str, str, str]] = []
    for source in session.scalars(select(Source).where(Source.enabled.is_(True))):
        last = session.scalar(
            select(CrawlRun)
            .where(CrawlRun.source_id == source.id, CrawlRun.finished_at.is_not(None))
            .order_by(CrawlRun.id.desc())
            .limit(1)
        )
        state = health_state(session, source, last, now=now, timezone=timezone)
        if state != source.state:
            changed.append((source.key, source.state, state))
            source.state = state
    return changed


def is_due(source: Source, *, now: datetime, timezone: str = "UTC") -> bool:
    """Enabled, and never run, or its schedule's next time after the last run has come."""
    if not source.enabled:
        return False
    last = _aware(source.last_run_at)
    if last is None:
        return True
    try:
        trigger = parse_schedule(source.schedule, timezone=timezone)
    except ValueError:
        return False
    from apscheduler.triggers.interval import IntervalTrigger

    if isinstance(trigger, IntervalTrigger):
        next_time = last + trigger.interval
    else:
        fire = trigger.get_next_fire_time(None, last + timedelta(seconds=1))
        if fire is None:
            return False
        next_time = fire
    return now + DUE_TOLERANCE >= next_time


def due_sources(session: Session, *, now: datetime, timezone: str = "UTC") -> list[Source]:
    rows = session.scalars(select(Source).where(Source.enabled.is_(True)).order_by(Source.key))
    return [s for s in rows if is_due(s, now=now, timezone=timezone)]


def keys_of(sources: Iterable[Source]) -> list[str]:
    return [s.key for s in sources]
