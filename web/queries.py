"""Every database question the web app asks: keyword-only functions taking a session.

Routes never build queries; they call these, named for the question they answer. Hidden
calls are filtered here, once, so no page, feed or API answer can show one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Row,
    Select,
    and_,
    column,
    delete,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session, defer, selectinload
from sqlalchemy.sql import operators, type_coerce
from sqlalchemy.sql.elements import UnaryExpression

from models.account import AdminUser, ApiToken, Bookmark, LoginToken, WebSession
from models.call import Call, CallChange
from models.callstore import find_call
from models.participant import Contact
from models.source import CrawlRun, Source
from notifier.queries import MATCH_COLUMNS
from web.filters import STATUSES, CallFilters, SearchTerm, search_terms

PER_PAGE = 25
MAX_PER_PAGE = 100
# A list counts its matches up to this many ("1,000+ calls"): counting every one of 20,000
# calls on each page view would cost more than the page itself.
COUNT_CAP = 1000
# Bulk answers (feeds, calendar, CSV) are bounded so one request cannot take the server.
FEED_LIMIT = 200
EXPORT_LIMIT = 20_000


# -- calls --------------------------------------------------------------------------------------


_PLAIN_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def _json_list_has(session: Session, column: Any, value: str) -> ColumnElement[bool]:
    """`value` is an element of the JSON list in `column` (JSONB @> on PostgreSQL).

    On SQLite a taxonomy id or country code (letters, digits, hyphens) is matched as the
    quoted string in the stored JSON text with a case-sensitive GLOB: exact for such ids,
    and about twice as fast as json_each(), which matters on every filtered page view.
    """
    if session.get_bind().dialect.name == "postgresql":
        return type_coerce(column, JSONB).contains([value])
    if _PLAIN_ID.match(value):
        return column.op("GLOB")(f'*"{value}"*')
    each = func.json_each(column).table_valued("value")
    return select(literal(1)).select_from(each).where(each.c.value == value).exists()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _call_conditions(
    session: Session, filters: CallFilters, *, today: date
) -> list[ColumnElement[bool]]:
    """The WHERE clause of a filtered list: visible, current calls matching every filter."""
    statuses = (filters.status,) if filters.status else STATUSES
    conditions: list[ColumnElement[bool]] = [
        Call.hidden.is_(False),
        Call.status.in_(statuses),
        # A call whose every deadline passed is over, even before its status is refreshed.
        or_(Call.next_deadline.is_(None), Call.next_deadline >= today),
    ]
    if filters.theme:
        conditions.append(_json_list_has(session, Call.themes, filters.theme))
    if filters.country:
        conditions.append(_json_list_has(session, Call.countries, filters.country))
    if filters.applicant_type:
        conditions.append(_json_list_has(session, Call.applicant_types, filters.applicant_type))
    if filters.funding_type:
        conditions.append(Call.funding_type == filters.funding_type)
    if filters.language:
        conditions.append(Call.language == filters.language)
    if filters.funder:
        conditions.append(Call.funder.ilike(f"%{_escape_like(filters.funder)}%", escape="\\"))
    if filters.deadline_from:
        conditions.append(Call.next_deadline >= filters.deadline_from)
    if filters.deadline_to:
        conditions.append(Call.next_deadline <= filters.deadline_to)
    if filters.q:
        terms = search_terms(filters.q)
        if not terms:  # text without a letter or digit ("%", "-") names nothing to find
            return [false()]
        if session.get_bind().dialect.name == "postgresql":
            return [*conditions, _pg_text_search(terms)]
        return _sqlite_text_search(session, terms, conditions)
    return conditions


# The full-text index of migration 0004: SQLite's FTS5 table (its rowid is the call's id;
# the hidden column named like the table takes MATCH) and PostgreSQL's tsvector column.
_CALLS_SEARCH = table("calls_search", column("rowid"), column("calls_search"))
_SEARCH_VECTOR = literal_column("calls.search_vector")
_SIMPLE = literal_column("'simple'::regconfig")
# On SQLite a search matching at most this many calls is answered from its hits (a lookup
# by id each); a broader one by the listing index, each entry checked against the hits.
FEW_HITS = 1000


def _sqlite_text_search(
    session: Session, terms: Sequence[SearchTerm], conditions: list[ColumnElement[bool]]
) -> list[ColumnElement[bool]]:
    """Calls holding every term in their title or description (accents and case ignored).

    SQLite's planner cannot tell how many calls a MATCH finds: left alone it scans the whole
    listing index even for a word in three calls. So the hits are fetched first, up to
    FEW_HITS + 1: when there are no more, the other conditions are wrapped in a unary `+`
    (the same value, but no index can serve it) and the calls are read by id.
    """
    # Every term a quoted FTS5 string of letters and digits, so no input is an operator.
    match = " ".join(f'"{" ".join(term.words)}"' + ("*" if term.prefix else "") for term in terms)
    found = select(_CALLS_SEARCH.c.rowid).where(_CALLS_SEARCH.c.calls_search.op("MATCH")(match))
    hits = list(session.scalars(found.limit(FEW_HITS + 1)))
    if len(hits) > FEW_HITS:
        return [*conditions, Call.id.in_(found)]
    unindexed = operators.custom_op("+")
    return [
        *(UnaryExpression(c.self_group(), operator=unindexed, type_=Boolean()) for c in conditions),
        Call.id.in_(hits),
    ]


def _pg_text_search(terms: Sequence[SearchTerm]) -> ColumnElement[bool]:
    """Calls whose search vector holds every term (a GIN index serves it)."""
    query = reduce(lambda a, b: a.op("&&")(b), (_tsquery(term) for term in terms))
    return _SEARCH_VECTOR.op("@@")(query)


def _tsquery(term: SearchTerm) -> ColumnElement[Any]:
    """One term as a tsquery, its text normalised in the database as the index's was."""
    if not term.prefix:
        return func.phraseto_tsquery(_SIMPLE, func.fundwatch_search_text(" ".join(term.words)))
    # A quoted lexeme with :* for the last word (tsquery syntax: quotes doubled, backslashes
    # escaped), after the earlier words of the term as a phrase.
    last = func.fundwatch_search_text(term.words[-1])
    quoted = func.replace(func.replace(last, "\\", "\\\\"), "'", "''")
    prefix = func.to_tsquery(_SIMPLE, literal("'") + quoted + literal("':*"))
    if len(term.words) == 1:
        return prefix
    leading = func.phraseto_tsquery(_SIMPLE, func.fundwatch_search_text(" ".join(term.words[:-1])))
    return func.tsquery_phrase(leading, prefix)


