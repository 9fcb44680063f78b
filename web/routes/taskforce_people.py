"""Taskforce pages of participants and contacts: list, edit, bounce reset, import.

Admins only (AdminDep). The participant is named by its public id in the path; a contact
by its id, checked to exist (the Taskforce may change any member's data).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from models.participant import Contact, Participant
from web.deps import AdminDep, CsrfDep, PageDep, SessionDep, WriteSessionDep
from web.filters import clean_text, page_number
from web.i18n import translate
from web.page import Page
from web.peopleadmin import (
    MAX_UPLOAD,
    import_upload,
    list_participants,
    participant_by_ref,
    reset_bounces,
)
from web.profiles import (
    PreferencesForm,
    ProfileForm,
    apply_preferences,
    apply_profile,
    check_profile,
)
from web.render import render

router = APIRouter(prefix="/taskforce", tags=["taskforce"], include_in_schema=False)
MAX_ID = 2**31 - 1


@router.get("/participants")
def participants_list(
    request: Request, page: PageDep, session: SessionDep, admin: AdminDep
) -> Response:
    q = clean_text(request.query_params.get("q"))
    bouncing = request.query_params.get("bouncing") == "1"
    number = page_number(request.query_params.get("page"))
    found = list_participants(session, q=q, bouncing_only=bouncing, page=number)
    return render(
        page,
        "taskforce/participants.html",
        participants=found,
        q=q or "",
        bouncing=bouncing,
        number=number,
    )


def _participant(session: Session, ref: str) -> Participant:
    found = participant_by_ref(session, ref=ref) if len(ref) <= 100 else None
    if found is None:
        raise HTTPException(status_code=404, detail="no such participant")
    return found


def _contact(session: Session, contact_id: int) -> Contact:
    found = session.get(Contact, contact_id) if 0 < contact_id <= MAX_ID else None
    if found is None:
        raise HTTPException(status_code=404, detail="no such contact")
    return found


def _edit_page(
    page: Page,
    participant: Participant,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    saved: bool = False,
    status_code: int = 200,
) -> Response:
    errors = errors or {}
    code = errors.get("languages_code", "")
    return render(
        page,
        "taskforce/participant_edit.html",
        status_code=status_code,
        participant=participant,
        values=values or _profile_values(participant),
        errors={
            name: translate(key, page.lang, code=code)
            for name, key in errors.items()
            if name != "languages_code"
        },
        saved=saved,
    )


def _profile_values(participant: Participant) -> dict[str, Any]:
    return {
        "name": participant.name,
        "country": participant.country,
        "applicant_type": participant.applicant_type,
        "population": "" if participant.population is None else str(participant.population),
        "profile": participant.profile or "",
        "themes": list(participant.themes or []),
        "keywords": ", ".join(participant.keywords or []),
        "languages": ", ".join(participant.languages or []),
    }


@router.get("/participants/import")
def import_form(page: PageDep, admin: AdminDep) -> Response:
    return render(page, "taskforce/import.html", report=None, filename="", error=None)


@router.post("/participants/import", dependencies=[CsrfDep])
def import_file(
    page: PageDep, session: WriteSessionDep, admin: AdminDep, file: UploadFile
) -> Response:
    data = file.file.read(MAX_UPLOAD + 1)
    filename = (file.filename or "")[:200]
    if len(data) > MAX_UPLOAD or not data.strip():
        message = "The file is empty." if not data.strip() else "The file is larger than 5 MB."
        error = translate(message, page.lang)
        return render(
            page,
            "taskforce/import.html",
            status_code=400,
            report=None,
            filename=filename,
            error=error,
        )
    report = import_upload(session, data=data, filename=filename)
    return render(page, "taskforce/import.html", report=report, filename=filename, error=None)


@router.get("/participants/{ref}")
def participant_edit(
    ref: str, request: Request, page: PageDep, session: SessionDep, admin: AdminDep
) -> Response:
    participant = _participant(session, ref)
    return _edit_page(page, participant, saved=request.query_params.get("saved") == "1")


@router.post("/participants/{ref}", dependencies=[CsrfDep])
def participant_save(
    ref: str,
    page: PageDep,
    session: WriteSessionDep,
    admin: AdminDep,
    form: Annotated[ProfileForm, Form()],
    name: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    participant = _participant(session, ref)
    checked = check_profile(form)
    clean_name = " ".join(name.split())
    errors = dict(checked.errors)
    if not clean_name or len(clean_name) > 300 or not clean_name.isprintable():
        errors["name"] = "Give the name of your organisation."
    if errors:
        values = {**form.model_dump(), "name": name}
        return _edit_page(page, participant, values=values, errors=errors, status_code=400)
    participant.name = clean_name
    apply_profile(participant, checked)
    return RedirectResponse(
        f"/taskforce/participants/{participant.public_id}?saved=1", status_code=303
    )


@router.post("/contacts/{contact_id}", dependencies=[CsrfDep])
def contact_save(
    contact_id: int,
    session: WriteSessionDep,
    admin: AdminDep,
    form: Annotated[PreferencesForm, Form()],
) -> Response:
    contact = _contact(session, contact_id)
    if apply_preferences(contact, form):
        raise HTTPException(status_code=400, detail="unknown frequency or language")
    return _back_to(session, contact)


@router.post("/contacts/{contact_id}/bounce", dependencies=[CsrfDep])
def contact_bounce_reset(contact_id: int, session: WriteSessionDep, admin: AdminDep) -> Response:
    contact = _contact(session, contact_id)
    reset_bounces(contact)
    return _back_to(session, contact)


def _back_to(session: Session, contact: Contact) -> Response:
    participant = session.get_one(Participant, contact.participant_id)
    return RedirectResponse(
        f"/taskforce/participants/{participant.public_id}?saved=1", status_code=303
    )
