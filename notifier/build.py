"""`digest build`: decide each due contact's digest, render it, and queue it in the outbox.

For every due contact (confirmed, subscribed, no digest yet for the period holding `as_of`
at its frequency): match its participant against the live calls, sort the matches into
sections from what the contact got before, render the message, and write the `Digest`, its
items and the `OutboxMessage` atomically for that contact (a savepoint of its own, committed
with a batch of contacts). The unique (contact, period) key makes a second build, or a
concurrent one, a no-op for that contact.

An empty digest writes nothing: not sent, and the contact stays due, so a call arriving
later in the period is sent on the next build (the scheduler may build daily). Rebuilding
with nothing new stays a no-op.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matcher.matching import CallFacts, Match, Profile
from models.base import utcnow
from models.call import Call
from models.db import read_session, write_session
from models.digest import Digest, DigestItem, OutboxMessage
from models.participant import Contact
from models.settings import Settings
from notifier import queries
from notifier.content import CallViews, digest_context, digest_message
from notifier.emails import Email
from notifier.matchindex import CallIndex, CallWords
from notifier.periods import period_of
from notifier.plan import DigestPlan, History, plan_digest
from notifier.sections import ExtraSection, SectionProvider, default_providers

CONTACT_CHUNK = 250  # contacts decided and rendered before their batch is written
WRITE_BATCH = 100


@dataclass
class BuildReport:
    as_of: date
    due: int = 0
    built: int = 0
    empty: int = 0
    already_built: int = 0
    items: int = 0
    calls: int = 0
    seconds: float = 0.0
    periods: set[str] = field(default_factory=set)

    def summary(self) -> str:
        return (
            f"{self.built} digests queued ({self.items} calls), {self.empty} empty, "
            f"{self.already_built} already built; {self.due} contacts due, "
            f"{self.calls} live calls, {self.seconds:.1f}s"
        )


@dataclass
class Decision:
    """One contact's digest, decided and rendered, ready to be written."""

    contact: Contact
    period: str
    plan: DigestPlan
    extra: list[tuple[SectionProvider, ExtraSection]]
    email: Email | None
    content: bytes | None = None
    # What the digest shows (`notifier.content.digest_context`); None when it is empty.
    context: dict[str, Any] | None = None

    @property
    def is_empty(self) -> bool:
        return self.plan.is_empty and not self.extra


class MatchSource:
    """The live calls of `as_of` and each participant's matches, computed once per run (a
    build; one contact's matches are `contact_matches`)."""

    def __init__(self, calls: Sequence[Call], *, as_of: date) -> None:
        self.calls = {call.id: call for call in calls}
        self.index = CallIndex([CallFacts.of(call) for call in calls], today=as_of)

    def matches_for(self, contacts: Sequence[Contact]) -> dict[int, list[tuple[Call, Match]]]:
        participants = {c.participant_id: c.participant for c in contacts}
        profiles = [Profile.of(p) for p in participants.values()]
        return {
            profile.key: [(self.calls[m.call_key], m) for m in matches]
            for profile, matches in self.index.match(profiles)
        }


_CALL_WORDS: weakref.WeakKeyDictionary[Engine, CallWords] = weakref.WeakKeyDictionary()
_CALL_WORDS_LOCK = threading.Lock()


