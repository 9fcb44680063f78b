"""The Taskforce's statistics page and partnership tracking (admins only)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from matcher.taxonomy import country_name
from notifier.offer_report import tracking_report
from web import clock, stats
from web.deps import AdminDep, PageDep, SessionDep
from web.i18n import translate
from web.render import render

router = APIRouter(prefix="/taskforce", tags=["taskforce"], include_in_schema=False)
MATCH_ROWS = 200  # the page lists the participants with the fewest matches first
# Matching every participant against every current call takes seconds with 20,000 calls
# (the digests' index fits a text model each time): each web worker keeps the answer for a
# few minutes, and the page says when it was computed.
MATCHES_MAX_AGE_S = 600


@dataclass(frozen=True)
class _Computed:
    today: date
    at: datetime
    monotonic: float
    rows: list[stats.ParticipantMatches]


def _matches(request: Request, session: Session, today: date) -> _Computed:
    cached: _Computed | None = getattr(request.app.state, "match_stats", None)
    fresh = cached is not None and time.monotonic() - cached.monotonic < MATCHES_MAX_AGE_S
    if cached is not None and fresh and cached.today == today:
        return cached
    rows = stats.matches_per_participant(session, today=today)
    computed = _Computed(today, clock.now(), time.monotonic(), rows)
    request.app.state.match_stats = computed
    return computed


@router.get("/stats")
def statistics(request: Request, page: PageDep, session: SessionDep, admin: AdminDep) -> Response:
    today, lang = page.today, page.lang
    computed = _matches(request, session, today)
    matches = computed.rows
    by_week = stats.open_calls_by_deadline(session, today=today)
    coverage = stats.coverage(session, today=today)
    week_labels = [
        translate("{start}–{end} weeks", lang, start=n, end=n + 1) for n in range(len(by_week) - 2)
    ] + [translate("later", lang), translate("rolling", lang)]
    country_labels = [f"{country_name(b.label, lang)} ({b.note})" for b in coverage.countries]
    return render(
        page,
        "taskforce/stats.html",
        by_theme=stats.calls_by_theme_and_month(session, today=today),
        by_week=by_week,
        week_labels=week_labels,
        country_labels=country_labels,
        matches=matches[:MATCH_ROWS],
        matches_at=computed.at,
        matchless=sum(1 for row in matches if row.matches == 0),
        participants=len(matches),
        coverage=coverage,
        outbox=stats.outbox_counts(session),
        sources=stats.unhealthy_sources(session),
        scaled=stats.scaled,
    )


@router.get("/offers")
def partnership_tracking(page: PageDep, session: SessionDep, admin: AdminDep) -> Response:
    rows = tracking_report(session, as_of=page.today)
    return render(
        page,
        "taskforce/offers.html",
        call_rows=[r for r in rows if r.scope == "call"],
        theme_rows=[r for r in rows if r.scope == "theme"],
    )
