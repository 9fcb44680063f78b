"""A member's personal calendar: its bookmarked calls and the calls that match its
participant, at a secret URL (Contact.feed_secret) that calendar apps poll without a login.

The secret is created on the member's first request from its account page and replaced on
request: the old URL then answers 404 at once. It is kept in clear (the account page shows
the URL again) and gives read access only to deadlines of public calls.
Matching is `matcher.matching.match_call`, the digests' rules, so the calendar and the
digest never disagree about what matches.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from matcher.matching import CallFacts, Profile, match_call
from models.call import Call
from models.participant import Contact
from notifier.queries import calls_by_id, candidate_calls
from web import queries
from web.security import new_secret

MAX_TOKEN_LENGTH = 100


def issue_feed_secret(contact: Contact) -> str:
    """A new secret for the contact's calendar URL (the previous one stops working)."""
    contact.feed_secret = new_secret()
    return contact.feed_secret


def matched_calls(
    session: Session, *, contact: Contact, today: date, limit: int, skip: Container[int] = ()
) -> list[Call]:
    """The live calls that match the contact's participant, other than those in `skip`,
    soonest next deadline first (rolling calls last, ties by id), up to `limit`.

    The database gives the calls that can match (`notifier.queries.candidate_calls`, the
    digests' hard filters); `match_call` decides on them in that order until `limit`.
    """
    profile = Profile.of(contact.participant)
    rows = candidate_calls(session=session, profile=profile, as_of=today)
    rows.sort(key=_by_next_deadline(today))
    found: list[int] = []
    for row in rows:
        if len(found) >= limit:
            break
        if row.id not in skip and match_call(profile, CallFacts.of(row), today=today) is not None:
            found.append(row.id)
    calls = calls_by_id(session=session, call_ids=found)
    return [calls[call_id] for call_id in found]


def _by_next_deadline(today: date) -> Callable[[Any], tuple[bool, str, int]]:
    """The sort key of a call row: its first deadline on or after `today` (deadlines are ISO
    dates, compared as strings), rolling calls last, then its id."""
    ahead = today.isoformat()

    def key(row: Any) -> tuple[bool, str, int]:
        upcoming = min((d for d in row.deadlines or () if d >= ahead), default=None)
        return upcoming is None, upcoming or "", row.id

    return key


def personal_calls(session: Session, *, contact: Contact, today: date, limit: int) -> list[Call]:
    """Bookmarked calls, then matched ones, without duplicates, up to `limit` calls."""
    calls = {c.id: c for c in queries.bookmarked_calls(session=session, contact_id=contact.id)}
    if len(calls) < limit:
        more = matched_calls(
            session, contact=contact, today=today, limit=limit - len(calls), skip=calls
        )
        calls.update((call.id, call) for call in more)
    return list(calls.values())[:limit]
