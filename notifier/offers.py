"""Partnership offers (issue 6): post, express interest, close, extend, fill, expire, remind,
and the queries the digest and the pages ask.

Every function works in the caller's transaction and refuses bad input with
`OfferRefused` *before* writing anything, so a refusal inside `write_session` leaves the
database as it was. Mail is written to the outbox in the same transaction (see
`notifier.offer_mail`), so an interest is never recorded without its mail, nor the reverse.

`offers_section()` and `open_offer_counts()` are what the digest uses (its section provider
is `notifier.offer_digest.OffersSectionProvider`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matcher.offer_fit import OfferFit, offer_fit
from models.base import utcnow
from models.call import Call
from models.callstore import find_call
from models.offer import INTEREST_STATES, Interest, PartnerOffer
from models.participant import Participant
from models.settings import Settings
from notifier.offer_input import OfferInput, OfferRefused
from notifier.offer_mail import is_introduction, queue_interest_mail, queue_offer_reminder

REMINDER_DAYS = 7
MAX_MESSAGE = 5000

# Ids outside a 32-bit integer are nobody's (PostgreSQL would refuse to compare them).
MAX_ID = 2**31 - 1


# -- finding --------------------------------------------------------------------------------


def participant_by_ref(session: Session, *, ref: str) -> Participant:
    """The participant whose public id is `ref`, or OfferRefused."""
    found = session.scalar(select(Participant).where(Participant.public_id == ref))
    if found is None:
        raise OfferRefused("unknown-participant", ref=ref)
    return found


def offer_by_id(session: Session, *, offer_id: int) -> PartnerOffer:
    """The offer `offer_id`, or OfferRefused."""
    found = session.get(PartnerOffer, offer_id) if 0 < offer_id <= MAX_ID else None
    if found is None:
        raise OfferRefused("unknown-offer", offer=offer_id)
    return found


def is_expired(offer: PartnerOffer, *, as_of: date) -> bool:
    """Past its expiry day (an offer stays open through the whole of that day)."""
    return offer.expires_on < as_of


def is_live(offer: PartnerOffer, *, as_of: date) -> bool:
    """Open and not expired: what members may still answer."""
    return offer.status == "open" and not is_expired(offer, as_of=as_of)


# -- posting and the life of an offer -------------------------------------------------------


def post_offer(session: Session, *, data: OfferInput, as_of: date) -> PartnerOffer:
    """Add the offer `data` describes; OfferRefused (nothing written) when:

    - the participant or the call is unknown, or the call is closed;
    - no expiry is given and there is no call deadline to default to;
    - the expiry is already past (an expired offer);
    - no theme is given and the call has none to default to (themes decide who it fits).
    """
    poster = participant_by_ref(session, ref=data.participant)
    call = None
    if data.call is not None:
        call = find_call(session, ref=data.call)
        if call is None:
            raise OfferRefused("unknown-call", ref=data.call)
        if call.status == "closed":
            raise OfferRefused("call-closed", call=call.public_id)
    expires = data.expires
    if expires is None:
        upcoming = call.next_deadline if call is not None else None
        if upcoming is None:
            raise OfferRefused("expiry-required")
        expires = upcoming
    if expires < as_of:
        raise OfferRefused("expiry-past", expires=expires, today=as_of)
    themes = data.themes
    if not themes and call is not None:
        themes = sorted(call.themes or [])
    if not themes:
        raise OfferRefused("themes-required")
    offer = PartnerOffer(
        participant_id=poster.id,
        kind=data.kind,
        title=data.title,
        description=data.description,
        call_id=call.id if call is not None else None,
        themes=list(themes),
        countries=data.countries,
        roles=data.roles,
        applicant_types=data.applicant_types,
        languages=data.languages,
        expires_on=expires,
        status="open",
        share_contact=data.share_contact,
    )
    session.add(offer)
    session.flush()
    return offer


def express_interest(
    session: Session,
    *,
    offer_id: int,
    participant_ref: str,
    message: str,
    share_contact: bool,
    settings: Settings,
    as_of: date,
    now: datetime | None = None,
) -> Interest:
    """Record a member's interest in an offer and queue the poster's mail at once.

    Refused (nothing written): an unknown offer or participant, the poster's own offer, an
    offer closed, filled or expired, an empty or overlong message, a second interest of the
    same member in the same offer. Contact details travel only when both sides consented.
    """
    now = now or utcnow()
    offer = offer_by_id(session, offer_id=offer_id)
    member = participant_by_ref(session, ref=participant_ref)
    if member.id == offer.participant_id:
        raise OfferRefused("own-offer", offer=offer.id, member=member.public_id)
    if offer.status != "open":
        raise OfferRefused("offer-not-open", offer=offer.id, status=offer.status)
    if is_expired(offer, as_of=as_of):
        raise OfferRefused("offer-expired", offer=offer.id, expires=offer.expires_on)
    text = message.strip()
    if not text:
        raise OfferRefused("message-empty")
    if len(text) > MAX_MESSAGE:
        raise OfferRefused("message-too-long", limit=MAX_MESSAGE)
    already = session.scalar(
        select(Interest.id).where(
            Interest.offer_id == offer.id, Interest.participant_id == member.id
        )
    )
    if already is not None:
        raise OfferRefused("already-interested", member=member.public_id, offer=offer.id)
    interest = Interest(
        offer_id=offer.id,
        participant_id=member.id,
        message=text,
        share_contact=share_contact,
        state="new",
        created_at=now,
    )
    session.add(interest)
    try:
        # A concurrent duplicate is caught by the unique key, without losing the session.
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise OfferRefused("already-interested", member=member.public_id, offer=offer.id) from None
    if queue_interest_mail(session, offer=offer, interest=interest, settings=settings, now=now):
        interest.notified_at = now
    return interest


def close_offer(session: Session, *, offer_id: int) -> PartnerOffer:
    """Close an open offer (the poster withdrew it)."""
    return _end_offer(session, offer_id=offer_id, status="closed")


def fill_offer(session: Session, *, offer_id: int) -> PartnerOffer:
    """Mark an open offer filled (the poster found its partners); the report counts it."""
    return _end_offer(session, offer_id=offer_id, status="filled")


def _end_offer(session: Session, *, offer_id: int, status: str) -> PartnerOffer:
    offer = offer_by_id(session, offer_id=offer_id)
    if offer.status != "open":
        raise OfferRefused("already-status", offer=offer.id, status=offer.status)
    offer.status = status
    return offer


def extend_offer(session: Session, *, offer_id: int, until: date, as_of: date) -> PartnerOffer:
    """Move the expiry of an offer later; an offer that expired (closed by the upkeep) opens
    again. A filled offer, or one closed before its expiry (withdrawn), cannot be extended.

    The reminder is re-armed, so the poster is reminded again before the new date.
    """
    offer = offer_by_id(session, offer_id=offer_id)
    if offer.status == "filled":
        raise OfferRefused("offer-filled", offer=offer.id)
    if offer.status == "closed" and not is_expired(offer, as_of=as_of):
        raise OfferRefused("offer-withdrawn", offer=offer.id)
    if until < as_of:
        raise OfferRefused("until-past", until=until, today=as_of)
    if until <= offer.expires_on:
        raise OfferRefused("until-not-later", until=until, expires=offer.expires_on)
    offer.expires_on = until
    offer.status = "open"
    offer.reminded_at = None
    return offer


def set_interest_state(session: Session, *, interest_id: int, state: str) -> Interest:
    """The poster's follow-up of an interest: new, contacted, accepted or declined."""
    if state not in INTEREST_STATES:
        raise OfferRefused("bad-state", states=", ".join(INTEREST_STATES))
    interest = session.get(Interest, interest_id) if 0 < interest_id <= MAX_ID else None
    if interest is None:
        raise OfferRefused("unknown-interest", interest=interest_id)
    interest.state = state
    return interest