def _by_deadline(query: Select[Any]) -> Select[Any]:
    """Soonest deadline first; rolling calls (no deadline) last; ties stable by id."""
    return query.order_by(Call.next_deadline.asc().nulls_last(), Call.id)


# What a list shows of a call (the page's rows, the API's summaries in web/schemas.py), read
# as plain rows: no description, no evidence, no ORM instance to build.
LIST_COLUMNS = (
    Call.id,
    Call.public_id,
    Call.title,
    Call.url,
    Call.funder,
    Call.programme,
    Call.language,
    Call.status,
    Call.deadlines,
    Call.next_deadline,
    Call.max_amount_eur,
    Call.themes,
    Call.countries,
    Call.applicant_types,
    Call.funding_type,
    Call.partnership_required,
    Call.cross_border,
)


@dataclass
class CallPage:
    items: list[Row[Any]]  # LIST_COLUMNS, by attribute
    total: int  # matches, counted up to COUNT_CAP
    page: int
    per_page: int
    total_exact: bool = True

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        if self.total_exact:
            return self.page < self.pages
        return len(self.items) == self.per_page


def list_calls(
    *, session: Session, filters: CallFilters, today: date, page: int = 1, per_page: int = PER_PAGE
) -> CallPage:
    """One page of the filtered calls, sorted by next deadline, with the total count.

    The page's ids are chosen in a subquery (on SQLite the covering listing index answers it
    without touching a row) and only those rows are read: a deep page no longer reads every
    row it skips, whose descriptions sit in SQLite overflow pages before the tag columns.
    """
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    conditions = _call_conditions(session, filters, today=today)
    matches = select(Call.id).where(*conditions).limit(COUNT_CAP + 1).subquery()
    counted = session.scalar(select(func.count()).select_from(matches)) or 0
    page_ids = (
        _by_deadline(select(Call.id).where(*conditions))
        .limit(per_page)
        .offset((page - 1) * per_page)
        .scalar_subquery()
    )
    items = list(session.execute(_by_deadline(select(*LIST_COLUMNS).where(Call.id.in_(page_ids)))))
    return CallPage(items, min(counted, COUNT_CAP), page, per_page, counted <= COUNT_CAP)