def _call_words(session: Session) -> CallWords:
    """The words of the live calls kept for the session's database (one per engine)."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with _CALL_WORDS_LOCK:
        words = _CALL_WORDS.get(engine)
        if words is None:
            words = _CALL_WORDS[engine] = CallWords()
        return words


def contact_matches(session: Session, contact: Contact, *, as_of: date) -> list[tuple[Call, Match]]:
    """The live calls of `as_of` that match `contact`, exactly as a build finds them, read
    for this contact alone: the calls its hard filters let through (in SQL), the build's
    index and rules over them, and the text model of every live call (`CallWords`: kept
    between calls, only changed texts read again)."""
    profile = Profile.of(contact.participant)
    rows = queries.candidate_calls(session=session, profile=profile, as_of=as_of)
    if not rows:
        return []
    text = _call_words(session).model(
        queries.live_call_stamps(session=session, as_of=as_of),
        lambda ids: queries.call_texts(session=session, call_ids=ids),
    )
    index = CallIndex([CallFacts.of(row) for row in rows], today=as_of, text=text)
    [(_, matches)] = index.match([profile])
    calls = queries.calls_by_id(session=session, call_ids=[m.call_key for m in matches])
    return [(calls[m.call_key], m) for m in matches]


def decide(
    *,
    session: Session,
    contact: Contact,
    matched: Sequence[tuple[Call, Match]],
    history: History,
    as_of: date,
    settings: Settings,
    sections: Sequence[SectionProvider],
    now: datetime,
    views: CallViews | None = None,
) -> Decision:
    period = period_of(contact.frequency, as_of)
    plan = plan_digest(matched, history, as_of=as_of)
    extra = []
    for provider in sections:
        section = provider.collect(
            session=session, contact=contact, as_of=as_of, period=period, first=plan.first
        )
        if section is not None and section.item_count:
            extra.append((provider, section))
    decision = Decision(contact, period, plan, extra, None)
    if not decision.is_empty:
        decision.context = digest_context(
            contact=contact,
            participant=contact.participant,
            plan=plan,
            period=period,
            settings=settings,
            extra=[section for _, section in extra],
            views=views,
        )
        decision.email = digest_message(
            contact=contact, context=decision.context, period=period, settings=settings, now=now
        )
        decision.content = decision.email.as_bytes()
    return decision


def record(
    engine: Engine, decisions: Sequence[Decision], *, as_of: date, now: datetime
) -> list[bool]:
    """Write each decision's digest, items and outbox row: each contact atomically (its own
    savepoint), committed `WRITE_BATCH` contacts at a time (a commit per contact costs ten
    times more on SQLite). Returns, for each, False when the contact already had a digest
    for the period (another build got there first) and nothing was written for it."""
    written = []
    for start in range(0, len(decisions), WRITE_BATCH):
        with write_session(engine) as session:
            for decision in decisions[start : start + WRITE_BATCH]:
                try:
                    with session.begin_nested():
                        _write(session, decision, as_of=as_of, now=now)
                except IntegrityError:
                    written.append(False)
                else:
                    written.append(True)
    return written


def _write(session: Session, decision: Decision, *, as_of: date, now: datetime) -> None:
    email, content = decision.email, decision.content
    assert email is not None and content is not None
    count = len(decision.plan.items) + sum(section.item_count for _, section in decision.extra)
    # Core statements on the session's connection: the ORM's bulk path costs more than the
    # rendering of the message at this volume.
    connection = session.connection()
    digest_id = connection.execute(
        insert(Digest.__table__)
        .values(
            contact_id=decision.contact.id,
            period=decision.period,
            as_of=as_of,
            built_at=now,
            item_count=count,
        )
        .returning(Digest.__table__.c.id)
    ).scalar_one()
    items = [
        {
            "digest_id": digest_id,
            "call_id": item.call.id,
            "section": item.section,
            "snapshot": item.snapshot,
        }
        for item in decision.plan.items
    ]
    if items:
        connection.execute(insert(DigestItem.__table__), items)
    connection.execute(
        insert(OutboxMessage.__table__).values(
            kind="digest",
            digest_id=digest_id,
            contact_id=decision.contact.id,
            recipient=email.to,
            subject=email.subject,
            message_id=email.message_id,
            content=content,
            status="queued",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )
    for provider, section in decision.extra:
        provider.record(
            session=session, contact=decision.contact, digest_id=digest_id, section=section
        )


def build_digests(
    engine: Engine,
    settings: Settings,
    *,
    as_of: date,
    frequency: str | None = None,
    sections: Sequence[SectionProvider] | None = None,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Build and queue the digest of every due contact for the period holding `as_of`."""
    started = time.perf_counter()
    now = now or utcnow()
    providers = list(default_providers() if sections is None else sections)
    report = BuildReport(as_of=as_of)
    with read_session(engine) as session:
        contacts = queries.due_contacts(session=session, as_of=as_of, frequency=frequency)
        report.due = len(contacts)
        if not contacts:
            report.seconds = time.perf_counter() - started
            return report
        source = MatchSource(queries.live_calls(session=session, as_of=as_of), as_of=as_of)
    report.calls = len(source.index)
    views = CallViews(settings.base_url, offer_counts=_offer_counts(engine, source, as_of))
    done = 0
    for start in range(0, len(contacts), CONTACT_CHUNK):
        chunk = contacts[start : start + CONTACT_CHUNK]
        matches = source.matches_for(chunk)
        with read_session(engine) as session:
            histories = queries.sent_histories(session=session, contact_ids=[c.id for c in chunk])
            decisions = [
                decide(
                    session=session,
                    contact=contact,
                    matched=matches.get(contact.participant_id, []),
                    history=histories[contact.id],
                    as_of=as_of,
                    settings=settings,
                    sections=providers,
                    now=now,
                    views=views,
                )
                for contact in chunk
            ]
        ready = [decision for decision in decisions if not decision.is_empty]
        report.empty += len(decisions) - len(ready)
        for decision, written in zip(
            ready, record(engine, ready, as_of=as_of, now=now), strict=True
        ):
            if written:
                report.built += 1
                report.items += len(decision.plan.items)
                report.periods.add(decision.period)
            else:
                report.already_built += 1
        done += len(chunk)
        if progress is not None:
            progress(done, len(contacts))
    report.seconds = time.perf_counter() - started
    return report