# -- upkeep: expiry and reminders (the scheduler and `offers remind`) -------------------------


def close_expired_offers(session: Session, *, as_of: date) -> int:
    """Close every open offer whose expiry day has passed; returns how many."""
    result = session.execute(
        update(PartnerOffer)
        .where(PartnerOffer.status == "open", PartnerOffer.expires_on < as_of)
        .values(status="closed", updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def offers_to_remind(session: Session, *, as_of: date) -> list[PartnerOffer]:
    """Open offers expiring within 7 days (from `as_of`) whose poster was not yet reminded."""
    return list(
        session.scalars(
            select(PartnerOffer)
            .where(
                PartnerOffer.status == "open",
                PartnerOffer.reminded_at.is_(None),
                PartnerOffer.expires_on >= as_of,
                PartnerOffer.expires_on <= as_of + timedelta(days=REMINDER_DAYS),
            )
            .order_by(PartnerOffer.id)
        )
    )


def remind_one_offer(
    session: Session, *, offer: PartnerOffer, settings: Settings, now: datetime
) -> bool:
    """Claim the reminder with a conditional UPDATE, then queue it; False when another run
    claimed it first (two schedulers never remind twice)."""
    claimed = session.execute(
        update(PartnerOffer)
        .where(PartnerOffer.id == offer.id, PartnerOffer.reminded_at.is_(None))
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if claimed != 1:
        return False
    offer.reminded_at = now
    count = session.scalar(
        select(func.count()).select_from(Interest).where(Interest.offer_id == offer.id)
    )
    queue_offer_reminder(
        session, offer=offer, interest_count=int(count or 0), settings=settings, now=now
    )
    return True


@dataclass
class UpkeepReport:
    expired: int = 0
    reminded: int = 0

    @property
    def had_work(self) -> bool:
        return bool(self.expired or self.reminded)

    def summary(self) -> str:
        return f"{self.expired} offers expired, {self.reminded} posters reminded"


def run_offer_upkeep(
    session: Session, *, settings: Settings, as_of: date, now: datetime | None = None
) -> UpkeepReport:
    """Expire offers past their day, then remind posters of offers expiring within 7 days."""
    now = now or utcnow()
    report = UpkeepReport(expired=close_expired_offers(session, as_of=as_of))
    for offer in offers_to_remind(session, as_of=as_of):
        if remind_one_offer(session, offer=offer, settings=settings, now=now):
            report.reminded += 1
    return report


# The scheduler's `offers` job (scheduler.py) calls these two by name, in this order.


def send_expiry_reminders(
    session: Session, *, settings: Settings, today: date, now: datetime | None = None
) -> int:
    """Remind posters of offers expiring within 7 days of `today`; returns how many."""
    now = now or utcnow()
    return sum(
        remind_one_offer(session, offer=offer, settings=settings, now=now)
        for offer in offers_to_remind(session, as_of=today)
    )


def expire_offers(session: Session, *, today: date, settings: Settings | None = None) -> int:
    """`close_expired_offers` under the name and keywords the scheduler uses."""
    return close_expired_offers(session, as_of=today)


# -- questions: lists, fits, counts ---------------------------------------------------------


def list_offers(
    session: Session, *, participant_ref: str | None = None, open_only: bool, as_of: date
) -> list[PartnerOffer]:
    """Offers, newest first: all, or a participant's, or only the live ones."""
    query = select(PartnerOffer).order_by(PartnerOffer.id.desc())
    if participant_ref is not None:
        poster = participant_by_ref(session, ref=participant_ref)
        query = query.where(PartnerOffer.participant_id == poster.id)
    if open_only:
        query = query.where(PartnerOffer.status == "open", PartnerOffer.expires_on >= as_of)
    return list(session.scalars(query))


@dataclass(frozen=True)
class LiveOffer:
    """An open, unexpired offer with its poster and its call (None when it names none)."""

    offer: PartnerOffer
    poster: Participant
    call: Call | None


@dataclass(frozen=True)
class FittingOffer:
    offer: PartnerOffer
    poster: Participant
    call: Call | None
    fit: OfferFit


def live_offers(session: Session, *, as_of: date, since: datetime | None = None) -> list[LiveOffer]:
    """Open offers not expired on `as_of` (posted after `since` if given), soonest expiry
    first, with their posters and calls loaded."""
    query = (
        select(PartnerOffer, Participant)
        .join(Participant, Participant.id == PartnerOffer.participant_id)
        .where(PartnerOffer.status == "open", PartnerOffer.expires_on >= as_of)
        .order_by(PartnerOffer.expires_on, PartnerOffer.id)
    )
    if since is not None:
        query = query.where(PartnerOffer.created_at > since)
    rows = session.execute(query).all()
    call_ids = {offer.call_id for offer, _ in rows if offer.call_id is not None}
    calls = (
        {c.id: c for c in session.scalars(select(Call).where(Call.id.in_(call_ids)))}
        if call_ids
        else {}
    )
    return [
        LiveOffer(offer, poster, calls.get(offer.call_id) if offer.call_id is not None else None)
        for offer, poster in rows
    ]


def fitting_among(
    candidates: Sequence[LiveOffer],
    *,
    participant: Participant,
    as_of: date,
    since: datetime | None = None,
) -> list[FittingOffer]:
    """The candidates (posted after `since` if given) that fit `participant` (pure)."""
    found = []
    for item in candidates:
        if since is not None and item.offer.created_at <= since:
            continue
        fit = offer_fit(
            item.offer,
            participant=participant,
            poster_country=item.poster.country,
            call=item.call,
            as_of=as_of,
        )
        if fit.fits:
            found.append(FittingOffer(item.offer, item.poster, item.call, fit))
    return found


def offers_fitting(
    session: Session, *, participant: Participant, as_of: date, since: datetime | None = None
) -> list[FittingOffer]:
    """Live offers of other members that fit `participant`, posted after `since` if given;
    soonest expiry first."""
    candidates = live_offers(session, as_of=as_of, since=since)
    return fitting_among(candidates, participant=participant, as_of=as_of)


@dataclass(frozen=True)
class ReceivedInterest:
    interest: Interest
    offer: PartnerOffer
    member: Participant

    @property
    def introduced(self) -> bool:
        return is_introduction(self.offer, self.interest)


def interest_received(
    session: Session, *, participant: Participant, since: datetime | None = None
) -> list[ReceivedInterest]:
    """Interest expressed in `participant`'s own offers (after `since` if given), oldest
    first."""
    query = (
        select(Interest, PartnerOffer, Participant)
        .join(PartnerOffer, PartnerOffer.id == Interest.offer_id)
        .join(Participant, Participant.id == Interest.participant_id)
        .where(PartnerOffer.participant_id == participant.id)
        .order_by(Interest.created_at, Interest.id)
    )
    if since is not None:
        query = query.where(Interest.created_at > since)
    return [ReceivedInterest(i, o, p) for i, o, p in session.execute(query).all()]


def open_offer_counts(
    session: Session, *, call_ids: Sequence[int], as_of: date | None = None
) -> dict[int, int]:
    """How many live offers name each call (calls without any are left out): for the digest
    item of a call and its page. `as_of` defaults to today (UTC)."""
    day = as_of or utcnow().date()
    wanted = list(call_ids)
    if not wanted:
        return {}
    counts: dict[int, int] = {}
    for start in range(0, len(wanted), 500):  # bounded IN lists
        query = (
            select(PartnerOffer.call_id, func.count())
            .where(
                PartnerOffer.call_id.in_(wanted[start : start + 500]),
                PartnerOffer.status == "open",
                PartnerOffer.expires_on >= day,
            )
            .group_by(PartnerOffer.call_id)
        )
        counts.update({int(call_id): int(n) for call_id, n in session.execute(query)})
    return counts


# -- the digest's partnership offers section ------------------------------------------------


@dataclass
class OffersSection:
    """New offers that fit a participant, and interest received in its own offers."""

    new_offers: list[FittingOffer] = field(default_factory=list)
    interest: list[ReceivedInterest] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return len(self.new_offers) + len(self.interest)


def posters_with_interest(session: Session) -> set[int]:
    """The participants whose offers drew any interest (to skip asking about the others)."""
    query = (
        select(PartnerOffer.participant_id)
        .join(Interest, Interest.offer_id == PartnerOffer.id)
        .distinct()
    )
    return set(session.scalars(query))


def offers_section(
    session: Session,
    *,
    participant: Participant,
    since: datetime | None,
    as_of: date,
    live: Sequence[LiveOffer] | None = None,
    answered: Collection[int] | None = None,
) -> OffersSection:
    """The section of a digest: offers posted since the contact's previous digest (`since`;
    None for its first digest: every live offer) that fit its participant, and interest
    received in the participant's offers since then (the first digest: in its live offers).

    A digest build asks this for thousands of contacts: it may pass `live` (from
    `live_offers`) and `answered` (from `posters_with_interest`), loaded once per batch.
    """
    if live is None:
        live = live_offers(session, as_of=as_of, since=since)
    received = []
    if answered is None or participant.id in answered:
        received = interest_received(session, participant=participant, since=since)
        if since is None:
            received = [r for r in received if is_live(r.offer, as_of=as_of)]
    return OffersSection(
        new_offers=fitting_among(live, participant=participant, as_of=as_of, since=since),
        interest=received,
    )
