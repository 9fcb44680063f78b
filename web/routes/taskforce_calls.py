"""Taskforce pages of calls: find any call (hidden ones too), correct its tags, hide or
show it, merge a duplicate into it (web/admin_ops.py). Admins only (AdminDep).

The call is named in the form (`call`), not in the path, because public ids may hold "/".
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from models.call import Call
from web import clock
from web.admin_ops import (
    MergeRefused,
    correct_tags,
    find_any_call,
    list_admin_calls,
    merge_calls,
)
from web.deps import AdminDep, CsrfDep, PageDep, SessionDep, WriteSessionDep
from web.feeds import call_path
from web.filters import clean_text, is_clean, page_number
from web.i18n import translate
from web.page import Page
from web.render import render
from web.tagform import TagForm, check_tags, form_of

router = APIRouter(prefix="/taskforce", tags=["taskforce"], include_in_schema=False)
MAX_REF = 700


def _call(session: Session, ref: str) -> Call:
    call = find_any_call(session, ref=ref) if len(ref) <= MAX_REF and is_clean(ref) else None
    if call is None:
        raise HTTPException(status_code=404, detail="no such call")
    return call


def _edit_url(call: Call, **extra: str) -> str:
    return "/taskforce/call?" + urlencode({"ref": call.public_id, **extra})


@router.get("/calls")
def calls_list(request: Request, page: PageDep, session: SessionDep, admin: AdminDep) -> Response:
    q = clean_text(request.query_params.get("q"))
    hidden_only = request.query_params.get("hidden") == "1"
    number = page_number(request.query_params.get("page"))
    calls = list_admin_calls(session, q=q, hidden_only=hidden_only, page=number)
    return render(
        page,
        "taskforce/calls.html",
        calls=calls,
        q=q or "",
        hidden_only=hidden_only,
        number=number,
        edit_url=_edit_url,
    )


def _edit_page(
    page: Page,
    call: Call,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    error: str | None = None,
    saved: bool = False,
    status_code: int = 200,
) -> Response:
    return render(
        page,
        "taskforce/call_edit.html",
        status_code=status_code,
        call=call,
        values=values or form_of(call),
        errors={name: translate(key, page.lang) for name, key in (errors or {}).items()},
        error=error,
        saved=saved,
        call_path=call_path,
    )


@router.get("/call")
def call_edit(request: Request, page: PageDep, session: SessionDep, admin: AdminDep) -> Response:
    call = _call(session, request.query_params.get("ref", ""))
    return _edit_page(page, call, saved=request.query_params.get("saved") == "1")


@router.post("/call/tags", dependencies=[CsrfDep])
def correct_call_tags(
    page: PageDep,
    session: WriteSessionDep,
    admin: AdminDep,
    form: Annotated[TagForm, Form()],
    call: Annotated[str, Form(max_length=MAX_REF)] = "",
) -> Response:
    found = _call(session, call)
    values, errors = check_tags(form)
    if errors:
        return _edit_page(page, found, values=form.model_dump(), errors=errors, status_code=400)
    correct_tags(
        session, call=found, values=values, author=admin.email, today=page.today, now=clock.now()
    )
    return RedirectResponse(_edit_url(found, saved="1"), status_code=303)


@router.post("/call/hidden", dependencies=[CsrfDep])
def hide_call(
    session: WriteSessionDep,
    admin: AdminDep,
    call: Annotated[str, Form(max_length=MAX_REF)] = "",
    hidden: Annotated[str, Form(pattern="^(0|1)$")] = "1",
) -> Response:
    found = _call(session, call)
    found.hidden = hidden == "1"
    return RedirectResponse(_edit_url(found, saved="1"), status_code=303)


@router.post("/call/merge", dependencies=[CsrfDep])
def merge_duplicate(
    page: PageDep,
    session: WriteSessionDep,
    admin: AdminDep,
    call: Annotated[str, Form(max_length=MAX_REF)] = "",
    duplicate: Annotated[str, Form(max_length=MAX_REF)] = "",
) -> Response:
    keep = _call(session, call)
    other = find_any_call(session, ref=duplicate.strip()) if is_clean(duplicate) else None
    if other is None:
        error = translate("No call has the id {id}.", page.lang, id=duplicate.strip())
        return _edit_page(page, keep, error=error, status_code=400)
    try:
        merge_calls(session, keep=keep, duplicate=other)
    except MergeRefused:
        error = translate("A call cannot be merged into itself.", page.lang)
        return _edit_page(page, keep, error=error, status_code=400)
    return RedirectResponse(_edit_url(keep, saved="1"), status_code=303)
