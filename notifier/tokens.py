"""Signed per-contact tokens for the unsubscribe and preferences links of every digest.

A token is `<contact id>.<signature>`: HMAC-SHA256 under SECRET_KEY of the purpose, the
contact id and its address, cut to 128 bits and base64url-encoded. It needs no storage and
does not expire (RFC 8058 one-click links must keep working in old mail); it stops working
when the address of the contact changes or SECRET_KEY is rotated. Each purpose signs
differently, so an unsubscribe token never opens the preferences page, nor the reverse.

The web app (issue 8) hosts the endpoints and calls `contact_for_token()` or
`unsubscribe_by_token()`; the RFC 8058 POST needs no cookie and no CSRF token because the
token is the authority.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from typing import Literal
from urllib.parse import quote

from sqlalchemy.orm import Session

from models.base import utcnow
from models.participant import Contact
from models.settings import Settings

Purpose = Literal["unsubscribe", "preferences"]
PURPOSES: tuple[Purpose, ...] = ("unsubscribe", "preferences")
_SIGNATURE_BYTES = 16


def _signature(*, contact_id: int, email: str, purpose: str, secret_key: str) -> str:
    message = f"fundwatch/{purpose}/{contact_id}/{email.strip().lower()}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()[:_SIGNATURE_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def make_token(*, contact_id: int, email: str, purpose: Purpose, secret_key: str) -> str:
    """The token of `purpose` for a contact (URL-safe: digits, letters, `-`, `_`, `.`)."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    signature = _signature(
        contact_id=contact_id, email=email, purpose=purpose, secret_key=secret_key
    )
    return f"{contact_id}.{signature}"


def token_contact_id(token: str) -> int | None:
    """The contact id a token claims (unverified), or None when it is not shaped as one."""
    head, dot, signature = token.partition(".")
    if not dot or not head.isdigit() or not signature or len(head) > 18:
        return None
    return int(head)


def check_token(
    token: str, *, contact_id: int, email: str, purpose: Purpose, secret_key: str
) -> bool:
    """Whether `token` is the `purpose` token of that contact (constant-time comparison)."""
    if token_contact_id(token) != contact_id:
        return False
    expected = make_token(
        contact_id=contact_id, email=email, purpose=purpose, secret_key=secret_key
    )
    return hmac.compare_digest(token.encode(), expected.encode())


def contact_for_token(
    *, session: Session, token: str, purpose: Purpose, secret_key: str
) -> Contact | None:
    """The contact a valid `purpose` token belongs to, or None (unknown, forged, stale)."""
    contact_id = token_contact_id(token)
    if contact_id is None:
        return None
    contact = session.get(Contact, contact_id)
    if contact is None:
        return None
    valid = check_token(
        token, contact_id=contact.id, email=contact.email, purpose=purpose, secret_key=secret_key
    )
    return contact if valid else None


def unsubscribe_by_token(
    *, session: Session, token: str, secret_key: str, now: datetime | None = None
) -> Contact | None:
    """Unsubscribe the contact of a valid unsubscribe token (idempotent); None if invalid.

    The first unsubscription time is kept when the link is used again.
    """
    contact = contact_for_token(
        session=session, token=token, purpose="unsubscribe", secret_key=secret_key
    )
    if contact is not None and contact.unsubscribed_at is None:
        contact.unsubscribed_at = now or utcnow()
    return contact


def link(base_url: str, purpose: Purpose, token: str) -> str:
    """`{base_url}/unsubscribe/{token}` or `{base_url}/preferences/{token}`."""
    return f"{base_url.rstrip('/')}/{purpose}/{quote(token, safe='.')}"


@dataclass(frozen=True)
class ListLinks:
    """The signed links every mail to a contact carries (footer and headers)."""

    unsubscribe_url: str
    preferences_url: str
    unsubscribe_mailto: str

    def headers(self, list_id: str) -> dict[str, str]:
        """List-Id, List-Unsubscribe (https and mailto) and the RFC 8058 one-click header."""
        return {
            "List-Id": list_id,
            "List-Unsubscribe": f"<{self.unsubscribe_url}>, <{self.unsubscribe_mailto}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }


def list_links(contact: Contact, settings: Settings) -> ListLinks:
    """The contact's unsubscribe and preferences links, signed with SECRET_KEY."""
    secret = settings.get_secret_key()
    unsubscribe, preferences = (
        make_token(contact_id=contact.id, email=contact.email, purpose=p, secret_key=secret)
        for p in PURPOSES
    )
    from_address = parseaddr(settings.mail_from)[1] or f"fundwatch@{settings.mail_domain}"
    return ListLinks(
        unsubscribe_url=link(settings.base_url, "unsubscribe", unsubscribe),
        preferences_url=link(settings.base_url, "preferences", preferences),
        unsubscribe_mailto=f"mailto:{from_address}?subject=unsubscribe%20{unsubscribe}",
    )
