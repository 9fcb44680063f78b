"""Digest preferences reached by the signed link of every digest (no login needed).

The link's token (notifier/tokens.py, purpose "preferences") is the authority: it names one
contact and cannot be forged. The form's POST must still come from our own pages (Origin
check), so another site cannot change a contact's preferences through its browser.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from models.participant import Contact
from web import clock, tokens
from web.deps import PageDep, SessionDep, SettingsDep, WriteSessionDep
from web.page import Page
from web.profiles import PreferencesForm, apply_preferences
from web.render import render
from web.security import same_origin

router = APIRouter(prefix="/preferences", tags=["preferences"], include_in_schema=False)
MAX_TOKEN_LENGTH = 100


def _contact(session: Session, page: Page, token: str) -> Contact:
    contact = None
    if len(token) <= MAX_TOKEN_LENGTH:
        contact = tokens.contact_of_preferences_token(
            session=session, token=token, secret_key=page.secret_key
        )
    if contact is None:
        raise HTTPException(status_code=404, detail="not a valid preferences link")
    page.speak_as_contact(contact.language)
    return contact


def _render(page: Page, contact: Contact, token: str, **context: object) -> Response:
    response = render(
        page, "preferences.html", contact=contact, action=f"/preferences/{token}", **context
    )
    response.headers["Cache-Control"] = "no-store"  # the token is in the URL
    return response


@router.get("/{token}")
def preferences_form(request: Request, token: str, page: PageDep, session: SessionDep) -> Response:
    contact = _contact(session, page, token)
    return _render(page, contact, token, saved=request.query_params.get("saved") == "1")


@router.post("/{token}")
def save_preferences(
    token: str,
    request: Request,
    page: PageDep,
    session: WriteSessionDep,
    settings: SettingsDep,
    form: Annotated[PreferencesForm, Form()],
    subscribed: Annotated[str | None, Form()] = None,
) -> Response:
    if not same_origin(request, settings):
        raise HTTPException(status_code=403, detail="cross-origin request refused")
    contact = _contact(session, page, token)
    errors = apply_preferences(contact, form)
    if errors:
        return _render(page, contact, token, saved=False)
    now = clock.now()
    if subscribed and contact.unsubscribed_at is not None:
        contact.unsubscribed_at = None
        contact.consent_at = now  # consent recorded with its time
    elif not subscribed and contact.unsubscribed_at is None:
        contact.unsubscribed_at = now
    return RedirectResponse(f"/preferences/{token}?saved=1", status_code=303)
