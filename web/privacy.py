"""A member's personal data: its JSON export, erasing its contact, and the suppression list.

- The export holds what the service keeps about the member's participant and contact:
  profile, preferences, consents with their times, bookmarks, offers (with the member's own
  consent to share contacts) and interests. Of another participant's interest in its
  offers it holds what the member already sees on its pages: who, the message and the
  state; never that side's consent or addresses.
- Erasing deletes the contact and what hangs on it (sessions, bookmarks, API tokens,
  digests, unsent mail, login links), and writes the address, hashed, to the suppression
  list: it is never mailed again, and sign-up and import must refuse it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from models.account import (
    ApiToken,
    Bookmark,
    LoginToken,
    Suppression,
    WebSession,
    email_hash,
    is_suppressed,
)
from models.call import Call
from models.digest import Digest, OutboxMessage
from models.offer import Interest, PartnerOffer
from models.participant import Contact, Participant


def suppress(session: Session, email: str, *, reason: str, now: datetime) -> None:
    if not is_suppressed(session, email):
        session.add(Suppression(email_hash=email_hash(email), reason=reason, created_at=now))


def erase_contact(session: Session, *, contact: Contact, now: datetime) -> None:
    """Delete the contact and every row that holds its address; suppress the address.

    The participant (an organisation, managed with the Taskforce) and its offers stay; an
    offer no longer names any address once its poster's contacts are gone.
    """
    email = contact.email
    contact_id = contact.id
    suppress(session, email, reason="erased", now=now)
    # Rows that keep the address itself, not only a key to the contact.
    session.execute(
        delete(OutboxMessage).where(
            or_(OutboxMessage.contact_id == contact_id, OutboxMessage.recipient == email)
        )
    )
    session.execute(delete(LoginToken).where(LoginToken.email == email))
    # The foreign keys cascade on PostgreSQL and on SQLite (foreign_keys=ON); deleted here
    # explicitly so the erasure does not depend on a database setting.
    for model in (WebSession, Bookmark, ApiToken, Digest):
        session.execute(delete(model).where(model.contact_id == contact_id))
    session.execute(delete(Contact).where(Contact.id == contact_id))
    session.expunge(contact)


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def member_export(session: Session, *, contact: Contact) -> dict[str, Any]:
    """Everything kept about the member's contact and participant, as JSON-ready values."""
    participant = session.get_one(Participant, contact.participant_id)
    bookmarks = session.execute(
        select(Bookmark.created_at, Call.public_id, Call.title)
        .join(Call, Call.id == Bookmark.call_id)
        .where(Bookmark.contact_id == contact.id)
        .order_by(Bookmark.id)
    ).all()
    offers = list(
        session.scalars(
            select(PartnerOffer)
            .where(PartnerOffer.participant_id == participant.id)
            .order_by(PartnerOffer.id)
        )
    )
    call_ids = dict(
        session.execute(  # type: ignore[arg-type]
            select(Call.id, Call.public_id).where(
                Call.id.in_({o.call_id for o in offers if o.call_id is not None})
            )
        ).all()
    )
    sent = session.scalars(
        select(Interest).where(Interest.participant_id == participant.id).order_by(Interest.id)
    ).all()
    received = session.execute(
        select(Interest, Participant.name)
        .join(PartnerOffer, PartnerOffer.id == Interest.offer_id)
        .join(Participant, Participant.id == Interest.participant_id)
        .where(PartnerOffer.participant_id == participant.id)
        .order_by(Interest.id)
    ).all()
    return {
        "participant": {
            "id": participant.public_id,
            "name": participant.name,
            "country": participant.country,
            "applicant_type": participant.applicant_type,
            "region": participant.region,
            "population": participant.population,
            "languages": list(participant.languages or []),
            "themes": list(participant.themes or []),
            "keywords": list(participant.keywords or []),
            "profile": participant.profile,
            "tenders": participant.wants_tenders,
            "created_at": _when(participant.created_at),
        },
        "contact": {
            "email": contact.email,
            "language": contact.language,
            "frequency": contact.frequency,
            "bounce_state": contact.bounce_state,
            "calendar_feed": contact.feed_secret is not None,
            "created_at": _when(contact.created_at),
        },
        "consents": {
            "confirmed": contact.confirmed,
            "confirmed_at": _when(contact.confirmed_at),
            "consent_at": _when(contact.consent_at),
            "unsubscribed_at": _when(contact.unsubscribed_at),
        },
        "bookmarks": [
            {"call": public_id, "title": title, "created_at": _when(created)}
            for created, public_id, title in bookmarks
        ],
        "offers": [_offer_record(offer, call_ids.get(offer.call_id or 0)) for offer in offers],
        "interests_expressed": [
            {
                "offer": interest.offer_id,
                "message": interest.message,
                "share_contact": interest.share_contact,
                "state": interest.state,
                "created_at": _when(interest.created_at),
            }
            for interest in sent
        ],
        "interests_received": [
            {
                "offer": interest.offer_id,
                "from": name,
                "message": interest.message,
                "state": interest.state,
                "created_at": _when(interest.created_at),
            }
            for interest, name in received
        ],
    }


def _offer_record(offer: PartnerOffer, call: str | None) -> dict[str, Any]:
    return {
        "id": offer.id,
        "kind": offer.kind,
        "title": offer.title,
        "description": offer.description,
        "call": call,
        "themes": list(offer.themes or []),
        "countries": list(offer.countries or []),
        "roles": list(offer.roles or []),
        "applicant_types": list(offer.applicant_types or []),
        "languages": list(offer.languages or []),
        "expires": _when(offer.expires_on),
        "status": offer.status,
        "share_contact": offer.share_contact,
        "created_at": _when(offer.created_at),
        "updated_at": _when(offer.updated_at),
    }
