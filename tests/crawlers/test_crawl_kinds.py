"""Every source kind end to end: a crawl process over loopback HTTP into the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from models.call import Call, CallSource
from models.source import CrawlRun, HttpValidator, Source
from tests.conftest import Database
from tests.crawlers.loopback import LoopbackSite
from tests.crawlers.portal import serve_portal
from tests.crawlers.sites import (
    DETAIL_SETTINGS,
    JSON_SETTINGS,
    LISTING_SETTINGS,
    serve_json,
    serve_listing,
)


def calls_by_id(db: Database) -> dict[str, Call]:
    with db.engine.connect() as conn:
        rows = conn.execute(select(Call)).all()
    return {row.public_id: row for row in rows}


def last_run(db: Database, key: str) -> Any:
    with db.engine.connect() as conn:
        return conn.execute(
            select(CrawlRun)
            .join(Source, Source.id == CrawlRun.source_id)
            .where(Source.key == key)
            .order_by(CrawlRun.id.desc())
        ).first()


def test_a_feed_is_stored(db: Database, site: LoopbackSite, add_source: Any, crawl: Any) -> None:
    site.add_file("/feed.xml", "feed.xml")
    add_source(db, key="desk", kind="feed", url=site.url("/feed.xml"), funder="Alliance Desk")
    outcome = crawl(db, "desk")
    calls = calls_by_id(db)
    assert outcome.report.status == "ok"
    assert sorted(calls) == [
        "CERV-2027-EQUAL-ROMA",
        "desk:alliance-desk-2026-095",
        "desk:alliance-desk-2026-098",
    ]
    assert calls["desk:alliance-desk-2026-095"].language == "fr"
    run = last_run(db, "desk")
    assert (run.status, run.http_200, run.items_new, run.finished_at is not None) == (
        "ok",
        1,
        3,
        True,
    )


def test_an_eu_portal_query_is_stored(
    db: Database, site: LoopbackSite, add_source: Any, crawl: Any
) -> None:
    settings = serve_portal(site)
    add_source(
        db,
        key="eu-cerv",
        kind="ft-portal",
        url="https://ec.europa.eu/info/funding-tenders/opportunities/portal/",
        funder="European Commission",
        settings={**settings, "page_size": 3},
    )
    crawl(db, "eu-cerv")
    calls = calls_by_id(db)
    assert sorted(calls) == [
        "CERV-2027-EQUAL-ROMA",
        "HORIZON-CL2-2027-01-TRANSFORMATIONS-05",
        "eu-cerv:20417COMPETITIVE_CALLen",
    ]
    cerv = calls["CERV-2027-EQUAL-ROMA"]
    assert (cerv.status, cerv.deadlines, cerv.max_amount_eur) == (
        "forthcoming",
        ["2027-03-11", "2027-09-16"],
        400_000,
    )


def test_an_html_listing_is_stored_sanitised(
    db: Database, site: LoopbackSite, add_source: Any, crawl: Any
) -> None:
    serve_listing(site, robots="User-agent: *\nDisallow: /calls/private/\n")
    add_source(
        db,
        key="cities",
        kind="html",
        url=site.url("/calls"),
        settings={**LISTING_SETTINGS, "detail": DETAIL_SETTINGS},
    )
    crawl(db, "cities")
    calls = calls_by_id(db)
    assert sorted(calls) == ["FIC-HEALTH-2027", "FIC-HOUSING-2027", "FIC-SCHOOLS-2027"]
    html = calls["FIC-HOUSING-2027"].description_html
    assert "<script" not in html and "onerror" not in html and "<h2>What we fund</h2>" in html
    assert calls["FIC-HOUSING-2027"].next_deadline.isoformat() == "2027-03-31"


def test_robots_txt_disallowed_pages_are_never_requested(
    sqlite_db: Database, site: LoopbackSite, add_source: Any, crawl: Any
) -> None:
    serve_listing(site, robots="User-agent: *\nDisallow: /calls/private/\n")
    add_source(
        sqlite_db,
        key="cities",
        kind="html",
        url=site.url("/calls"),
        settings={**LISTING_SETTINGS, "detail": DETAIL_SETTINGS},
    )
    outcome = crawl(sqlite_db, "cities")
    assert site.requests("/calls/private/board-only") == []
    assert {
        "reason": "not fetched: forbidden by robots.txt",
        "url": site.url("/calls/private/board-only"),
    } in outcome.report.warnings


def test_a_json_api_is_stored(
    db: Database, site: LoopbackSite, add_source: Any, crawl: Any
) -> None:
    serve_json(site)
    add_source(db, key="wb", kind="json", url=site.url("/api/grants"), settings=JSON_SETTINGS)
    crawl(db, "wb")
    calls = calls_by_id(db)
    assert sorted(calls) == ["WBIG-2026-07", "WBIG-2026-08", "WBIG-2026-09"]
    assert calls["WBIG-2026-08"].status == "forthcoming"


def test_the_crawler_names_fundwatch_and_the_deployment(
    sqlite_db: Database, site: LoopbackSite, add_source: Any, crawl: Any
) -> None:
    site.add_file("/feed.xml", "feed.xml")
    add_source(sqlite_db, key="desk", kind="feed", url=site.url("/feed.xml"))
    crawl(sqlite_db, "desk")
    agent = site.requests("/feed.xml")[0].headers["User-Agent"]
    assert agent.startswith("fundwatch/") and "+http://127.0.0.1:8000" in agent


def test_validators_are_stored_per_url(
    sqlite_db: Database, site: LoopbackSite, add_source: Any, crawl: Any
) -> None:
    site.add_file("/feed.xml", "feed.xml")
    add_source(sqlite_db, key="desk", kind="feed", url=site.url("/feed.xml"))
    crawl(sqlite_db, "desk")
    with sqlite_db.engine.connect() as conn:
        row = conn.execute(
            select(HttpValidator).where(HttpValidator.url == site.url("/feed.xml"))
        ).one()
        links = conn.scalar(select(func.count()).select_from(CallSource))
    assert row.etag.startswith('"') and row.last_modified.endswith("GMT") and links == 3
