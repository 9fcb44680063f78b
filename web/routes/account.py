"""A member's own page: profile, digest preferences, bookmarks, a preview of the next digest.

Authorization: every query here is keyed by the session's own contact id, never by an id
from the URL or the form, so no member can reach another participant's data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from babel.dates import format_date, format_time
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from models.participant import Contact
from notifier.build import next_digest
from notifier.periods import period_end, period_label, period_start
from web import clock, queries
from web.deps import CsrfDep, MemberDep, PageDep, SessionDep, WriteSessionDep
from web.feeds import call_path
from web.i18n import translate
from web.page import Page, Visitor
from web.profiles import (
    PreferencesForm,
    ProfileForm,
    apply_preferences,
    apply_profile,
    check_profile,
)
from web.render import render

router = APIRouter(prefix="/account", tags=["account"], include_in_schema=False)


def _own_contact(session: Session, visitor: Visitor) -> Contact:
    if visitor.contact_id is None:
        raise HTTPException(status_code=403, detail="this address has no member profile")
    contact = queries.contact_with_participant(session=session, contact_id=visitor.contact_id)
    if contact is None:
        raise HTTPException(status_code=403, detail="this address has no member profile")
    return contact


def _profile_values(contact: Contact) -> dict[str, Any]:
    participant = contact.participant
    return {
        "country": participant.country,
        "applicant_type": participant.applicant_type,
        "population": "" if participant.population is None else str(participant.population),
        "profile": participant.profile or "",
        "themes": list(participant.themes or []),
        "keywords": ", ".join(participant.keywords or []),
        "languages": ", ".join(participant.languages or []),
    }


def _render_account(
    page: Page,
    session: Session,
    visitor: Visitor,
    *,
    status_code: int = 200,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    saved: bool = False,
    welcome: bool = False,
) -> Response:
    contact = None
    bookmarks: list[Any] = []
    if visitor.contact_id is not None:
        contact = _own_contact(session, visitor)
        bookmarks = queries.bookmarked_calls(session=session, contact_id=contact.id)
    error_text = {
        name: translate(key, page.lang, code=(errors or {}).get("languages_code", ""))
        for name, key in (errors or {}).items()
        if name != "languages_code"
    }
    return render(
        page,
        "account/index.html",
        status_code=status_code,
        contact=contact,
        values=values or (_profile_values(contact) if contact else {}),
        errors=error_text,
        saved=saved,
        welcome=welcome,
        bookmarks=bookmarks,
        call_path=call_path,
    )


@router.get("")
def account(request: Request, page: PageDep, session: SessionDep, visitor: MemberDep) -> Response:
    return _render_account(
        page,
        session,
        visitor,
        saved=request.query_params.get("saved") == "1",
        welcome=request.query_params.get("welcome") == "1",
    )


@router.post("/profile", dependencies=[CsrfDep])
def save_profile(
    page: PageDep,
    session: WriteSessionDep,
    visitor: MemberDep,
    form: Annotated[ProfileForm, Form()],
) -> Response:
    contact = _own_contact(session, visitor)
    checked = check_profile(form)
    if checked.errors:
        values = form.model_dump()
        return _render_account(
            page, session, visitor, status_code=400, values=values, errors=checked.errors
        )
    apply_profile(contact.participant, checked)
    return RedirectResponse("/account?saved=1", status_code=303)


@router.post("/preferences", dependencies=[CsrfDep])
def save_preferences(
    page: PageDep,
    session: WriteSessionDep,
    visitor: MemberDep,
    form: Annotated[PreferencesForm, Form()],
) -> Response:
    contact = _own_contact(session, visitor)
    errors = apply_preferences(contact, form)
    if errors:
        return _render_account(page, session, visitor, status_code=400, errors={})
    return RedirectResponse("/account?saved=1", status_code=303)


@router.post("/resubscribe", dependencies=[CsrfDep])
def resubscribe(session: WriteSessionDep, visitor: MemberDep) -> Response:
    contact = _own_contact(session, visitor)
    contact.unsubscribed_at = None
    contact.consent_at = clock.now()
    return RedirectResponse("/account?saved=1", status_code=303)


@router.get("/digest")
def digest_preview(page: PageDep, session: SessionDep, visitor: MemberDep) -> Response:
    """The member's next digest as the real digest code builds it, nothing written: its
    period, when the scheduler builds it, and what it would hold (in the contact's
    language), rendered with the site's templates (no e-mail HTML: CSP-safe, no inline
    styles, every value escaped)."""
    contact = _own_contact(session, visitor)
    upcoming = next_digest(session, page.settings, contact_id=contact.id, now=clock.now())
    assert upcoming is not None  # the contact is the session's own, read just above
    preview = upcoming.preview
    period = None
    if preview is not None and upcoming.due_at is not None:
        period = {
            "label": period_label(preview.period, page.lang),
            "start": period_start(preview.period),
            "end": period_end(preview.period),
            "due": _moment(upcoming.due_at, page),
            "due_day": upcoming.due_at.astimezone(page.settings.zone).date(),
        }
    return render(
        page,
        "account/digest.html",
        contact=upcoming.contact,
        preview=preview,
        period=period,
        digest=preview.decision.context if preview is not None else None,
        subject=preview.decision.email.subject
        if preview is not None and preview.decision.email is not None
        else None,
    )


def _moment(when: datetime, page: Page) -> str:
    """ "Monday, November 30, 2026, 7:00 AM" / "lundi 30 novembre 2026, 07:00": the page's
    language, the service's time zone."""
    local = when.astimezone(page.settings.zone)
    day = format_date(local.date(), "full", locale=page.lang)
    return f"{day}, {format_time(local.time(), 'short', locale=page.lang)}"
