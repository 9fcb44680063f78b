"""Funding calls: identity and aliases, source URLs, field history and tag corrections."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, JSONType, utcnow

CALL_STATUSES = ("forthcoming", "open", "closed")
# Fields a source, the classifier or a Taskforce correction may set; each has an origin.
TAG_FIELDS = (
    "language",
    "themes",
    "applicant_types",
    "countries",
    "deadline",
    "max_amount_eur",
    "funding_type",
    "partnership_required",
    "cross_border",
)
ORIGINS = ("source", "auto", "manual")


class Call(Base):
    """One funding call, however many sources list it."""

    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(300), unique=True)
    title: Mapped[str] = mapped_column(Text)
    description_html: Mapped[str | None] = mapped_column(Text)
    description_text: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    funder: Mapped[str | None] = mapped_column(String(300))
    programme: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[date | None] = mapped_column(Date)
    opening_date: Mapped[date | None] = mapped_column(Date)
    deadlines: Mapped[list[Any]] = mapped_column(default=list)
    next_deadline: Mapped[date | None] = mapped_column(Date, index=True)
    source_status: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    min_amount: Mapped[float | None] = mapped_column(Float)
    max_amount: Mapped[float | None] = mapped_column(Float)
    total_amount: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    max_amount_eur: Mapped[float | None] = mapped_column(Float)
    cofinancing_rate: Mapped[float | None] = mapped_column(Float)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Tags (ids of matcher/taxonomy.yaml), their evidence and where each came from.
    themes: Mapped[list[Any]] = mapped_column(default=list)
    applicant_types: Mapped[list[Any]] = mapped_column(default=list)
    countries: Mapped[list[Any]] = mapped_column(default=list)
    funding_type: Mapped[str | None] = mapped_column(String(32))
    partnership_required: Mapped[bool | None] = mapped_column(Boolean)
    cross_border: Mapped[bool | None] = mapped_column(Boolean)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    tags_origin: Mapped[dict[str, Any]] = mapped_column(default=dict)
    classifier_version: Mapped[str | None] = mapped_column(String(100))
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)

    aliases: Mapped[list[CallAlias]] = relationship(
        back_populates="call", cascade="all, delete-orphan", passive_deletes=True
    )
    sources: Mapped[list[CallSource]] = relationship(
        back_populates="call", cascade="all, delete-orphan", passive_deletes=True
    )
    changes: Mapped[list[CallChange]] = relationship(
        back_populates="call",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CallChange.id",
    )

    def set_deadlines(self, deadlines: Iterable[date], *, today: date) -> None:
        """Store every deadline (sorted, unique) and derive the next one from today."""
        unique = sorted(set(deadlines))
        self.deadlines = [d.isoformat() for d in unique]
        self.next_deadline = next_deadline(unique, today=today)

    def deadline_dates(self) -> list[date]:
        return [date.fromisoformat(d) for d in self.deadlines or []]

    def refresh_status(self, *, today: date) -> str:
        """Closed once every deadline passed; else the source's status; else by opening date."""
        dates = self.deadline_dates()
        self.next_deadline = next_deadline(dates, today=today)
        if dates and max(dates) < today:
            self.status = "closed"
        elif self.source_status in CALL_STATUSES:
            self.status = self.source_status
        elif self.opening_date is not None and self.opening_date > today:
            self.status = "forthcoming"
        else:
            self.status = "open"
        return self.status

    def origin_of(self, field: str) -> str | None:
        return (self.tags_origin or {}).get(field)

    def is_rolling(self) -> bool:
        return not self.deadlines

    def __repr__(self) -> str:
        return f"<Call {self.public_id} {self.status}>"


def next_deadline(deadlines: Iterable[date], *, today: date) -> date | None:
    """The first deadline on or after today; the last one when all have passed; None if none."""
    ordered = sorted(deadlines)
    if not ordered:
        return None
    return next((d for d in ordered if d >= today), ordered[-1])


class CallAlias(Base):
    """Another id or URL under which the same call is known (after a merge or from a source)."""

    __tablename__ = "call_aliases"

    alias: Mapped[str] = mapped_column(String(700), primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="id")

    call: Mapped[Call] = relationship(back_populates="aliases")


class CallSource(Base):
    """One place a call was found: the source and the URL it gave."""

    __tablename__ = "call_sources"
    __table_args__ = (UniqueConstraint("call_id", "source_key", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    source_key: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2000))
    item_id: Mapped[str | None] = mapped_column(String(700))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    call: Mapped[Call] = relationship(back_populates="sources")


class CallChange(Base):
    """A field of a call that changed: a moved deadline, a new status, a changed budget."""

    __tablename__ = "call_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[Any | None] = mapped_column(type_=JSONType)
    new_value: Mapped[Any | None] = mapped_column(type_=JSONType)
    source_key: Mapped[str | None] = mapped_column(String(100))

    call: Mapped[Call] = relationship(back_populates="changes")


class TagFeedback(Base):
    """A Taskforce correction of a tag: applied as origin=manual and kept as training data."""

    __tablename__ = "tag_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[Any | None] = mapped_column(type_=JSONType)
    new_value: Mapped[Any | None] = mapped_column(type_=JSONType)
    author: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    trained_at: Mapped[datetime | None]
