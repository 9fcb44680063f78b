"""Digest periods: ids, bounds and labels."""

from __future__ import annotations

from datetime import date

import pytest

from notifier.periods import period_end, period_label, period_of, period_start


@pytest.mark.parametrize(
    ("frequency", "day", "period"),
    [
        ("daily", date(2026, 11, 23), "daily:2026-11-23"),
        ("weekly", date(2026, 11, 23), "weekly:2026-W48"),
        ("weekly", date(2026, 11, 29), "weekly:2026-W48"),
        ("weekly", date(2027, 1, 1), "weekly:2026-W53"),  # ISO week of the Thursday
        ("weekly", date(2025, 12, 29), "weekly:2026-W01"),
        ("monthly", date(2026, 11, 30), "monthly:2026-11"),
    ],
)
def test_period_of_a_day(frequency: str, day: date, period: str) -> None:
    assert period_of(frequency, day) == period
    assert period_start(period) <= day <= period_end(period)


def test_period_bounds() -> None:
    assert (period_start("weekly:2026-W48"), period_end("weekly:2026-W48")) == (
        date(2026, 11, 23),
        date(2026, 11, 29),
    )
    assert period_end("monthly:2026-12") == date(2026, 12, 31)
    assert period_end("monthly:2028-02") == date(2028, 2, 29)


def test_period_labels_in_both_languages() -> None:
    assert period_label("weekly:2026-W48", "en") == "week 48, 2026"
    assert period_label("weekly:2026-W48", "fr") == "semaine 48, 2026"
    assert period_label("monthly:2026-11", "fr") == "novembre 2026"
    assert period_label("daily:2026-11-23", "en") == "23 November 2026"


def test_unknown_frequency_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown frequency"):
        period_of("hourly", date(2026, 11, 23))
