"""Bookmarks: a member keeps an eye on a call (it gets the closing-soon reminders)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException
from fastapi.responses import RedirectResponse, Response

from web import queries
from web.deps import CsrfDep, MemberDep, WriteSessionDep
from web.feeds import call_path
from web.filters import is_clean

router = APIRouter(prefix="/bookmarks", tags=["bookmarks"], include_in_schema=False)


@router.post("", dependencies=[CsrfDep])
def change_bookmark(
    session: WriteSessionDep,
    visitor: MemberDep,
    call: Annotated[str, Form(max_length=700)],
    action: Annotated[str, Form(pattern="^(add|remove)$")] = "add",
) -> Response:
    if visitor.contact_id is None:
        raise HTTPException(status_code=403, detail="only members keep bookmarks")
    found = queries.visible_call(session=session, ref=call) if is_clean(call) else None
    if found is None:
        raise HTTPException(status_code=404, detail="no such call")
    if action == "add":
        queries.add_bookmark(session=session, contact_id=visitor.contact_id, call_id=found.id)
    else:
        queries.remove_bookmark(session=session, contact_id=visitor.contact_id, call_id=found.id)
    return RedirectResponse(call_path(found.public_id), status_code=303)
