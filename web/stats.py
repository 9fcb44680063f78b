"""The figures of the Taskforce's statistics page, each a function of the database and today.

Matches per participant are the digests' own: `notifier.matchindex.CallIndex` narrows the
calls and `matcher.matching.match_call` decides, so "who gets nothing" here is exactly who
gets an empty digest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.matching import CallFacts, Profile, expand_countries, match_call
from matcher.taxonomy import load_taxonomy
from models.call import Call
from models.digest import OutboxMessage
from models.participant import Contact, Participant
from models.source import Source
from notifier.matchindex import CallIndex
from web import queries

MONTHS = 12
WEEKS = 12
UNHEALTHY = ("failing", "stale", "empty")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    note: str = ""


def _month_keys(today: date, months: int) -> list[str]:
    keys = []
    year, month = today.year, today.month
    for _ in range(months):  # bounded: one key per month shown
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys[::-1]


@dataclass
class ThemeMonths:
    months: list[str]
    rows: list[tuple[str, list[int]]]  # theme id, counts per month

    @property
    def peak(self) -> int:
        return max((n for _, counts in self.rows for n in counts), default=0) or 1


def calls_by_theme_and_month(session: Session, *, today: date) -> ThemeMonths:
    """Calls first seen in each of the last 12 months, per theme (hidden ones left out)."""
    months = _month_keys(today, MONTHS)
    since = datetime(int(months[0][:4]), int(months[0][5:]), 1, tzinfo=UTC)
    counts: Counter[tuple[str, str]] = Counter()
    rows = session.execute(
        select(Call.themes, Call.first_seen_at).where(
            Call.hidden.is_(False), Call.first_seen_at >= since
        )
    )
    for themes, seen in rows:
        key = f"{seen.year:04d}-{seen.month:02d}"
        for theme in themes or []:
            counts[(theme, key)] += 1
    theme_ids = load_taxonomy().theme_ids
    return ThemeMonths(months, [(t, [counts[(t, m)] for m in months]) for t in theme_ids])


def open_calls_by_deadline(session: Session, *, today: date) -> list[Bar]:
    """Open and forthcoming calls by the week their next deadline falls in; then later ones
    and rolling ones (no deadline)."""
    weeks = [0] * WEEKS
    later = rolling = 0
    rows = session.scalars(
        select(Call.next_deadline).where(
            Call.hidden.is_(False),
            Call.status.in_(("open", "forthcoming")),
        )
    )
    for deadline in rows:
        if deadline is None:
            rolling += 1
        elif deadline >= today:
            week = (deadline - today).days // 7
            if week < WEEKS:
                weeks[week] += 1
            else:
                later += 1
    bars = [
        Bar(f"+{n}", count, (today + timedelta(weeks=n)).isoformat())
        for n, count in enumerate(weeks)
    ]
    return [*bars, Bar("later", later), Bar("rolling", rolling)]


@dataclass(frozen=True)
class ParticipantMatches:
    public_id: str
    name: str
    country: str
    matches: int
    receives: bool  # has a contact that gets digests


def matches_per_participant(session: Session, *, today: date) -> list[ParticipantMatches]:
    """Every participant with how many current calls match it, fewest first.

    The index narrows each participant's calls to candidates and `match_call` decides on
    each; the text similarity that only ranks a digest is left out (it costs 3x the rest).
    """
    rows = queries.live_call_rows_for_matching(session=session, today=today)
    index = CallIndex([CallFacts.of(row) for row in rows], today=today)
    receiving = set(
        session.scalars(
            select(Contact.participant_id).where(
                Contact.confirmed.is_(True),
                Contact.unsubscribed_at.is_(None),
                Contact.bounce_state != "hard",
            )
        )
    )
    found = []
    for participant in session.scalars(select(Participant)):
        profile = Profile.of(participant)
        candidates = index.candidates(profile).tolist()
        count = sum(1 for row in candidates if match_call(profile, index.facts[row], today=today))
        found.append(
            ParticipantMatches(
                participant.public_id,
                participant.name,
                participant.country,
                count,
                participant.id in receiving,
            )
        )
    return sorted(found, key=lambda r: (r.matches, r.name.casefold()))


@dataclass
class Coverage:
    countries: list[Bar]  # member countries: calls open to each (note: members there)
    languages: list[Bar]  # calls per language of their text


def coverage(session: Session, *, today: date) -> Coverage:
    """How many current calls are open to each member country, and in which languages."""
    members = Counter(session.scalars(select(Participant.country)))
    per_country: Counter[str] = Counter()
    per_language: Counter[str] = Counter()
    open_to_all = 0
    rows = session.execute(
        select(Call.countries, Call.language).where(
            Call.hidden.is_(False),
            Call.status.in_(("open", "forthcoming")),
            (Call.next_deadline.is_(None)) | (Call.next_deadline >= today),
        )
    )
    for countries, language in rows:
        per_language[language or "?"] += 1
        if not countries:
            open_to_all += 1  # eligibility not stated: every member should check it
            continue
        per_country.update(expand_countries(countries))
    countries = sorted(
        (Bar(code, per_country[code] + open_to_all, str(members[code])) for code in members),
        key=lambda bar: (bar.value, bar.label),
    )
    languages = [Bar(code, n) for code, n in per_language.most_common()]
    return Coverage(countries, languages)


def outbox_counts(session: Session) -> list[tuple[str, str, int]]:
    """(kind, status, messages) of the outbox: digests and other mail sent, failed, waiting."""
    rows = session.execute(
        select(OutboxMessage.kind, OutboxMessage.status, func.count())
        .group_by(OutboxMessage.kind, OutboxMessage.status)
        .order_by(OutboxMessage.kind, OutboxMessage.status)
    )
    return [(kind, status, int(n)) for kind, status, n in rows]


def unhealthy_sources(session: Session) -> list[Source]:
    """Enabled sources that fail, went stale or found nothing, worst first."""
    return list(
        session.scalars(
            select(Source)
            .where(Source.enabled.is_(True), Source.state.in_(UNHEALTHY))
            .order_by(Source.consecutive_failures.desc(), Source.key)
        )
    )


def scaled(values: Sequence[int], width: int) -> list[int]:
    """Bar lengths in pixels for `values`, the largest `width` long (at least 1 when > 0).

    The charts are inline SVG with these lengths as attributes: the CSP forbids inline
    style attributes, and no chart library is loaded.
    """
    peak = max(values, default=0) or 1
    return [max(1, round(width * v / peak)) if v else 0 for v in values]