def _offer_counts(engine: Engine, source: MatchSource, as_of: date) -> dict[int, int]:
    """Open partnership offers naming each live call, for the digest item of the call."""
    from notifier.offers import open_offer_counts

    call_ids = list(source.calls)
    with read_session(engine) as session:
        return open_offer_counts(session, call_ids=call_ids, as_of=as_of)


@dataclass
class Preview:
    contact: Contact
    period: str
    already_built: bool
    decision: Decision


def preview_digest(
    engine: Engine,
    settings: Settings,
    *,
    email: str,
    as_of: date,
    sections: Sequence[SectionProvider] | None = None,
    now: datetime | None = None,
) -> Preview | None:
    """What `email` would get for the period holding `as_of`, rendered, nothing written.

    Earlier periods count as received; a digest already built for this period is left out
    of the history, so the preview shows that period's content. None if the address is
    unknown.
    """
    with read_session(engine) as session:
        contact = queries.contact_by_email(session=session, email=email)
        if contact is None:
            return None
        return preview_for(
            session, settings, contact=contact, as_of=as_of, sections=sections, now=now
        )


def preview_for(
    session: Session,
    settings: Settings,
    *,
    contact: Contact,
    as_of: date,
    sections: Sequence[SectionProvider] | None = None,
    now: datetime | None = None,
) -> Preview:
    """`preview_digest` of one contact, in the caller's (read) session."""
    now = now or utcnow()
    providers = list(default_providers() if sections is None else sections)
    period = period_of(contact.frequency, as_of)
    matched = contact_matches(session, contact, as_of=as_of)
    history = queries.sent_histories(
        session=session, contact_ids=[contact.id], before_period={contact.id: period}
    )[contact.id]
    from notifier.offers import open_offer_counts

    counts = open_offer_counts(session, call_ids=[call.id for call, _ in matched], as_of=as_of)
    decision = decide(
        session=session,
        contact=contact,
        matched=matched,
        history=history,
        as_of=as_of,
        settings=settings,
        sections=providers,
        now=now,
        views=CallViews(settings.base_url, offer_counts=counts),
    )
    built = queries.digest_exists(session=session, contact_id=contact.id, period=period)
    return Preview(contact=contact, period=period, already_built=built, decision=decision)


def next_build_at(frequency: str, *, after: datetime, settings: Settings) -> datetime:
    """When the scheduler next builds the digests of `frequency`, at or after `after`.

    Read from the scheduler's own job triggers (daily, weekly, monthly at 07:00 in
    TIMEZONE), so the answer follows its schedule.
    """
    from scheduler import FIXED_JOBS

    spec = next(s for s in FIXED_JOBS if s.func == "digest_job" and s.args == (frequency,))
    when = spec.trigger(settings.zone).get_next_fire_time(None, after.astimezone(settings.zone))
    assert when is not None, f"the {frequency} digest job never fires"
    return when  # type: ignore[no-any-return]


@dataclass
class NextDigest:
    """A contact's next digest: when the scheduler builds it and what it would hold today.

    `due_at` and `preview` are None when the contact receives no digests (unsubscribed,
    not confirmed, or its address bounces).
    """

    contact: Contact
    due_at: datetime | None
    preview: Preview | None


def next_digest(
    session: Session,
    settings: Settings,
    *,
    contact_id: int,
    now: datetime,
    sections: Sequence[SectionProvider] | None = None,
) -> NextDigest | None:
    """The next digest of contact `contact_id` (None if there is no such contact), nothing
    written.

    It is the one the next scheduled build of the contact's frequency makes, for the period
    holding that build's day; a period whose digest already exists (a manual `digest build`)
    is skipped, as the build would skip it. The preview counts every digest built so far as
    received, and lists the calls live on that day, so what it shows is what the contact
    would get if nothing changed until then.
    """
    contact = queries.contact_by_id(session=session, contact_id=contact_id)
    if contact is None:
        return None
    if not contact.receives_digests:
        return NextDigest(contact, None, None)
    due = next_build_at(contact.frequency, after=now, settings=settings)
    for _ in range(3):  # bounded: at most a few periods can have been built ahead
        period = period_of(contact.frequency, due.astimezone(settings.zone).date())
        if not queries.digest_exists(session=session, contact_id=contact.id, period=period):
            break
        due = next_build_at(contact.frequency, after=due + timedelta(seconds=1), settings=settings)
    preview = preview_for(
        session,
        settings,
        contact=contact,
        as_of=due.astimezone(settings.zone).date(),
        sections=sections,
        now=now,
    )
    return NextDigest(contact, due, preview)
