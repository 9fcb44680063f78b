"""Members of the Alliance (cities, regions, other bodies) and the people who get digests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow

FREQUENCIES = ("daily", "weekly", "monthly")
CONTACT_LANGUAGES = ("en", "fr")
BOUNCE_STATES = ("ok", "soft", "hard")


class Participant(Base):
    """A member city, region or other body, with the profile that matching reads."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2), index=True)
    applicant_type: Mapped[str] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(300))
    population: Mapped[int | None] = mapped_column(Integer)
    languages: Mapped[list[Any]] = mapped_column(default=list)
    themes: Mapped[list[Any]] = mapped_column(default=list)
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    profile: Mapped[str | None] = mapped_column(Text)
    wants_tenders: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="participant",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Contact.id",
    )

    def __repr__(self) -> str:
        return f"<Participant {self.public_id} {self.country} {self.applicant_type}>"


class Contact(Base):
    """A person (address) of a participant who receives digests in its language."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320), unique=True)
    language: Mapped[str] = mapped_column(String(2), default="en")
    frequency: Mapped[str] = mapped_column(String(10), default="weekly")
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    confirmed_at: Mapped[datetime | None]
    consent_at: Mapped[datetime | None]
    unsubscribed_at: Mapped[datetime | None]
    bounce_state: Mapped[str] = mapped_column(String(10), default="ok")
    bounce_count: Mapped[int] = mapped_column(Integer, default=0)
    last_bounce_at: Mapped[datetime | None]
    # Secret of the contact's personal iCalendar feed URL (rotatable).
    feed_secret: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="contacts")

    @property
    def receives_digests(self) -> bool:
        """Confirmed, subscribed and not hard-bouncing."""
        return self.confirmed and self.unsubscribed_at is None and self.bounce_state != "hard"
