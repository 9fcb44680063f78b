"""Mail about partnership offers: interest to the poster, introductions, expiry reminders.

Each kind is one small public function that returns an `Email` (content only); the queue_*
functions write it as an outbox row in the caller's transaction, and `fundwatch digest
send` delivers it like a digest.

Consent (issue 6, double opt-in): a message carries the other side's contact details only
when the offer's poster (`PartnerOffer.share_contact`) and the interested member
(`Interest.share_contact`) both agreed. Otherwise the poster gets the interested member's
name, kind, country and message, and answers through fundwatch; no address of either side
reaches the other, not even in a header.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.account import Suppression, secret_hash
from models.call import Call
from models.digest import OutboxMessage
from models.offer import Interest, PartnerOffer
from models.participant import Contact, Participant
from models.settings import Settings
from notifier import tokens
from notifier.emails import Email, make_message, make_message_id
from notifier.i18n import format_day
from notifier.offer_words import OfferWords, organisation_text


def offer_page_url(base_url: str, offer_id: int) -> str:
    """The offer's page on fundwatch (the web issue serves it), where the poster answers."""
    return f"{base_url.rstrip('/')}/offers/{offer_id}"


def _not_suppressed(session: Session, contacts: Sequence[Contact]) -> list[Contact]:
    hashes = {secret_hash(c.email.strip().lower()): c for c in contacts}
    if not hashes:
        return []
    erased = set(
        session.scalars(select(Suppression.email_hash).where(Suppression.email_hash.in_(hashes)))
    )
    return [contact for digest, contact in hashes.items() if digest not in erased]


def mailable_contacts(session: Session, *, participant_id: int) -> list[Contact]:
    """The contacts of a participant we may mail: confirmed, subscribed, not bouncing hard,
    not erased. An unsubscribed contact gets no offer mail either: one unsubscribe stops all
    mail from fundwatch."""
    query = select(Contact).where(
        Contact.participant_id == participant_id,
        Contact.confirmed.is_(True),
        Contact.unsubscribed_at.is_(None),
        Contact.bounce_state != "hard",
    )
    return _not_suppressed(session, list(session.scalars(query.order_by(Contact.id))))


def shareable_contacts(session: Session, *, participant_id: int) -> list[str]:
    """The addresses a consenting participant shares in an introduction (confirmed, not
    erased), whether or not they take digests."""
    query = select(Contact).where(
        Contact.participant_id == participant_id, Contact.confirmed.is_(True)
    )
    return [c.email for c in _not_suppressed(session, list(session.scalars(query)))]


@dataclass(frozen=True)
class OfferView:
    """What a mail or the digest shows of an offer, in the reader's language."""

    id: int
    title: str
    description: str
    kind: str
    expires: str
    call: str | None
    url: str


def offer_view(
    offer: PartnerOffer, call: Call | None, *, base_url: str, _: OfferWords
) -> OfferView:
    return OfferView(
        id=offer.id,
        title=offer.title,
        description=offer.description,
        kind=_(f"kind.{offer.kind}"),
        expires=format_day(offer.expires_on, _.language) or "",
        call=f"{call.title} ({call.public_id})" if call is not None else None,
        url=offer_page_url(base_url, offer.id),
    )


def _message(
    name: str,
    message_id: str,
    ctx: dict[str, Any],
    about: tuple[Contact, PartnerOffer, Call | None],
    settings: Settings,
    now: datetime | None,
) -> Email:
    """Mail kind `name` about an offer (and its call) to a contact, in its language, with the
    list headers and the signed links every fundwatch mail has."""
    contact, offer, call = about
    _ = OfferWords(contact.language)
    links = tokens.list_links(contact, settings)
    context = {
        "offer": offer_view(offer, call, base_url=settings.base_url, _=_),
        **ctx,
        "unsubscribe_url": links.unsubscribe_url,
        "preferences_url": links.preferences_url,
        "_": _,
        "base_url": settings.base_url,
    }
    return make_message(
        name,
        contact.email,
        context,
        sender=settings.mail_from,
        message_id=message_id,
        language=_.language,
        headers=links.headers(f"fundwatch partnership offers <offers.{settings.mail_domain}>"),
        date=now,
    )


def interest_received_email(
    *,
    contact: Contact,
    offer: PartnerOffer,
    call: Call | None,
    poster: Participant,
    interest: Interest,
    interested: Participant,
    shared_contacts: Sequence[str],
    settings: Settings,
    now: datetime | None = None,
) -> Email:
    """To a contact of the poster: who is interested, its message, and its contact details
    only when `shared_contacts` is given (both consented; the caller decides)."""
    ctx = {
        "name": poster.name,
        "interested": interested.name,
        "interested_what": organisation_text(interested, contact.language),
        "message": interest.message,
        "shared_contacts": list(shared_contacts),
    }
    message_id = make_message_id("interest", interest.id, contact.id, domain=settings.mail_domain)
    about = (contact, offer, call)
    return _message("interest-received", message_id, ctx, about, settings, now)


