"""Across crawls: one call from two sources, a moved deadline, an unchanged site (304s)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text

from models.call import Call, CallChange, CallSource
from tests.conftest import Database
from tests.crawlers.loopback import LoopbackSite
from tests.crawlers.portal import serve_portal
from tests.crawlers.sites import (
    DETAIL_SETTINGS,
    JSON_SETTINGS,
    LISTING_SETTINGS,
    listing_pages,
    serve_json,
    serve_listing,
)

CALL_TABLES = ("calls", "call_aliases", "call_sources", "call_changes")


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the call tables, every column (timestamps included)."""
    with db.engine.connect() as conn:
        return {
            table: sorted(
                (
                    tuple(str(v) for v in row)
                    for row in conn.execute(text(f"SELECT * FROM {table}"))
                ),
            )
            for table in CALL_TABLES
        }


def test_one_call_from_two_sources_is_one_call_with_both_urls(
    db: Database, site: LoopbackSite, add_source: Any, crawl: Any
) -> None:
    portal = serve_portal(site)
    site.add_file("/feed.xml", "feed.xml")
    add_source(db, key="eu-cerv", kind="ft-portal", url="https://ec.europa.eu/", settings=portal)
    add_source(db, key="desk", kind="feed", url=site.url("/feed.xml"))
    crawl(db, "eu-cerv", "desk")
    with db.engine.connect() as conn:
        ids = conn.scalars(
            select(Call.public_id).where(Call.public_id.like("CERV-2027-EQUAL-ROMA%"))
        ).all()
        sources = (
            conn.execute(
                select(CallSource.source_key)
                .join(Call, Call.id == CallSource.call_id)
                .where(Call.public_id == "CERV-2027-EQUAL-ROMA")
            )
            .scalars()
            .all()
        )
    assert ids == ["CERV-2027-EQUAL-ROMA"]
    assert sorted(sources) == ["desk", "eu-cerv"]


def test_a_moved_deadline_is_a_call_change(
    db: Database, site: LoopbackSite, add_source: Any, crawl: Any
) -> None:
    serve_listing(site)
    add_source(
        db,
        key="cities",
        kind="html",
        url=site.url("/calls"),
        settings={**LISTING_SETTINGS, "detail": DETAIL_SETTINGS},
    )
    crawl(db, "cities")
    # The funder moves the deadline on the listing and on the call's page.
    first, _ = listing_pages(site)
    first.body = first.body.replace(b"Deadline: 31 March 2027", b"Deadline: 30 April 2027")
    site.replace_text("/calls/housing-2027", "31 March 2027, 17:00 CET", "30 April 2027, 17:00 CET")
    outcome = crawl(db, "cities")
    with db.engine.connect() as conn:
        changes = conn.execute(
            select(
                CallChange.field, CallChange.old_value, CallChange.new_value, CallChange.source_key
            )
            .join(Call, Call.id == CallChange.call_id)
            .where(Call.public_id == "FIC-HOUSING-2027")
        ).all()
    assert (outcome.report.items_updated, outcome.report.items_unchanged) == (1, 2)
    assert [tuple(c) for c in changes] == [("deadlines", ["2027-03-31"], ["2027-04-30"], "cities")]


def test_an_unchanged_site_is_answered_by_304s_and_writes_no_call_rows(
    db: Database, site: LoopbackSite, add_source: Any, crawl: Any
) -> None:
    serve_listing(site, robots="User-agent: *\nDisallow: /calls/private/\n")
    serve_json(site)
    portal = serve_portal(site)
    site.add_file("/feed.xml", "feed.xml")
    add_source(
        db,
        key="cities",
        kind="html",
        url=site.url("/calls"),
        settings={**LISTING_SETTINGS, "detail": DETAIL_SETTINGS},
    )
    add_source(db, key="wb", kind="json", url=site.url("/api/grants"), settings=JSON_SETTINGS)
    add_source(db, key="eu-cerv", kind="ft-portal", url="https://ec.europa.eu/", settings=portal)
    add_source(db, key="desk", kind="feed", url=site.url("/feed.xml"))
    keys = ("cities", "wb", "eu-cerv", "desk")
    crawl(db, *keys)
    before = snapshot(db)
    served = len(site.requests())
    second = {o.key: o.report for o in crawl(db, *keys)}
    answers = [
        r.status
        for r in site.requests()[served:]
        if not r.path.startswith(("/robots.txt", "/search-api"))
    ]
    assert snapshot(db) == before
    assert answers and set(answers) == {304}
    assert {
        k: (r.http_304, r.items_new, r.items_updated, r.items_unchanged) for k, r in second.items()
    } == {
        # Two listing pages, their four items (the fourth one's page is robots-forbidden).
        "cities": (2, 0, 0, 4),
        "wb": (2, 0, 0, 3),
        # The search (a POST) is asked again; both topics are 304s; the cascade call (in the
        # search results only) is found unchanged and not rewritten.
        "eu-cerv": (2, 0, 0, 3),
        "desk": (1, 0, 0, 0),
    }


def test_a_changed_page_behind_an_unchanged_first_page_is_read(
    sqlite_db: Database, site: LoopbackSite, add_source: Any, crawl: Any
) -> None:
    serve_listing(site)
    add_source(
        sqlite_db, key="cities", kind="html", url=site.url("/calls"), settings=LISTING_SETTINGS
    )
    crawl(sqlite_db, "cities")
    _, second = listing_pages(site)
    second.body = second.body.replace(b"Deadline: 30 June 2027", b"Deadline: 31 July 2027")
    second.modified = second.modified.replace(day=19)
    report = crawl(sqlite_db, "cities").report
    assert (report.http_304, report.http_200, report.items_updated, report.items_unchanged) == (
        1,
        1,
        1,
        3,
    )
