"""JSON API of calls, /api/v1/calls: public reads with the same filters as the pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.concurrency import run_in_threadpool

from matcher.taxonomy import load_taxonomy
from notifier.offers import open_offer_counts
from web import queries
from web.deps import SessionDep, SettingsDep, TodayDep
from web.filters import MAX_TEXT, CallFilters, clean_text, is_clean
from web.schemas import CallDetail, CallList, Problem, call_detail, call_summary

router = APIRouter(prefix="/api/v1", tags=["calls"])

_taxonomy = load_taxonomy()
# The taxonomy's ids as enums in the OpenAPI schema (clients and schemathesis see them).
ThemeId = Literal[_taxonomy.theme_ids]  # type: ignore[valid-type]
ApplicantTypeId = Literal[_taxonomy.applicant_type_ids]  # type: ignore[valid-type]
FundingTypeId = Literal[_taxonomy.funding_type_ids]  # type: ignore[valid-type]


async def api_filters(
    theme: Annotated[ThemeId | None, Query(description="A theme id of the taxonomy.")] = None,
    country: Annotated[
        str | None, Query(pattern="^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code.")
    ] = None,
    applicant_type: Annotated[ApplicantTypeId | None, Query()] = None,
    funder: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Part of the funder's name.")
    ] = None,
    funding_type: Annotated[FundingTypeId | None, Query()] = None,
    deadline_from: Annotated[date | None, Query(description="Next deadline on or after.")] = None,
    deadline_to: Annotated[date | None, Query(description="Next deadline on or before.")] = None,
    language: Annotated[
        str | None, Query(pattern="^[a-z]{2}$", description="ISO 639-1 code of the call's text.")
    ] = None,
    status: Annotated[
        Literal["open", "forthcoming"] | None,
        Query(description="Default: open and forthcoming."),
    ] = None,
    q: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Words in title or description.")
    ] = None,
) -> CallFilters:
    return CallFilters(
        theme=theme,
        country=country,
        applicant_type=applicant_type,
        funder=clean_text(funder),
        funding_type=funding_type,
        deadline_from=deadline_from,
        deadline_to=deadline_to,
        language=language,
        status=status,
        q=clean_text(q),
    )


FiltersDep = Annotated[CallFilters, Depends(api_filters)]


# The endpoints are `async` and hand their database work to one worker thread: FastAPI
# validates a sync endpoint's answer against its response model in a second worker thread,
# a second wait for one under load.


@router.get("/calls", response_model=CallList, summary="Calls matching the filters")
async def list_calls(
    filters: FiltersDep,
    session: SessionDep,
    settings: SettingsDep,
    today: TodayDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=queries.MAX_PER_PAGE)] = queries.PER_PAGE,
) -> dict[str, Any]:
    """Open and forthcoming calls, soonest deadline first (rolling calls last)."""

    def answer() -> dict[str, Any]:
        result = queries.list_calls(
            session=session, filters=filters, today=today, page=page, per_page=per_page
        )
        return {
            "items": [call_summary(c, base_url=settings.base_url) for c in result.items],
            "total": result.total,
            "total_exact": result.total_exact,
            "page": result.page,
            "per_page": result.per_page,
            "pages": result.pages,
            "has_next": result.has_next,
        }

    return await run_in_threadpool(answer)


@router.get(
    "/calls/{call_id:path}",
    response_model=CallDetail,
    responses={404: {"model": Problem, "description": "No such call (or hidden)."}},
    summary="One call, by public id or alias",
)
async def get_call(
    call_id: str, session: SessionDep, settings: SettingsDep, today: TodayDep
) -> dict[str, Any]:
    """Every field of a call, its tags with evidence, sources and change history."""

    def answer() -> dict[str, Any]:
        call = None
        if is_clean(call_id):  # NUL and control characters are never in an id
            call = queries.visible_call(session=session, ref=call_id)
        if call is None:
            raise HTTPException(status_code=404, detail="no such call")
        return call_detail(
            call,
            base_url=settings.base_url,
            changes=queries.call_changes(session=session, call_id=call.id),
            open_offers=open_offer_counts(session, call_ids=[call.id], as_of=today).get(call.id, 0),
        )

    return await run_in_threadpool(answer)