def interest_introduction_email(
    *,
    contact: Contact,
    offer: PartnerOffer,
    call: Call | None,
    poster: Participant,
    interested: Participant,
    shared_contacts: Sequence[str],
    settings: Settings,
    now: datetime | None = None,
) -> Email:
    """To a contact of the interested member, once both consented: the poster's details."""
    ctx = {
        "name": interested.name,
        "poster": poster.name,
        "poster_what": organisation_text(poster, contact.language),
        "shared_contacts": list(shared_contacts),
    }
    message_id = make_message_id(
        "introduction", offer.id, interested.id, contact.id, domain=settings.mail_domain
    )
    about = (contact, offer, call)
    return _message("interest-introduction", message_id, ctx, about, settings, now)


def offer_reminder_email(
    *,
    contact: Contact,
    offer: PartnerOffer,
    call: Call | None,
    poster: Participant,
    interest_count: int,
    settings: Settings,
    now: datetime | None = None,
) -> Email:
    """To a contact of the poster, 7 days before the offer expires."""
    ctx = {"name": poster.name, "interest_count": interest_count}
    # The expiry date is part of the id: an extended offer is reminded again before its new
    # date, and a retried row keeps its Message-ID.
    message_id = make_message_id(
        "offer-reminder", offer.id, offer.expires_on, contact.id, domain=settings.mail_domain
    )
    about = (contact, offer, call)
    return _message("offer-reminder", message_id, ctx, about, settings, now)


def queue(session: Session, email: Email, *, kind: str, contact: Contact, now: datetime) -> None:
    """Write `email` as a queued outbox row (delivered by `fundwatch digest send`)."""
    session.add(
        OutboxMessage(
            kind=kind,
            contact_id=contact.id,
            recipient=email.to,
            subject=email.subject,
            message_id=email.message_id,
            content=email.as_bytes(),
            status="queued",
            next_attempt_at=now,
            created_at=now,
        )
    )


def queue_to_participant(
    session: Session,
    *,
    participant_id: int,
    kind: str,
    now: datetime,
    email_for: Callable[[Contact], Email],
) -> int:
    """Queue `email_for(contact)` to each mailable contact of a participant; how many."""
    queued = 0
    for contact in mailable_contacts(session, participant_id=participant_id):
        queue(session, email_for(contact), kind=kind, contact=contact, now=now)
        queued += 1
    return queued


def queue_interest_mail(
    session: Session,
    *,
    offer: PartnerOffer,
    interest: Interest,
    settings: Settings,
    now: datetime,
) -> int:
    """Queue the poster's mail(s) and, when both consented, the introduction; returns how many
    rows were written."""
    poster = session.get_one(Participant, offer.participant_id)
    interested = session.get_one(Participant, interest.participant_id)
    about: dict[str, Any] = {  # what both mails are about
        "offer": offer,
        "call": session.get(Call, offer.call_id) if offer.call_id is not None else None,
        "poster": poster,
        "interested": interested,
        "settings": settings,
        "now": now,
    }
    introduced = is_introduction(offer, interest)
    interested_addresses = (
        shareable_contacts(session, participant_id=interested.id) if introduced else []
    )
    queued = queue_to_participant(
        session,
        participant_id=poster.id,
        kind="interest",
        now=now,
        email_for=lambda contact: interest_received_email(
            contact=contact, interest=interest, shared_contacts=interested_addresses, **about
        ),
    )
    if introduced and queued:
        poster_addresses = shareable_contacts(session, participant_id=poster.id)
        queued += queue_to_participant(
            session,
            participant_id=interested.id,
            kind="interest",
            now=now,
            email_for=lambda contact: interest_introduction_email(
                contact=contact, shared_contacts=poster_addresses, **about
            ),
        )
    return queued


def is_introduction(offer: PartnerOffer, interest: Interest) -> bool:
    """Both sides agreed to share their contact details (double opt-in)."""
    return bool(offer.share_contact and interest.share_contact)


def queue_offer_reminder(
    session: Session,
    *,
    offer: PartnerOffer,
    interest_count: int,
    settings: Settings,
    now: datetime,
) -> int:
    poster = session.get_one(Participant, offer.participant_id)
    call = session.get(Call, offer.call_id) if offer.call_id is not None else None
    return queue_to_participant(
        session,
        participant_id=poster.id,
        kind="offer-reminder",
        now=now,
        email_for=lambda contact: offer_reminder_email(
            contact=contact,
            offer=offer,
            call=call,
            poster=poster,
            interest_count=interest_count,
            settings=settings,
            now=now,
        ),
    )
