"""Public sign-up: the form, "check your inbox", and the confirmation link (web/signup.py).

The confirmation link's GET only shows a button (mail scanners follow links); its POST
spends it, confirms the contact and logs it in, like a magic link.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from models.account import secret_hash
from web import auth, clock
from web.deps import CsrfDep, PageDep, SessionDep, SettingsDep, WriteSessionDep
from web.i18n import translate
from web.page import Page
from web.render import render
from web.security import SESSION_COOKIE, cookie_name
from web.signup import SignupForm, check_signup, confirm_signup, request_signup, usable_signup_token

router = APIRouter(prefix="/signup", tags=["signup"], include_in_schema=False)
MAX_TOKEN_LENGTH = 100


def _form(
    page: Page, *, values: dict[str, Any], errors: dict[str, str], status_code: int = 200
) -> Response:
    return render(
        page,
        "signup/form.html",
        status_code=status_code,
        values=values,
        errors={name: translate(key, page.lang) for name, key in errors.items()},
    )


@router.get("")
def signup_form(page: PageDep) -> Response:
    return _form(page, values=SignupForm(language=page.lang).model_dump(), errors={})


@router.post("", dependencies=[CsrfDep])
def signup(
    request: Request,
    page: PageDep,
    session: WriteSessionDep,
    settings: SettingsDep,
    form: Annotated[SignupForm, Form()],
) -> Response:
    checked, errors = check_signup(form)
    if checked is None:
        return _form(page, values=form.model_dump(), errors=errors, status_code=400)
    outcome = request_signup(
        session=session,
        settings=settings,
        signup=checked,
        client=request.client.host if request.client else None,
        now=clock.now(),
    )
    if outcome.rate_limited:
        return render(page, "login_limited.html", status_code=429)
    return render(page, "signup/sent.html")


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"  # the token is in the URL
    return response


@router.get("/confirm/{token}")
def signup_confirm(token: str, page: PageDep, session: SessionDep) -> Response:
    usable = len(token) <= MAX_TOKEN_LENGTH and usable_signup_token(
        session=session, token=token, now=clock.now()
    )
    response = render(
        page,
        "signup/confirm.html",
        status_code=200 if usable else 410,
        usable=usable,
        action=f"/signup/confirm/{token}",
    )
    return _no_store(response)


@router.post("/confirm/{token}", dependencies=[CsrfDep])
def signup_spend(
    token: str, request: Request, page: PageDep, session: WriteSessionDep, settings: SettingsDep
) -> Response:
    now = clock.now()
    contact = None
    if len(token) <= MAX_TOKEN_LENGTH:
        contact = confirm_signup(session=session, token=token, now=now)
    started = None
    if contact is not None:
        previous = request.cookies.get(cookie_name(settings, SESSION_COOKIE))
        started = auth.start_session(
            session=session,
            email=contact.email,
            now=now,
            previous_hash=secret_hash(previous) if previous else None,
        )
    if started is None:
        return _no_store(
            render(page, "signup/confirm.html", status_code=410, usable=False, action="")
        )
    return auth.logged_in_response(settings, started[0], location="/account?welcome=1")
