"""What the offer pages show, and to whom, built on the offers module (notifier.offers).

Who sees what (issue 6 consent rules, issue 8 authorization):

- the poster sees everything of its own offers: its consent to share contacts, every
  interest received with its message and state, and the interested member's addresses only
  where both sides consented (an introduction);
- another member sees a live offer's public fields and why it fits (or not); of the
  interests, only its own; the poster's addresses only after a two-sided consent;
- nobody else's consent flag is ever shown, and an offer that is no longer live is visible
  only to its poster and to members who expressed interest in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.offer_fit import OfferFit, offer_fit
from models.call import Call
from models.offer import Interest, PartnerOffer
from models.participant import Participant
from notifier.offer_input import OfferRefused
from notifier.offer_mail import is_introduction, shareable_contacts
from notifier.offers import (
    LiveOffer,
    ReceivedInterest,
    interest_received,
    is_live,
    live_offers,
    offer_by_id,
    open_offer_counts,
)


@dataclass
class OfferPage:
    """One offer as its reader may see it."""

    offer: PartnerOffer
    poster: Participant
    call: Call | None
    is_poster: bool
    live: bool
    fit: OfferFit | None = None  # for another member
    own_interest: Interest | None = None  # another member's own interest, if any
    received: list[ReceivedInterest] = field(default_factory=list)  # the poster's view
    introduced_contacts: dict[int, list[str]] = field(default_factory=dict)  # interest id
    poster_contacts: list[str] = field(default_factory=list)  # after a two-sided consent


def offer_page(
    session: Session, *, offer_id: int, reader: Participant, as_of: date
) -> OfferPage | None:
    """The offer as `reader` may see it, or None when it may not (unknown to it)."""
    try:
        offer = offer_by_id(session, offer_id=offer_id)
    except OfferRefused:
        return None
    poster = session.get_one(Participant, offer.participant_id)
    call = session.get(Call, offer.call_id) if offer.call_id is not None else None
    live = is_live(offer, as_of=as_of)
    if offer.participant_id == reader.id:
        received = [
            item
            for item in interest_received(session, participant=reader)
            if item.offer.id == offer.id
        ]
        contacts = {
            item.interest.id: shareable_contacts(session, participant_id=item.member.id)
            for item in received
            if item.introduced
        }
        return OfferPage(
            offer, poster, call, True, live, received=received, introduced_contacts=contacts
        )
    own = session.scalar(
        select(Interest).where(Interest.offer_id == offer.id, Interest.participant_id == reader.id)
    )
    if not live and own is None:
        return None
    fit = offer_fit(
        offer, participant=reader, poster_country=poster.country, call=call, as_of=as_of
    )
    page = OfferPage(offer, poster, call, False, live, fit=fit, own_interest=own)
    if own is not None and is_introduction(offer, own):
        page.poster_contacts = shareable_contacts(session, participant_id=poster.id)
    return page


@dataclass(frozen=True)
class OwnOffer:
    offer: PartnerOffer
    call: Call | None
    interests: int
    live: bool


def own_offers(session: Session, *, participant: Participant, as_of: date) -> list[OwnOffer]:
    """Every offer the participant posted, newest first, with how much interest each drew."""
    offers = list(
        session.scalars(
            select(PartnerOffer)
            .where(PartnerOffer.participant_id == participant.id)
            .order_by(PartnerOffer.id.desc())
            .limit(500)
        )
    )
    ids = [o.id for o in offers]
    counts: dict[int, int] = {}
    if ids:
        counts = dict(
            session.execute(  # type: ignore[arg-type]
                select(Interest.offer_id, func.count())
                .where(Interest.offer_id.in_(ids))
                .group_by(Interest.offer_id)
            ).all()
        )
    calls = _calls(session, {o.call_id for o in offers if o.call_id is not None})
    return [
        OwnOffer(o, calls.get(o.call_id or 0), counts.get(o.id, 0), is_live(o, as_of=as_of))
        for o in offers
    ]


@dataclass(frozen=True)
class SentInterest:
    interest: Interest
    offer: PartnerOffer
    poster: Participant


def interests_sent(session: Session, *, participant: Participant) -> list[SentInterest]:
    """The interests this participant expressed in others' offers, newest first."""
    rows = session.execute(
        select(Interest, PartnerOffer, Participant)
        .join(PartnerOffer, PartnerOffer.id == Interest.offer_id)
        .join(Participant, Participant.id == PartnerOffer.participant_id)
        .where(Interest.participant_id == participant.id)
        .order_by(Interest.id.desc())
        .limit(500)
    ).all()
    return [SentInterest(i, o, p) for i, o, p in rows]


def others_live_offers(
    session: Session, *, participant: Participant, as_of: date
) -> list[tuple[LiveOffer, OfferFit]]:
    """Every live offer of other members, with its verdict for this participant."""
    return [
        (
            item,
            offer_fit(
                item.offer,
                participant=participant,
                poster_country=item.poster.country,
                call=item.call,
                as_of=as_of,
            ),
        )
        for item in live_offers(session, as_of=as_of)
        if item.offer.participant_id != participant.id
    ]


def open_offers_naming(session: Session, *, call: Call, as_of: date) -> list[LiveOffer]:
    """The live offers that name `call` (for its public page), soonest expiry first.

    Counted first with the offers module's `open_offer_counts`, so the common call page (no
    offer names it) costs one small query; the list comes from `live_offers`.
    """
    if not open_offer_counts(session, call_ids=[call.id], as_of=as_of):
        return []
    return [item for item in live_offers(session, as_of=as_of) if item.offer.call_id == call.id]


def _calls(session: Session, ids: set[int]) -> dict[int, Call]:
    if not ids:
        return {}
    return {c.id: c for c in session.scalars(select(Call).where(Call.id.in_(ids)))}
