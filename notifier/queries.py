"""Data access of the notifier: keyword-only functions named for the question they answer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, String, and_, cast, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from matcher.matching import CALL_FACT_ATTRIBUTES, LIVE_STATUSES, Profile, call_words
from matcher.taxonomy import load_taxonomy
from models.call import Call
from models.digest import Digest, DigestItem, OutboxMessage
from models.participant import Contact
from notifier.periods import FREQUENCIES, period_of
from notifier.plan import History


def receiving_contacts() -> Any:
    """The condition of a contact that gets digests: confirmed, subscribed, not bouncing hard."""
    return and_(
        Contact.confirmed.is_(True),
        Contact.unsubscribed_at.is_(None),
        Contact.bounce_state != "hard",
    )


def due_contacts(*, session: Session, as_of: date, frequency: str | None = None) -> list[Contact]:
    """Contacts that get digests and have none yet for the period holding `as_of` at their
    frequency (with their participant loaded), by id."""
    found: list[Contact] = []
    for freq in [frequency] if frequency else list(FREQUENCIES):
        period = period_of(freq, as_of)
        built = exists().where(Digest.contact_id == Contact.id, Digest.period == period)
        query = (
            select(Contact)
            .where(receiving_contacts(), Contact.frequency == freq, ~built)
            .options(selectinload(Contact.participant))
        )
        found.extend(session.scalars(query))
    return sorted(found, key=lambda contact: contact.id)


def live_on(as_of: date, *, session: Session) -> Any:
    """The SQL condition of a live call on `as_of`: shown, open or forthcoming, and with a
    deadline on or after `as_of`, or none (rolling): `matcher.matching.CallFacts.is_live`."""
    dialect = session.get_bind().dialect.name
    each = _elements(Call.deadlines, dialect)
    value = each.c.value.collate("C") if dialect == "postgresql" else each.c.value
    last = select(func.max(value)).scalar_subquery()  # ISO dates: as strings, in date order
    return and_(
        Call.hidden.is_(False),
        Call.status.in_(LIVE_STATUSES),
        or_(last.is_(None), last >= as_of.isoformat()),
    )


def live_calls(*, session: Session, as_of: date) -> list[Call]:
    """The calls live on `as_of` (`live_on`), by id."""
    query = select(Call).where(live_on(as_of, session=session)).order_by(Call.id)
    return list(session.scalars(query.execution_options(yield_per=2000)))


def live_call_stamps(*, session: Session, as_of: date) -> dict[int, str]:
    """The calls `live_calls` gives, by id, each with a stamp that changes when its title or
    description does: its last change, content hash and text lengths, as one string."""
    calls = Call.__table__.c  # Core columns, one string a row: 20,000 rows stay cheap
    stamp = cast(calls.last_changed_at, String)
    for part in (
        func.coalesce(calls.content_hash, ""),
        cast(func.length(calls.title), String),
        cast(func.length(calls.description_text), String),
    ):
        stamp = stamp + "|" + part
    query = select(calls.id, stamp).where(live_on(as_of, session=session))
    return {call_id: stamp for call_id, stamp in session.execute(query)}


def call_texts(*, session: Session, call_ids: Sequence[int]) -> Iterator[tuple[int, str]]:
    """Each call's id and words (`call_words`: title and description normalised)."""
    for chunk in _chunks(call_ids, 2000):
        query = select(Call.id, Call.title, Call.description_text).where(Call.id.in_(chunk))
        for row in session.execute(query):
            yield row.id, call_words(row)


# What matching reads of a call.
MATCH_COLUMNS = tuple(getattr(Call, name) for name in CALL_FACT_ATTRIBUTES)


