"""Public pages of calls: the filtered list, a call's page, and feeds/CSV of any list."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from models.db import read_session
from web import clock, queries
from web.deps import PageDep, SessionDep, SettingsDep, TodayDep
from web.export import csv_chunks
from web.feeds import atom_feed, call_path, calls_calendar
from web.filters import CallFilters, filters_from_query, is_clean, known_countries, page_number
from web.i18n import translate
from web.offerviews import open_offers_naming
from web.render import render

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/calls", status_code=307)


@router.get("/calls")
def calls_list(request: Request, page: PageDep, session: SessionDep) -> Response:
    filters = filters_from_query(request.query_params)
    result = queries.list_calls(
        session=session,
        filters=filters,
        today=page.today,
        page=page_number(request.query_params.get("page")),
    )
    return render(
        page,
        "calls/list.html",
        filters=filters,
        result=result,
        countries=known_countries(),
        call_path=call_path,
    )


def _feed_filters(request: Request) -> CallFilters:
    return filters_from_query(request.query_params)


@router.get("/calls.atom")
def calls_atom(
    request: Request, page: PageDep, session: SessionDep, settings: SettingsDep
) -> Response:
    filters = _feed_filters(request)
    calls = queries.filtered_calls(
        session=session,
        filters=filters,
        today=page.today,
        limit=queries.FEED_LIMIT,
        newest_first=True,
    )
    query = filters.query_string()
    body = atom_feed(
        calls,
        base_url=settings.base_url,
        self_url=f"{settings.base_url}/calls.atom" + (f"?{query}" if query else ""),
        alternate_url=f"{settings.base_url}/calls" + (f"?{query}" if query else ""),
        title=f"fundwatch: {translate('Funding calls', page.lang)}",
        now=clock.now(),
        lang=page.lang,
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/calls.ics")
def calls_ical(
    request: Request, page: PageDep, session: SessionDep, settings: SettingsDep
) -> Response:
    filters = _feed_filters(request)
    calls = queries.filtered_calls(
        session=session, filters=filters, today=page.today, limit=queries.FEED_LIMIT
    )
    body = calls_calendar(
        calls,
        base_url=settings.base_url,
        domain=settings.mail_domain,
        revisions=queries.deadline_revisions(session=session, call_ids=[c.id for c in calls]),
        lang=page.lang,
        name=f"fundwatch: {translate('Funding calls', page.lang)}",
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="fundwatch-calls.ics"'},
    )


@router.get("/calls.csv")
def calls_csv(request: Request, settings: SettingsDep, today: TodayDep) -> StreamingResponse:
    filters = _feed_filters(request)
    engine = request.app.state.engine

    def chunks() -> Iterator[str]:
        # The session lives as long as the stream: rows are fetched while the body is sent.
        with read_session(engine) as session:
            calls = queries.stream_filtered_calls(
                session=session, filters=filters, today=today, limit=queries.EXPORT_LIMIT
            )
            yield from csv_chunks(calls)

    return StreamingResponse(
        chunks(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="fundwatch-calls.csv"'},
    )


@router.get("/calls/{ref:path}")
def call_page(ref: str, page: PageDep, session: SessionDep) -> Response:
    call = queries.visible_call(session=session, ref=ref) if is_clean(ref) else None
    if call is None:
        raise HTTPException(status_code=404, detail="no such call")
    if call.public_id != ref:  # an alias (merged call, old id or URL): one canonical page
        return RedirectResponse(call_path(call.public_id), status_code=301)
    visitor = page.visitor
    bookmarked = (
        visitor is not None
        and visitor.contact_id is not None
        and queries.is_bookmarked(session=session, contact_id=visitor.contact_id, call_id=call.id)
    )
    return render(
        page,
        "calls/detail.html",
        call=call,
        sources=sorted(call.sources, key=lambda s: (s.source_key, s.url)),
        changes=queries.call_changes(session=session, call_id=call.id),
        offers=open_offers_naming(session, call=call, as_of=page.today),
        bookmarked=bookmarked,
        call_path=call_path,
    )
