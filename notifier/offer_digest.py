"""The "partnership offers" section of digests, as a `notifier.sections.SectionProvider`.

The digest builder asks `OffersSectionProvider.collect()` for each contact and renders the
returned `ExtraSection` with `emails/sections/offers-{html,text}` (which include the
`emails/_offers.*` partials). Offers are "new" relative to the contact's previous digest,
whose build time the Digest rows already record, so `record()` has nothing to remember.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.offer_fit import describe_fit_reason
from models.digest import Digest
from models.participant import Contact
from notifier.i18n import format_day
from notifier.offer_mail import offer_page_url, shareable_contacts
from notifier.offer_words import OfferWords, organisation_text
from notifier.offers import (
    FittingOffer,
    LiveOffer,
    OffersSection,
    ReceivedInterest,
    live_offers,
    offers_section,
    posters_with_interest,
)
from notifier.sections import ExtraSection

SECTION_KEY = "offers"
# Reasons a digest leaves out of "why it fits you": true of every offer it lists (open, not
# the reader's own), or shown on their own line (the expiry).
UNSAID_RULES = ("status", "expiry", "poster")
# Long descriptions and messages are cut in a digest; the offer's page has them whole.
EXCERPT = 300


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + " …"


def previous_digest_time(session: Session, *, contact_id: int, period: str) -> datetime | None:
    """When the contact's latest digest of another period was built; None before its first.

    Read from Digest rows rather than the builder's `first` flag, which counts only digests
    with call items: a digest that carried offers alone still moves `since` on.
    """
    return session.scalar(
        select(func.max(Digest.built_at)).where(
            Digest.contact_id == contact_id, Digest.period != period
        )
    )


def offer_path(offer_id: int) -> str:
    """The offer page's path; templates prefix the digest's `base_url`, so the provider needs
    no settings and can be registered at import time."""
    return offer_page_url("", offer_id)


def fitting_offer_view(item: FittingOffer, *, _: OfferWords) -> dict[str, Any]:
    offer, language = item.offer, _.language
    return {
        "title": offer.title,
        "poster": item.poster.name,
        "poster_what": organisation_text(item.poster, language),
        "kind": _(f"kind.{offer.kind}"),
        "description": excerpt(offer.description),
        "expires": format_day(offer.expires_on, language),
        "call": f"{item.call.title} ({item.call.public_id})" if item.call is not None else None,
        "why": [
            describe_fit_reason(reason, language)
            for reason in item.fit.reasons
            if reason.rule not in UNSAID_RULES
        ],
        "path": offer_path(offer.id),
    }


def received_interest_view(
    item: ReceivedInterest, *, contacts: list[str], _: OfferWords
) -> dict[str, Any]:
    return {
        "headline": _(
            "section.received-item",
            name=item.member.name,
            what=organisation_text(item.member, _.language),
            title=item.offer.title,
        ),
        "message": excerpt(item.interest.message),
        # Only an introduction (both consented) shows the interested member's addresses.
        "contacts": contacts if item.introduced else [],
        "path": offer_path(item.offer.id),
    }


def section_for(session: Session, section: OffersSection, *, contact: Contact) -> ExtraSection:
    """The rendered-later section: item views in the contact's language."""
    _ = OfferWords(contact.language)
    new = [fitting_offer_view(item, _=_) for item in section.new_offers]
    received = [
        received_interest_view(
            item,
            contacts=shareable_contacts(session, participant_id=item.member.id)
            if item.introduced
            else [],
            _=_,
        )
        for item in section.interest
    ]
    return ExtraSection(
        key=SECTION_KEY,
        title=_("section.title"),
        items=[*new, *received],
        context={"t": _, "new": new, "received": received},
    )


@dataclass(frozen=True)
class _Batch:
    """What every contact of one build batch shares: loaded once per session and day."""

    as_of: date
    live: list[LiveOffer]
    answered: set[int]

    @property
    def is_empty(self) -> bool:
        return not self.live and not self.answered


class OffersSectionProvider:
    """Asked by `digest build` for each contact: its partnership offers section, or None.

    The builder asks with one read session per batch of contacts; the live offers and the
    posters with interest are loaded once per session (weakly held: a new session, a new
    build, reloads), so a build without offers costs no query per contact.
    """

    key = SECTION_KEY

    def __init__(self) -> None:
        self._batches: weakref.WeakKeyDictionary[Session, _Batch] = weakref.WeakKeyDictionary()

    def _batch(self, session: Session, as_of: date) -> _Batch:
        batch = self._batches.get(session)
        if batch is None or batch.as_of != as_of:
            live = live_offers(session, as_of=as_of)
            batch = _Batch(as_of, live, posters_with_interest(session))
            self._batches[session] = batch
        return batch

    def collect(
        self, *, session: Session, contact: Contact, as_of: date, period: str, first: bool
    ) -> ExtraSection | None:
        batch = self._batch(session, as_of)
        if batch.is_empty:
            return None
        since = previous_digest_time(session, contact_id=contact.id, period=period)
        section = offers_section(
            session,
            participant=contact.participant,
            since=since,
            as_of=as_of,
            live=batch.live,
            answered=batch.answered,
        )
        if not section.item_count:
            return None
        return section_for(session, section, contact=contact)

    def record(self, *, session: Session, contact: Contact, digest_id: int, section: Any) -> None:
        return None
