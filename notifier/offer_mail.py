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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
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


def _list_headers(contact: Contact, settings: Settings) -> tuple[dict[str, str], dict[str, str]]:
    """(headers, links): List-Id, List-Unsubscribe (https and mailto) and the RFC 8058
    one-click header, with the contact's signed tokens, as every fundwatch mail has."""
    secret = settings.get_secret_key()
    unsubscribe = tokens.make_token(
        contact_id=contact.id, email=contact.email, purpose="unsubscribe", secret_key=secret
    )
    preferences = tokens.make_token(
        contact_id=contact.id, email=contact.email, purpose="preferences", secret_key=secret
    )
    unsubscribe_url = tokens.link(settings.base_url, "unsubscribe", unsubscribe)
    from_address = parseaddr(settings.mail_from)[1] or f"fundwatch@{settings.mail_domain}"
    headers = {
        "List-Id": f"fundwatch partnership offers <offers.{settings.mail_domain}>",
        "List-Unsubscribe": (
            f"<{unsubscribe_url}>, <mailto:{from_address}?subject=unsubscribe%20{unsubscribe}>"
        ),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    links = {
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": tokens.link(settings.base_url, "preferences", preferences),
    }
    return headers, links


def _message(
    name: str,
    contact: Contact,
    ctx: dict[str, Any],
    *,
    message_id: str,
    settings: Settings,
    now: datetime | None,
) -> Email:
    _ = OfferWords(contact.language)
    headers, links = _list_headers(contact, settings)
    return make_message(
        name,
        contact.email,
        {**ctx, **links, "_": _, "base_url": settings.base_url},
        sender=settings.mail_from,
        message_id=message_id,
        language=_.language,
        headers=headers,
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
    _ = OfferWords(contact.language)
    ctx = {
        "offer": offer_view(offer, call, base_url=settings.base_url, _=_),
        "name": poster.name,
        "interested": interested.name,
        "interested_what": organisation_text(interested, _.language),
        "message": interest.message,
        "shared_contacts": list(shared_contacts),
    }
    message_id = make_message_id("interest", interest.id, contact.id, domain=settings.mail_domain)
    return _message(
        "interest-received", contact, ctx, message_id=message_id, settings=settings, now=now
    )


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
    _ = OfferWords(contact.language)
    ctx = {
        "offer": offer_view(offer, call, base_url=settings.base_url, _=_),
        "name": interested.name,
        "poster": poster.name,
        "poster_what": organisation_text(poster, _.language),
        "shared_contacts": list(shared_contacts),
    }
    message_id = make_message_id(
        "introduction", offer.id, interested.id, contact.id, domain=settings.mail_domain
    )
    return _message(
        "interest-introduction", contact, ctx, message_id=message_id, settings=settings, now=now
    )


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
    _ = OfferWords(contact.language)
    ctx = {
        "offer": offer_view(offer, call, base_url=settings.base_url, _=_),
        "name": poster.name,
        "interest_count": interest_count,
    }
    # The expiry date is part of the id: an extended offer is reminded again before its new
    # date, and a retried row keeps its Message-ID.
    message_id = make_message_id(
        "offer-reminder", offer.id, offer.expires_on, contact.id, domain=settings.mail_domain
    )
    return _message(
        "offer-reminder", contact, ctx, message_id=message_id, settings=settings, now=now
    )


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
    call = session.get(Call, offer.call_id) if offer.call_id is not None else None
    introduced = is_introduction(offer, interest)
    interested_addresses = (
        shareable_contacts(session, participant_id=interested.id) if introduced else []
    )
    queued = 0
    for contact in mailable_contacts(session, participant_id=poster.id):
        email = interest_received_email(
            contact=contact,
            offer=offer,
            call=call,
            poster=poster,
            interest=interest,
            interested=interested,
            shared_contacts=interested_addresses,
            settings=settings,
            now=now,
        )
        queue(session, email, kind="interest", contact=contact, now=now)
        queued += 1
    if introduced and queued:
        poster_addresses = shareable_contacts(session, participant_id=poster.id)
        for contact in mailable_contacts(session, participant_id=interested.id):
            email = interest_introduction_email(
                contact=contact,
                offer=offer,
                call=call,
                poster=poster,
                interested=interested,
                shared_contacts=poster_addresses,
                settings=settings,
                now=now,
            )
            queue(session, email, kind="interest", contact=contact, now=now)
            queued += 1
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
    queued = 0
    for contact in mailable_contacts(session, participant_id=poster.id):
        email = offer_reminder_email(
            contact=contact,
            offer=offer,
            call=call,
            poster=poster,
            interest_count=interest_count,
            settings=settings,
            now=now,
        )
        queue(session, email, kind="offer-reminder", contact=contact, now=now)
        queued += 1
    return queued
