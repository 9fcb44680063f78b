"""The personal calendar feed at its secret URL (see web/personalfeed.py); no login."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from web import queries
from web.deps import SessionDep, SettingsDep, TodayDep
from web.feeds import calls_calendar
from web.personalfeed import MAX_TOKEN_LENGTH, personal_calls

router = APIRouter(prefix="/feeds", tags=["feeds"], include_in_schema=False)


@router.get("/{secret}.ics")
def personal_calendar(
    secret: str, session: SessionDep, settings: SettingsDep, today: TodayDep
) -> Response:
    contact = None
    if len(secret) <= MAX_TOKEN_LENGTH:
        contact = queries.contact_by_feed_secret(session=session, secret=secret)
    if contact is None:
        raise HTTPException(status_code=404, detail="no such calendar")
    calls = personal_calls(session, contact=contact, today=today, limit=queries.FEED_LIMIT)
    body = calls_calendar(
        calls,
        base_url=settings.base_url,
        domain=settings.mail_domain,
        revisions=queries.deadline_revisions(session=session, call_ids=[c.id for c in calls]),
        lang=contact.language,
        name=f"fundwatch: {contact.participant.name}",
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": 'inline; filename="fundwatch-my-calls.ics"',
            # The secret is the URL: keep it out of shared caches and other sites' logs.
            "Cache-Control": "private, no-store",
            "Referrer-Policy": "no-referrer",
        },
    )
