"""The dependencies routes declare, by name (as the full-stack template's deps.py).

- SessionDep: a read session for the request; WriteSessionDep: one write transaction,
  committed before the response is sent (scope="function"), so a redirect that follows a
  POST always sees its change.
- VisitorDep: the logged-in person or None; MemberDep: a member, else a redirect to /login.
- PageDep: what a page needs (visitor, language, today, form token).
- CsrfDep: refuses a state-changing form that is not from our origin or lacks the token.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from models.db import is_sqlite, read_session, write_session
from models.settings import Settings
from web import clock
from web.auth import load_visitor
from web.i18n import LANGUAGES, choose_language
from web.page import Page, Visitor
from web.security import (
    ANON_CSRF_COOKIE,
    CSRF_FIELD,
    LANG_COOKIE,
    SESSION_COOKIE,
    anonymous_csrf_token,
    cookie_name,
    same_origin,
    tokens_match,
)


class LoginRequired(Exception):
    """Raised by MemberDep; the app answers with a redirect to the login page."""


# Dependencies that do no I/O are `async def`: FastAPI then runs them on the event loop
# instead of handing each to the thread pool (a measurable share of a list page's cost).


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A read session. Making one does no I/O, so it is made on the event loop instead of in
    a worker thread (a sync generator dependency costs two thread hops a request: one to
    enter, one to leave). Closing ends its transaction: in-process on SQLite (a read
    transaction's ROLLBACK takes microseconds), in a worker thread on a database server."""
    engine = get_engine(request)
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
    finally:
        if is_sqlite(engine) or not session.in_transaction():
            session.close()
        else:
            await run_in_threadpool(session.close)


def get_write_session(request: Request) -> Iterator[Session]:
    with write_session(get_engine(request)) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
WriteSessionDep = Annotated[Session, Depends(get_write_session, scope="function")]


async def get_today(settings: SettingsDep) -> date:
    return clock.today(settings)


TodayDep = Annotated[date, Depends(get_today)]


def _visitor_of(engine: Engine, session_id: str) -> Visitor | None:
    with read_session(engine) as session:
        return load_visitor(session=session, session_id=session_id, now=clock.now())


async def get_visitor(request: Request, settings: SettingsDep) -> Visitor | None:
    session_id = request.cookies.get(cookie_name(settings, SESSION_COOKIE))
    if not session_id or len(session_id) > 200:
        return None  # anonymous: no database, no thread
    return await run_in_threadpool(_visitor_of, get_engine(request), session_id)


VisitorDep = Annotated[Visitor | None, Depends(get_visitor)]


async def get_member(visitor: VisitorDep) -> Visitor:
    if visitor is None:
        raise LoginRequired
    return visitor


MemberDep = Annotated[Visitor, Depends(get_member)]


async def get_admin(visitor: VisitorDep) -> Visitor:
    """A Taskforce member; anyone else logged in is refused, anonymous ones sent to log in."""
    if visitor is None:
        raise LoginRequired
    if not visitor.is_admin:
        raise HTTPException(status_code=403, detail="for the Taskforce only")
    return visitor


AdminDep = Annotated[Visitor, Depends(get_admin)]


async def get_page(request: Request, settings: SettingsDep, visitor: VisitorDep) -> Page:
    query_lang = request.query_params.get("lang")
    lang = choose_language(
        query=query_lang,
        cookie=request.cookies.get(LANG_COOKIE),
        contact=visitor.contact_language if visitor else None,
        accept_language=request.headers.get("accept-language"),
    )
    anon_cookie = cookie_name(settings, ANON_CSRF_COOKIE)
    return Page(
        request=request,
        settings=settings,
        visitor=visitor,
        lang=lang,
        today=clock.today(settings),
        secret_key=request.app.state.secret_key,
        anon_csrf_cookie=anon_cookie,
        anon_csrf_value=request.cookies.get(anon_cookie),
        remember_language=query_lang in LANGUAGES,
    )


PageDep = Annotated[Page, Depends(get_page)]


def expected_csrf_token(
    request: Request, settings: Settings, visitor: Visitor | None
) -> str | None:
    if visitor is not None:
        return visitor.csrf_token
    value = request.cookies.get(cookie_name(settings, ANON_CSRF_COOKIE))
    return anonymous_csrf_token(request.app.state.secret_key, value) if value else None


async def check_csrf(request: Request, settings: SettingsDep, visitor: VisitorDep) -> None:
    """Same origin and a valid form token, or 403 (the handler renders an explanation)."""
    if not same_origin(request, settings):
        raise HTTPException(status_code=403, detail="cross-origin request refused")
    form = await request.form()
    if not tokens_match(form.get(CSRF_FIELD), expected_csrf_token(request, settings, visitor)):
        raise HTTPException(status_code=403, detail="missing or invalid CSRF token")


CsrfDep = Depends(check_csrf)
