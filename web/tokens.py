"""The signed per-contact links of the digests, as the web app uses them.

A thin adapter over notifier/tokens.py (the digests part owns the token format): the web
app hosts the endpoints, the notifier signs the links in each message.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from models.participant import Contact
from notifier import tokens


def contact_of_unsubscribe_token(
    *, session: Session, token: str, secret_key: str
) -> Contact | None:
    return tokens.contact_for_token(
        session=session, token=token, purpose="unsubscribe", secret_key=secret_key
    )


def contact_of_preferences_token(
    *, session: Session, token: str, secret_key: str
) -> Contact | None:
    return tokens.contact_for_token(
        session=session, token=token, purpose="preferences", secret_key=secret_key
    )


def preferences_token(*, contact: Contact, secret_key: str) -> str:
    return tokens.make_token(
        contact_id=contact.id, email=contact.email, purpose="preferences", secret_key=secret_key
    )


def unsubscribe(*, session: Session, token: str, secret_key: str, now: datetime) -> Contact | None:
    """Unsubscribe the token's contact (idempotent); None for a bad token."""
    return tokens.unsubscribe_by_token(session=session, token=token, secret_key=secret_key, now=now)


def unsubscribe_token(*, contact: Contact, secret_key: str) -> str:
    return tokens.make_token(
        contact_id=contact.id, email=contact.email, purpose="unsubscribe", secret_key=secret_key
    )