def filtered_calls(
    *,
    session: Session,
    filters: CallFilters,
    today: date,
    limit: int,
    newest_first: bool = False,
    with_sources: bool = False,
) -> list[Call]:
    """Every call matching the filters, up to `limit` (feeds: newest change first)."""
    query = select(Call).where(*_call_conditions(session, filters, today=today))
    if newest_first:
        query = query.order_by(Call.last_changed_at.desc(), Call.id.desc())
    else:
        query = _by_deadline(query)
    if with_sources:
        query = query.options(selectinload(Call.sources))
    return list(session.scalars(query.limit(limit)))


def stream_filtered_calls(
    *, session: Session, filters: CallFilters, today: date, limit: int
) -> Iterator[Call]:
    """Like filtered_calls, fetched 500 at a time (with their source URLs) for exports."""
    query = (
        _by_deadline(select(Call).where(*_call_conditions(session, filters, today=today)))
        .options(selectinload(Call.sources))
        .limit(limit)
        .execution_options(yield_per=500)
    )
    yield from session.scalars(query)


def visible_call(*, session: Session, ref: str) -> Call | None:
    """The call whose public id or alias is `ref`, unless it is hidden."""
    call = find_call(session, ref=ref)
    return call if call is not None and not call.hidden else None


def call_changes(*, session: Session, call_id: int) -> list[CallChange]:
    return list(
        session.scalars(
            select(CallChange).where(CallChange.call_id == call_id).order_by(CallChange.id.desc())
        )
    )


def deadline_revisions(
    *, session: Session, call_ids: Sequence[int]
) -> dict[int, tuple[int, datetime]]:
    """Per call: how many times its deadlines moved, and when last (for iCal SEQUENCE)."""
    if not call_ids:
        return {}
    rows = session.execute(
        select(CallChange.call_id, func.count(CallChange.id), func.max(CallChange.changed_at))
        .where(CallChange.call_id.in_(call_ids), CallChange.field == "deadlines")
        .group_by(CallChange.call_id)
    )
    # max() keeps the column's type, so the timestamps come back aware on both databases.
    return {call_id: (int(count), last) for call_id, count, last in rows}


def live_call_rows_for_matching(*, session: Session, today: date) -> list[Any]:
    """Every visible, current call as a row of notifier.queries.MATCH_COLUMNS (what
    matching reads of a call; attribute access by name)."""
    conditions = _call_conditions(session, CallFilters(), today=today)
    query = select(*MATCH_COLUMNS).where(*conditions).limit(EXPORT_LIMIT)
    return list(session.execute(query))


def contact_by_feed_secret(*, session: Session, secret: str) -> Contact | None:
    return session.scalar(
        select(Contact)
        .where(Contact.feed_secret == secret)
        .options(selectinload(Contact.participant))
    )


# -- sources (Taskforce) -------------------------------------------------------------------------


def all_sources(*, session: Session) -> list[Source]:
    return list(session.scalars(select(Source).order_by(Source.key)))


def source_by_key(*, session: Session, key: str) -> Source | None:
    return session.scalar(select(Source).where(Source.key == key))


def recent_runs(
    *, session: Session, source_ids: Sequence[int], per_source: int
) -> dict[int, list[CrawlRun]]:
    """The last `per_source` crawl runs of each source, oldest first (for the small chart)."""
    if not source_ids:
        return {}
    rank = (
        func.row_number()
        .over(
            partition_by=CrawlRun.source_id,
            order_by=(CrawlRun.started_at.desc(), CrawlRun.id.desc()),
        )
        .label("rank")
    )
    ranked = select(CrawlRun.id, rank).where(CrawlRun.source_id.in_(source_ids)).subquery()
    rows = session.scalars(
        select(CrawlRun)
        .join(ranked, ranked.c.id == CrawlRun.id)
        .where(ranked.c.rank <= per_source)
        .order_by(CrawlRun.source_id, CrawlRun.started_at, CrawlRun.id)
    )
    out: dict[int, list[CrawlRun]] = {}
    for run in rows:
        out.setdefault(run.source_id, []).append(run)
    return out


