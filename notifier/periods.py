"""Digest periods: `daily:2026-11-23`, `weekly:2026-W48` (ISO week), `monthly:2026-11`.

A contact gets at most one digest a period (unique (contact, period)); the period holding a
date depends on the contact's frequency.
"""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date

FREQUENCIES = ("daily", "weekly", "monthly")


def period_of(frequency: str, day: date) -> str:
    """The id of the period of `frequency` that holds `day`."""
    if frequency == "daily":
        return f"daily:{day.isoformat()}"
    if frequency == "weekly":
        year, week, _ = day.isocalendar()
        return f"weekly:{year}-W{week:02d}"
    if frequency == "monthly":
        return f"monthly:{day.year}-{day.month:02d}"
    raise ValueError(f"unknown frequency {frequency!r} ({', '.join(FREQUENCIES)})")


def period_start(period: str) -> date:
    """The first day of a period id."""
    frequency, _, value = period.partition(":")
    if frequency == "daily":
        return date.fromisoformat(value)
    if frequency == "weekly":
        year, week = value.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    if frequency == "monthly":
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    raise ValueError(f"not a period id: {period!r}")


def period_end(period: str) -> date:
    """The last day of a period id."""
    start = period_start(period)
    frequency = period.partition(":")[0]
    if frequency == "daily":
        return start
    if frequency == "weekly":
        return start + timedelta(days=6)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)


_WEEK = {"en": "week {week}, {year}", "fr": "semaine {week}, {year}"}


def period_label(period: str, language: str = "en") -> str:
    """A period in words: "week 48, 2026", "novembre 2026", "23 November 2026"."""
    lang = language if language in _WEEK else "en"
    frequency, _, value = period.partition(":")
    start = period_start(period)
    if frequency == "weekly":
        year, week = value.split("-W")
        return _WEEK[lang].format(week=int(week), year=year)
    if frequency == "monthly":
        return format_date(start, format="LLLL y", locale=lang)
    return format_date(start, format="d MMMM y", locale=lang)
