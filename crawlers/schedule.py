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
        minute, hour, day, month, weekday = spec.split()
        try:
            return CronTrigger(
                minute=minute,
                hour=hour,
                day=day,
                month=month,
                day_of_week=crontab_weekdays(weekday),
                timezone=ZoneInfo(timezone),
            )
        except ValueError as exc:
            raise ValueError(f"schedule {text!r}: {exc}") from None
    raise ValueError(f"schedule {text!r}: use 'every 6h', 'every 1d' or a 5-field cron string")


_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def crontab_weekdays(field: str) -> str:
    """A crontab day-of-week field (0 and 7 are Sunday) in APScheduler 3's words.

    APScheduler 3 numbers days from Monday = 0, so a numeric crontab field handed over as
    it is ("1-5") would run Tuesday to Saturday; names mean the same to both.
    """
    parts: list[str] = []
    for part in field.split(","):
        base, _, step = part.partition("/")
        if base == "*" and step:
            base = "0-6"  # crontab steps count from Sunday
        if not re.fullmatch(r"\d(-\d)?", base):
            parts.append(part)  # * and names mean the same to both
            continue
        first, _, last = base.partition("-")
        start, end = int(first), int(last or first)
        if start > 7 or end > 7:
            raise ValueError(f"day of week {part!r} is not 0-7")
        if step:
            parts.extend(_DAYS[d] for d in range(start, end + 1, int(step)))
        elif start == end:
            parts.append(_DAYS[start])
        elif start == 0:  # Sunday first: APScheduler's week ends on Sunday
            parts.append("sun")
            parts.append(f"mon-{_DAYS[end]}" if end > 1 else "mon")
        elif end == 7:
            parts.append(f"{_DAYS[start]}-sat" if start < 6 else "sat")
            parts.append("sun")
        else:
            parts.append(f"{_DAYS[start]}-{_DAYS[end]}")
    return ",".join(dict.fromkeys(parts))


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
