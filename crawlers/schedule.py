"""Source schedules: `every <n><m|h|d|w>` or a 5-field cron string, in TIMEZONE."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

_EVERY = re.compile(r"^every\s+(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_schedule(text: str, *, timezone: str = "UTC") -> BaseTrigger:
    """An APScheduler trigger for a schedule string; ValueError with a clear reason if bad."""
    spec = " ".join(text.strip().lower().split())
    match = _EVERY.match(spec)
    if match:
        count = int(match.group(1))
        if count <= 0:
            raise ValueError(f"schedule {text!r}: the interval must be positive")
        return IntervalTrigger(**{_UNITS[match.group(2)]: count}, timezone=ZoneInfo(timezone))
    if len(spec.split()) == 5:
        try:
            return CronTrigger.from_crontab(spec, timezone=ZoneInfo(timezone))
        except ValueError as exc:
            raise ValueError(f"schedule {text!r}: {exc}") from None
    raise ValueError(f"schedule {text!r}: use 'every 6h', 'every 1d' or a 5-field cron string")


def schedule_interval(
    text: str, *, timezone: str = "UTC", now: datetime | None = None
) -> timedelta:
    """The time between two runs (for cron: between the next two fire times)."""
    trigger = parse_schedule(text, timezone=timezone)
    if isinstance(trigger, IntervalTrigger):
        return trigger.interval
    start = now or datetime.now(ZoneInfo(timezone))
    first = trigger.get_next_fire_time(None, start)
    second = trigger.get_next_fire_time(first, first + timedelta(seconds=1)) if first else None
    if first is None or second is None:
        return timedelta(days=1)
    return second - first