def candidate_calls(*, session: Session, profile: Profile, as_of: date) -> list[Row[Any]]:
    """The shown open or forthcoming calls that can match `profile` (MATCH_COLUMNS), by id.

    The hard filters of `matcher.matching.match_call` run here as far as SQL can state them
    (live on `as_of`, country, applicant type, tenders, themes when the profile has no
    keywords: keywords need the normalised text); a superset of the matches, which
    `match_call` then decides.
    """
    if not profile.themes and not profile.keywords:
        return []
    dialect = session.get_bind().dialect.name
    groups = [g.id for g in load_taxonomy().country_groups.values() if profile.country in g.members]
    conditions = [
        _none_or_any(Call.countries, [profile.country, *groups], dialect, upper=profile.country),
        _none_or_any(Call.applicant_types, [profile.applicant_type], dialect),
    ]
    if not profile.wants_tenders:
        conditions.append(or_(Call.funding_type.is_(None), Call.funding_type != "tender"))
    if not profile.keywords:
        conditions.append(_any(Call.themes, sorted(profile.themes), dialect))
    # Last: SQLite tests the conditions in order, and this one reads every deadline of a
    # call (over 20,000 calls, about 75 ms alone, the others 10 to 20 ms each).
    conditions.append(live_on(as_of, session=session))
    query = select(*MATCH_COLUMNS).where(*conditions).order_by(Call.id)
    return list(session.execute(query))


def _elements(column: Any, dialect: str) -> Any:
    """The elements of a JSON list column, as a table with a `value` column."""
    if dialect == "postgresql":
        return func.jsonb_array_elements_text(column).table_valued("value")
    return func.json_each(column).table_valued("value")


def _any(column: Any, values: Sequence[str], dialect: str, *, upper: str | None = None) -> Any:
    """The JSON list `column` holds one of `values` (or an element whose upper case is
    `upper`)."""
    each = _elements(column, dialect)
    hit = each.c.value.in_(values)
    if upper is not None:
        hit = or_(hit, func.upper(each.c.value) == upper)
    return exists(select(1).select_from(each).where(hit))


def _none_or_any(column: Any, values: Sequence[str], dialect: str, **kwargs: Any) -> Any:
    """The JSON list `column` is empty (not stated) or holds one of `values`."""
    empty = ~exists(select(1).select_from(_elements(column, dialect)))
    return or_(empty, _any(column, values, dialect, **kwargs))


def calls_by_id(*, session: Session, call_ids: Sequence[int]) -> dict[int, Call]:
    found: dict[int, Call] = {}
    for chunk in _chunks(call_ids, 2000):
        found.update(
            (call.id, call) for call in session.scalars(select(Call).where(Call.id.in_(chunk)))
        )
    return found


def sent_histories(
    *, session: Session, contact_ids: Sequence[int], before_period: dict[int, str] | None = None
) -> dict[int, History]:
    """What each contact received before: its earlier digests' items, oldest first.

    A digest whose message failed (the address bounced) does not count as received.
    `before_period` leaves out each contact's digest of that period (for a preview).
    """
    histories: dict[int, list[tuple[int, dict[str, Any], date]]] = defaultdict(list)
    has_digest: set[int] = set()
    failed = exists().where(OutboxMessage.digest_id == Digest.id, OutboxMessage.status == "failed")
    for chunk in _chunks(contact_ids, 500):
        query = (
            select(
                Digest.contact_id,
                Digest.period,
                DigestItem.call_id,
                DigestItem.snapshot,
                Digest.as_of,
            )
            .join(DigestItem, DigestItem.digest_id == Digest.id)
            .where(Digest.contact_id.in_(chunk), ~failed)
            .order_by(Digest.as_of, Digest.id)
        )
        for contact_id, period, call_id, snapshot, as_of in session.execute(query):
            if before_period and before_period.get(contact_id) == period:
                continue
            has_digest.add(contact_id)
            histories[contact_id].append((call_id, snapshot or {}, as_of))
    return {
        contact_id: History.from_rows(histories.get(contact_id, []))
        if contact_id in has_digest
        else History()
        for contact_id in contact_ids
    }


def contact_by_email(*, session: Session, email: str) -> Contact | None:
    query = (
        select(Contact)
        .where(func.lower(Contact.email) == email.strip().lower())
        .options(selectinload(Contact.participant))
    )
    return session.scalar(query)


def contact_by_id(*, session: Session, contact_id: int) -> Contact | None:
    query = (
        select(Contact).where(Contact.id == contact_id).options(selectinload(Contact.participant))
    )
    return session.scalar(query)


def digest_exists(*, session: Session, contact_id: int, period: str) -> bool:
    query = select(Digest.id).where(Digest.contact_id == contact_id, Digest.period == period)
    return session.scalar(query) is not None


def outbox_counts(*, session: Session) -> dict[str, int]:
    """Messages in the outbox by status."""
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    return {status: count for status, count in rows}


def _chunks(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
