"""A member's own data: its calendar link, its JSON export, and erasing its contact.

Authorization: everything is keyed by the session's own contact id, never by an id from
the URL or the form (as on the account page).
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from web import clock
from web.deps import CsrfDep, MemberDep, PageDep, SessionDep, SettingsDep, WriteSessionDep
from web.personalfeed import issue_feed_secret
from web.privacy import erase_contact, member_export
from web.render import render
from web.routes.account import _own_contact
from web.security import SESSION_COOKIE, cookie_name

router = APIRouter(prefix="/account", tags=["account"], include_in_schema=False)


@router.post("/calendar", dependencies=[CsrfDep])
def new_calendar_link(session: WriteSessionDep, visitor: MemberDep) -> Response:
    """Create the calendar URL, or replace it (the old one stops working at once)."""
    issue_feed_secret(_own_contact(session, visitor))
    return RedirectResponse("/account?saved=1#calendar", status_code=303)


@router.get("/export.json")
def export_my_data(session: SessionDep, visitor: MemberDep) -> Response:
    data = member_export(session, contact=_own_contact(session, visitor))
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    return Response(
        body,
        media_type="application/json; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="fundwatch-my-data.json"',
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/erase")
def erase_confirm(page: PageDep, session: SessionDep, visitor: MemberDep) -> Response:
    contact = _own_contact(session, visitor)
    return render(page, "account/erase.html", contact=contact, error=False)


@router.post("/erase", dependencies=[CsrfDep])
def erase(
    page: PageDep,
    session: WriteSessionDep,
    settings: SettingsDep,
    visitor: MemberDep,
    confirm: Annotated[str | None, Form()] = None,
) -> Response:
    contact = _own_contact(session, visitor)
    if confirm != "yes":
        return render(page, "account/erase.html", status_code=400, contact=contact, error=True)
    erase_contact(session, contact=contact, now=clock.now())
    response = RedirectResponse("/account/erased", status_code=303)
    response.delete_cookie(
        cookie_name(settings, SESSION_COOKIE),
        path="/",
        secure=settings.is_https,
        httponly=True,
        samesite="lax",
    )
    return response


@router.get("/erased")
def erased(page: PageDep) -> Response:
    return render(page, "account/erased.html")
