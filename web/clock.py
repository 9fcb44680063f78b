"""The web app's notion of now and today (one place, so tests pin time with time_machine)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from models.settings import Settings


def now() -> datetime:
    return datetime.now(UTC)


def today(settings: Settings) -> date:
    """Today in the deployment's time zone: deadlines are calendar days there."""
    return datetime.now(settings.zone).date()
