"""JSON API of a member's own bookmarks: /api/v1/me/bookmarks (private: token or session)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from web import queries
from web.apiauth import ApiMemberDep
from web.deps import SessionDep, SettingsDep, WriteSessionDep
from web.filters import is_clean
from web.schemas import Bookmarked, CallSummary, Problem, call_summary

router = APIRouter(prefix="/api/v1/me/bookmarks", tags=["bookmarks"])
PRIVATE = {
    401: {"model": Problem, "description": "No API token or login."},
    403: {"model": Problem, "description": "Not a member, or a session write without CSRF."},
}


@router.get("", response_model=list[CallSummary], responses=PRIVATE, summary="My bookmarks")
def list_bookmarks(
    member: ApiMemberDep, session: SessionDep, settings: SettingsDep
) -> list[dict[str, Any]]:
    assert member.contact_id is not None
    calls = queries.bookmarked_calls(session=session, contact_id=member.contact_id)
    return [call_summary(call, base_url=settings.base_url) for call in calls]


def _call_id(session: Any, ref: str) -> int:
    call = queries.visible_call(session=session, ref=ref) if is_clean(ref) else None
    if call is None:
        raise HTTPException(status_code=404, detail="no such call")
    return call.id


NOT_FOUND = {404: {"model": Problem, "description": "No such call (or hidden)."}}


@router.put(
    "/{call_id:path}",
    response_model=Bookmarked,
    responses={**PRIVATE, **NOT_FOUND},
    summary="Bookmark a call",
)
def add_bookmark(call_id: str, member: ApiMemberDep, session: WriteSessionDep) -> dict[str, Any]:
    assert member.contact_id is not None
    call = _call_id(session, call_id)
    queries.add_bookmark(session=session, contact_id=member.contact_id, call_id=call)
    return {"call_id": call_id, "bookmarked": True}


@router.delete(
    "/{call_id:path}",
    response_model=Bookmarked,
    responses={**PRIVATE, **NOT_FOUND},
    summary="Remove a bookmark",
)
def remove_bookmark(call_id: str, member: ApiMemberDep, session: WriteSessionDep) -> dict[str, Any]:
    assert member.contact_id is not None
    call = _call_id(session, call_id)
    queries.remove_bookmark(session=session, contact_id=member.contact_id, call_id=call)
    return {"call_id": call_id, "bookmarked": False}
