"""Magic-link login and logout (see web/auth.py for the rules)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from models.account import secret_hash
from web import auth, clock, queries
from web.deps import CsrfDep, PageDep, SessionDep, SettingsDep, VisitorDep, WriteSessionDep
from web.i18n import translate
from web.render import render
from web.security import SESSION_COOKIE, cookie_name

router = APIRouter(tags=["login"], include_in_schema=False)
MAX_TOKEN_LENGTH = 100


@router.get("/login")
def login_form(page: PageDep) -> Response:
    return render(page, "login.html", error=None, email=None)


@router.post("/login", dependencies=[CsrfDep])
def login_request(
    request: Request,
    page: PageDep,
    session: WriteSessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    address = auth.normalise_email(email)
    if address is None:
        error = translate("Please enter a valid email address.", page.lang)
        return render(page, "login.html", status_code=400, error=error, email=email)
    outcome = auth.request_login_link(
        session=session,
        settings=settings,
        email=address,
        client=request.client.host if request.client else None,
        now=clock.now(),
    )
    if outcome.rate_limited:
        return render(page, "login_limited.html", status_code=429)
    return render(page, "login_sent.html")


@router.get("/login/{token}")
def login_confirm(token: str, page: PageDep, session: SessionDep) -> Response:
    usable = len(token) <= MAX_TOKEN_LENGTH and (
        queries.usable_login_token(session=session, token_hash=secret_hash(token), now=clock.now())
        is not None
    )
    response = render(
        page,
        "login_confirm.html",
        status_code=200 if usable else 410,
        usable=usable,
        action=f"/login/{token}",
    )
    # The token is in this URL: keep it out of caches. The site-wide Referrer-Policy
    # (same-origin) already keeps it from other sites; "no-referrer" would make Chromium
    # send `Origin: null` with the confirm POST, which the Origin check must refuse.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/login/{token}", dependencies=[CsrfDep])
def login_spend(
    token: str,
    request: Request,
    page: PageDep,
    session: WriteSessionDep,
    settings: SettingsDep,
) -> Response:
    now = clock.now()
    email = None
    if len(token) <= MAX_TOKEN_LENGTH:
        email = queries.spend_login_token(session=session, token_hash=secret_hash(token), now=now)
    started = None
    if email is not None:
        previous = request.cookies.get(cookie_name(settings, SESSION_COOKIE))
        started = auth.start_session(
            session=session,
            email=email,
            now=now,
            previous_hash=secret_hash(previous) if previous else None,
        )
    if started is None:
        return render(page, "login_confirm.html", status_code=410, usable=False, action="")
    session_id, _row = started
    return auth.logged_in_response(settings, session_id, location="/account")


@router.post("/logout", dependencies=[CsrfDep])
def logout(visitor: VisitorDep, session: WriteSessionDep, settings: SettingsDep) -> Response:
    if visitor is not None:
        queries.revoke_web_session(
            session=session, session_hash=visitor.session_hash, now=clock.now()
        )
    response = RedirectResponse("/calls", status_code=303)
    response.delete_cookie(
        cookie_name(settings, SESSION_COOKIE),
        path="/",
        secure=settings.is_https,
        httponly=True,
        samesite="lax",
    )
    return response
