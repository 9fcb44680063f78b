"""A member's personal calendar: its bookmarked calls and the calls that match its
participant, at a secret URL (Contact.feed_secret) that calendar apps poll without a login.

The secret is created on the member's first request from its account page and replaced on
request: the old URL then answers 404 at once. It is kept in clear (the account page shows
the URL again) and gives read access only to deadlines of public calls.
Matching is `matcher.matching.match_call`, the digests' rules, so the calendar and the
digest never disagree about what matches.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy.orm import Session

from matcher.matching import CallFacts, Profile, match_call
from matcher.taxonomy import load_taxonomy
from models.call import Call
from models.participant import Contact
from web import queries
from web.security import new_secret

MAX_TOKEN_LENGTH = 100


def issue_feed_secret(contact: Contact) -> str:
    """A new secret for the contact's calendar URL (the previous one stops working)."""
    contact.feed_secret = new_secret()
    return contact.feed_secret


def matched_calls(session: Session, *, contact: Contact, today: date) -> Iterator[Call]:
    """The current calls that match the contact's participant, soonest deadline first
    (lazily: a calendar needs only the first few hundred)."""
    profile = Profile.of(contact.participant)
    groups = load_taxonomy().country_groups
    narrowing = queries.MatchNarrowing(
        countries=(profile.country, *(g for g in groups if profile.country in groups[g].members)),
        applicant_type=profile.applicant_type,
        # Without keywords a match needs a shared theme.
        themes=None if profile.keywords else tuple(sorted(profile.themes)),
    )
    candidates = queries.live_calls_for_matching(session=session, today=today, narrowing=narrowing)
    for call in candidates:
        if match_call(profile, CallFacts.of(call), today=today) is not None:
            yield call


def personal_calls(session: Session, *, contact: Contact, today: date, limit: int) -> list[Call]:
    """Bookmarked calls, then matched ones, without duplicates, up to `limit` calls."""
    calls: dict[int, Call] = {}
    for call in queries.bookmarked_calls(session=session, contact_id=contact.id):
        calls.setdefault(call.id, call)
    if len(calls) < limit:
        for call in matched_calls(session, contact=contact, today=today):
            calls.setdefault(call.id, call)
            if len(calls) >= limit:
                break
    return list(calls.values())[:limit]