# -- people -------------------------------------------------------------------------------------


def contact_by_email(*, session: Session, email: str) -> Contact | None:
    return session.scalar(select(Contact).where(func.lower(Contact.email) == email.lower()))


def admin_by_email(*, session: Session, email: str) -> AdminUser | None:
    return session.scalar(select(AdminUser).where(func.lower(AdminUser.email) == email.lower()))


def contact_with_participant(*, session: Session, contact_id: int) -> Contact | None:
    return session.scalar(
        select(Contact).where(Contact.id == contact_id).options(selectinload(Contact.participant))
    )


# -- logins and sessions ------------------------------------------------------------------------


def login_attempts_since(
    *, session: Session, since: datetime, email: str | None = None, client: str | None = None
) -> int:
    """Login links asked for since `since`, by address or by client address."""
    query = select(func.count(LoginToken.id)).where(LoginToken.created_at >= since)
    if email is not None:
        query = query.where(LoginToken.email == email)
    if client is not None:
        query = query.where(LoginToken.client == client)
    return session.scalar(query) or 0


def usable_login_token(*, session: Session, token_hash: str, now: datetime) -> LoginToken | None:
    return session.scalar(
        select(LoginToken).where(
            LoginToken.token_hash == token_hash,
            LoginToken.used_at.is_(None),
            LoginToken.expires_at > now,
        )
    )


def spend_login_token(*, session: Session, token_hash: str, now: datetime) -> str | None:
    """Mark the token used if it is unused and unexpired; its email, or None.

    A conditional UPDATE with a row count: two clicks racing on the same link cannot both
    log in.
    """
    result = session.execute(
        update(LoginToken)
        .where(
            LoginToken.token_hash == token_hash,
            LoginToken.used_at.is_(None),
            LoginToken.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return session.scalar(select(LoginToken.email).where(LoginToken.token_hash == token_hash))


def live_web_session(*, session: Session, session_hash: str, now: datetime) -> WebSession | None:
    return session.scalar(
        select(WebSession).where(
            WebSession.session_hash == session_hash,
            WebSession.revoked_at.is_(None),
            WebSession.expires_at > now,
        )
    )


def revoke_web_session(*, session: Session, session_hash: str, now: datetime) -> None:
    session.execute(
        update(WebSession)
        .where(WebSession.session_hash == session_hash, WebSession.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )


def live_api_token(*, session: Session, token_hash: str) -> ApiToken | None:
    return session.scalar(
        select(ApiToken).where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
    )


# -- bookmarks ----------------------------------------------------------------------------------


def bookmarked_calls(*, session: Session, contact_id: int) -> list[Call]:
    return list(
        session.scalars(
            _by_deadline(
                select(Call)
                .join(Bookmark, Bookmark.call_id == Call.id)
                .where(Bookmark.contact_id == contact_id, Call.hidden.is_(False))
            ).options(defer(Call.description_html), defer(Call.description_text))
        )
    )


def is_bookmarked(*, session: Session, contact_id: int, call_id: int) -> bool:
    found = session.scalar(
        select(Bookmark.id).where(Bookmark.contact_id == contact_id, Bookmark.call_id == call_id)
    )
    return found is not None


def add_bookmark(*, session: Session, contact_id: int, call_id: int) -> None:
    if not is_bookmarked(session=session, contact_id=contact_id, call_id=call_id):
        session.add(Bookmark(contact_id=contact_id, call_id=call_id))


def remove_bookmark(*, session: Session, contact_id: int, call_id: int) -> None:
    session.execute(
        delete(Bookmark).where(and_(Bookmark.contact_id == contact_id, Bookmark.call_id == call_id))
    )


def recent_cutoff(now: datetime, minutes: int) -> datetime:
    return now - timedelta(minutes=minutes)
