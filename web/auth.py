"""Passwordless login: magic links, server-side sessions, and the rate limit.

- Asking for a link answers the same whatever the address: an unknown address still gets a
  (dead, already-used) LoginToken row, so the rate limit counts it exactly like a known
  one and its 429 tells nothing either.
- A link works once, for 15 minutes, and is stored hashed. Its GET only shows a button
  (mail scanners follow GET links); the POST spends it with a conditional UPDATE.
- A session is a random id in an HttpOnly cookie, stored hashed with its CSRF token; a new
  one is made at every login (the old one revoked) and revoked at logout.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from models.account import LoginToken, WebSession, secret_hash
from models.digest import OutboxMessage
from models.participant import Contact
from models.settings import Settings
from web import queries
from web.i18n import translate
from web.page import Visitor
from web.security import ANON_CSRF_COOKIE, SESSION_COOKIE, cookie_name, new_secret

LOGIN_TOKEN_LIFETIME = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(days=14)
RATE_WINDOW_MINUTES = 15
MAX_LINKS_PER_EMAIL = 5
MAX_LINKS_PER_CLIENT = 20  # a city hall's staff may share one public address
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")


def normalise_email(value: str) -> str | None:
    """A lower-cased address if it looks like one, else None."""
    email = value.strip().lower()
    return email if len(email) <= 320 and _EMAIL.match(email) else None


@dataclass(frozen=True)
class LinkRequest:
    """The outcome of asking for a link, as the page may tell it (never whether sent)."""

    rate_limited: bool


def is_rate_limited(*, session: Session, email: str, client: str | None, now: datetime) -> bool:
    """Too many links (login or sign-up) asked for this address or from this client lately."""
    since = queries.recent_cutoff(now, RATE_WINDOW_MINUTES)
    by_email = queries.login_attempts_since(session=session, since=since, email=email)
    by_client = (
        queries.login_attempts_since(session=session, since=since, client=client) if client else 0
    )
    return by_email >= MAX_LINKS_PER_EMAIL or by_client >= MAX_LINKS_PER_CLIENT


def member_contact(*, session: Session, email: str) -> Contact | None:
    """The confirmed contact of `email`: a sign-up logs in only once its address is
    confirmed (conventions §4), through the link of its confirmation mail."""
    contact = queries.contact_by_email(session=session, email=email)
    return contact if contact is not None and contact.confirmed else None


def request_login_link(
    *, session: Session, settings: Settings, email: str, client: str | None, now: datetime
) -> LinkRequest:
    """Record the attempt; queue a magic-link mail when the address belongs to someone."""
    if is_rate_limited(session=session, email=email, client=client, now=now):
        return LinkRequest(rate_limited=True)
    contact = member_contact(session=session, email=email)
    admin = queries.admin_by_email(session=session, email=email)
    token = secrets.token_urlsafe(32)
    known = contact is not None or admin is not None
    session.add(
        LoginToken(
            token_hash=secret_hash(token),
            email=email,
            client=client[:100] if client else None,
            created_at=now,
            expires_at=now + LOGIN_TOKEN_LIFETIME,
            used_at=None if known else now,  # an unknown address's row is dead at birth
        )
    )
    if known:
        language = contact.language if contact is not None else "en"
        session.add(
            login_message(
                settings=settings,
                recipient=contact.email if contact is not None else email,
                token=token,
                language=language,
                contact_id=contact.id if contact is not None else None,
                now=now,
            )
        )
    return LinkRequest(rate_limited=False)


def login_message(
    *,
    settings: Settings,
    recipient: str,
    token: str,
    language: str,
    contact_id: int | None,
    now: datetime,
) -> OutboxMessage:
    """The magic-link mail as an outbox row; the notifier's sender delivers it."""
    link = f"{settings.base_url}/login/{token}"
    return link_message(
        settings=settings,
        kind="login",
        recipient=recipient,
        subject=translate("Your login link for fundwatch", language),
        paragraphs=(
            translate("Hello,", language),
            translate(
                "open this link to log in to fundwatch (it works once, for 15 minutes):", language
            )
            + f"\n{link}",
            translate("If you did not ask for it, ignore this message.", language),
        ),
        contact_id=contact_id,
        now=now,
    )


def link_message(
    *,
    settings: Settings,
    kind: str,
    recipient: str,
    subject: str,
    paragraphs: tuple[str, ...],
    contact_id: int | None,
    now: datetime,
) -> OutboxMessage:
    """A plain-text mail carrying a one-time link (login, sign-up) as a queued outbox row."""
    message_id = make_msgid(idstring=kind, domain=settings.mail_domain)
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content("\n\n".join(paragraphs) + "\n")
    return OutboxMessage(
        kind=kind,
        contact_id=contact_id,
        recipient=recipient,
        subject=subject,
        message_id=message_id,
        content=message.as_bytes(),
        status="queued",
        next_attempt_at=now,
        created_at=now,
    )


def start_session(
    *, session: Session, email: str, now: datetime, previous_hash: str | None
) -> tuple[str, WebSession] | None:
    """A new session for the person behind `email` (its cookie value and row), or None.

    The previous session of this browser, if any, is revoked: the id is rotated at login.
    """
    contact = member_contact(session=session, email=email)
    admin = queries.admin_by_email(session=session, email=email)
    if contact is None and admin is None:
        return None
    if previous_hash is not None:
        queries.revoke_web_session(session=session, session_hash=previous_hash, now=now)
    session_id = new_secret()
    row = WebSession(
        session_hash=secret_hash(session_id),
        email=email,
        contact_id=contact.id if contact is not None else None,
        is_admin=admin is not None,
        csrf_token=new_secret(),
        created_at=now,
        last_seen_at=now,
        expires_at=now + SESSION_LIFETIME,
    )
    session.add(row)
    return session_id, row


def load_visitor(*, session: Session, session_id: str, now: datetime) -> Visitor | None:
    """The logged-in person of a session cookie, or None for an unknown/expired/revoked id."""
    session_hash = secret_hash(session_id)
    row = queries.live_web_session(session=session, session_hash=session_hash, now=now)
    if row is None:
        return None
    contact: Contact | None = None
    if row.contact_id is not None:
        contact = session.get(Contact, row.contact_id)
    return Visitor(
        email=row.email,
        session_hash=session_hash,
        csrf_token=row.csrf_token,
        is_admin=row.is_admin,
        contact_id=contact.id if contact is not None else None,
        participant_id=contact.participant_id if contact is not None else None,
        contact_language=contact.language if contact is not None else None,
    )


def logged_in_response(settings: Settings, session_id: str, *, location: str) -> Response:
    """The redirect that starts a session: the session cookie set (Secure and __Host- on
    https), the anonymous CSRF cookie dropped, nothing cached."""
    response = RedirectResponse(location, status_code=303)
    response.set_cookie(
        cookie_name(settings, SESSION_COOKIE),
        session_id,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path="/",
        secure=settings.is_https,
        httponly=True,
        samesite="lax",
    )
    response.delete_cookie(
        cookie_name(settings, ANON_CSRF_COOKIE), path="/", secure=settings.is_https, httponly=True
    )
    response.headers["Cache-Control"] = "no-store"
    return response
