"""Taskforce pages of the watched sources: health at a glance, add, edit, disable.

Every route needs the admin role (AdminDep): members get 403, anonymous visitors the login.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from models.source import SOURCE_KINDS, Source
from web import queries
from web.deps import AdminDep, CsrfDep, PageDep, SessionDep, SettingsDep, WriteSessionDep
from web.dryrun import DryRun, dry_run_source
from web.page import Page
from web.render import render
from web.sourceform import SourceForm, check_source, form_of

router = APIRouter(prefix="/taskforce/sources", tags=["taskforce"], include_in_schema=False)
RUNS_SHOWN = 20


@router.get("")
def sources_list(page: PageDep, session: SessionDep, admin: AdminDep) -> Response:
    sources = queries.all_sources(session=session)
    runs = queries.recent_runs(
        session=session, source_ids=[s.id for s in sources], per_source=RUNS_SHOWN
    )
    return render(page, "taskforce/sources.html", sources=sources, runs=runs)


def _form_page(
    page: Page,
    *,
    values: dict[str, Any],
    action: str,
    is_new: bool,
    error: str | None = None,
    status_code: int = 200,
    dry_run: DryRun | None = None,
) -> Response:
    return render(
        page,
        "taskforce/source_form.html",
        status_code=status_code,
        values=values,
        action=action,
        is_new=is_new,
        error=error,
        kinds=SOURCE_KINDS,
        dry_run=dry_run,
    )


def _tested(
    page: Page,
    session: Session,
    settings: Any,
    form: SourceForm,
    values: dict[str, Any],
    *,
    action: str,
    is_new: bool,
) -> Response:
    """The form again, with what a dry run of the source as typed found; nothing saved."""
    result = dry_run_source(session, settings=settings, values=values, today=page.today)
    return _form_page(page, values=form.model_dump(), action=action, is_new=is_new, dry_run=result)


@router.get("/new")
def new_source_form(page: PageDep, admin: AdminDep) -> Response:
    values = SourceForm(enabled="1").model_dump()
    return _form_page(page, values=values, action="/taskforce/sources", is_new=True)


@router.post("", dependencies=[CsrfDep])
def create_source(
    page: PageDep,
    session: WriteSessionDep,
    settings: SettingsDep,
    admin: AdminDep,
    form: Annotated[SourceForm, Form()],
) -> Response:
    values, error = check_source(form)
    if values is not None and form.action == "test":
        return _tested(
            page, session, settings, form, values, action="/taskforce/sources", is_new=True
        )
    if values is not None and queries.source_by_key(session=session, key=values["key"]):
        values, error = None, f"key: {form.key} is already a source"
    if values is None:
        return _form_page(
            page,
            values=form.model_dump(),
            action="/taskforce/sources",
            is_new=True,
            error=error,
            status_code=400,
        )
    session.add(Source(**values))
    return RedirectResponse("/taskforce/sources", status_code=303)


def _source(session: Any, key: str) -> Source:
    source = queries.source_by_key(session=session, key=key) if len(key) <= 100 else None
    if source is None:
        raise HTTPException(status_code=404, detail="no such source")
    return source


@router.get("/{key}")
def edit_source_form(key: str, page: PageDep, session: SessionDep, admin: AdminDep) -> Response:
    source = _source(session, key)
    return _form_page(
        page, values=form_of(source), action=f"/taskforce/sources/{source.key}", is_new=False
    )


@router.post("/{key}", dependencies=[CsrfDep])
def update_source(
    key: str,
    page: PageDep,
    session: WriteSessionDep,
    settings: SettingsDep,
    admin: AdminDep,
    form: Annotated[SourceForm, Form()],
) -> Response:
    source = _source(session, key)
    form.key = source.key  # the key names the source for life (its calls' ids use it)
    values, error = check_source(form)
    if values is not None and form.action == "test":
        return _tested(
            page,
            session,
            settings,
            form,
            values,
            action=f"/taskforce/sources/{source.key}",
            is_new=False,
        )
    if values is None:
        return _form_page(
            page,
            values=form.model_dump(),
            action=f"/taskforce/sources/{source.key}",
            is_new=False,
            error=error,
            status_code=400,
        )
    for name, value in values.items():
        setattr(source, name, value)
    return RedirectResponse("/taskforce/sources", status_code=303)


@router.post("/{key}/enabled", dependencies=[CsrfDep])
def set_enabled(
    key: str,
    session: WriteSessionDep,
    admin: AdminDep,
    enabled: Annotated[str, Form(pattern="^(0|1)$")],
) -> Response:
    source = _source(session, key)
    source.enabled = enabled == "1"
    return RedirectResponse("/taskforce/sources", status_code=303)
