"""Web access: magic-link logins, server-side sessions, admins, API tokens, bookmarks, and
the suppression list that keeps an erased address from ever being mailed again.

Every secret (login link, session id, API token) is stored only as its SHA-256 hash.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def email_hash(email: str) -> str:
    """The suppression list's key of an address."""
    return secret_hash(email.strip().lower())


def is_suppressed(session: Session, email: str) -> bool:
    """Whether `email` was erased: it must never be mailed, signed up or imported again."""
    return session.get(Suppression, email_hash(email)) is not None


class LoginToken(Base):
    """A single-use magic link (15 minutes), stored hashed."""

    __tablename__ = "login_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    client: Mapped[str | None] = mapped_column(String(100), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class WebSession(Base):
    """A server-side session; the cookie holds only the random id, stored here hashed."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(320))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class AdminUser(Base):
    """A Taskforce member (admin role); logs in by magic link like members."""

    __tablename__ = "admin_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A bearer token for the JSON API (`fundwatch tokens create`), stored hashed."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class Bookmark(Base):
    """A call a contact keeps an eye on (it gets the closing-soon reminders)."""

    __tablename__ = "bookmarks"
    __table_args__ = (UniqueConstraint("contact_id", "call_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Suppression(Base):
    """An erased address (hashed): never mailed again, never re-imported as a contact."""

    __tablename__ = "suppressions"

    email_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    reason: Mapped[str] = mapped_column(String(50), default="erased")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
