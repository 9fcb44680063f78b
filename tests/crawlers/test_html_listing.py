"""The `html` spider: a paged listing read with selectors, each item followed to its page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from tests.crawlers.conftest import EPOCH
from tests.crawlers.loopback import LoopbackSite
from tests.crawlers.offline import crawl_offline
from tests.crawlers.sites import DETAIL_SETTINGS, LISTING_SETTINGS, serve_listing

LISTING = LISTING_SETTINGS
DETAIL = DETAIL_SETTINGS


@pytest.fixture(scope="module")
def listing_site() -> Iterator[LoopbackSite]:
    site = LoopbackSite().start()
    serve_listing(site)
    yield site
    site.stop()


def read(site: LoopbackSite, **settings: Any) -> tuple[dict[str, Any], Any]:
    source = {
        "key": "inclusive-cities",
        "kind": "html",
        "url": site.url("/calls"),
        "language": "en",
        "funder": "Fund for Inclusive Cities",
        "settings": settings,
    }
    found, spider = crawl_offline(source, today=EPOCH)
    return {item.record.title: item.record for item in found}, spider


@pytest.fixture(scope="module")
def followed(listing_site: LoopbackSite) -> dict[str, Any]:
    return read(listing_site, **LISTING, detail=DETAIL)[0]


@pytest.fixture(scope="module")
def housing(followed: dict[str, Any]) -> Any:
    return followed["Integrated housing for Roma families in mid-sized cities"]


@pytest.fixture(scope="module")
def listed(listing_site: LoopbackSite) -> dict[str, Any]:
    return read(listing_site, **LISTING)[0]


def test_it_reads_every_listing_page(listed: dict[str, Any]) -> None:
    assert len(listed) == 4


def test_it_follows_items_to_their_pages(followed: dict[str, Any]) -> None:
    assert sorted(followed) == [
        "Desegregation of primary schools",
        "Health mediators in Roma neighbourhoods",
        "Integrated housing for Roma families in mid-sized cities",
    ]  # the fourth item's page does not exist (404): logged and skipped


def test_title(housing: Any) -> None:
    assert housing.title == "Integrated housing for Roma families in mid-sized cities"


def test_url_is_absolute(housing: Any, listing_site: LoopbackSite) -> None:
    assert housing.url == listing_site.url("/calls/housing-2027")


def test_deadline(housing: Any) -> None:
    assert housing.deadlines == [date(2027, 3, 31)]


def test_opening_date(housing: Any) -> None:
    assert housing.opening_date == date(2026, 12, 1)


def test_published_from_the_listing(housing: Any) -> None:
    assert housing.published == date(2026, 11, 2)


def test_amount_in_eur(housing: Any) -> None:
    assert (housing.max_amount, housing.currency, housing.max_amount_eur) == (
        60_000,
        "EUR",
        60_000,
    )


def test_budget(housing: Any) -> None:
    assert housing.total_amount == 1_200_000


def test_own_id_from_the_page(housing: Any) -> None:
    assert housing.own_id == "FIC-HOUSING-2027"


def test_description_keeps_headings_lists_and_links(housing: Any) -> None:
    html = housing.description_html
    assert "<h2>What we fund</h2>" in html and "<li>Lead applicant: a municipality</li>" in html


@pytest.mark.parametrize("unsafe", ["<script", "onerror", "onclick", "<iframe", "<style", "<img"])
def test_description_is_sanitised(housing: Any, unsafe: str) -> None:
    assert unsafe not in housing.description_html


def test_description_text(housing: Any) -> None:
    assert "Municipalities of 20,000 to 200,000 inhabitants" in housing.description_text


def test_language(housing: Any) -> None:
    assert housing.language == "en"


def test_funder(housing: Any) -> None:
    assert housing.funder == "Fund for Inclusive Cities"


def test_listing_only_uses_the_summary_as_description(listed: dict[str, Any]) -> None:
    schools = listed["Desegregation of primary schools"]
    assert schools.description_text == (
        "Support for school districts that end the separation of Roma pupils."
    )


def test_listing_only_deadline(listed: dict[str, Any]) -> None:
    assert listed["Health mediators in Roma neighbourhoods"].deadlines == [date(2027, 6, 30)]


def test_max_pages_stops_paging_with_a_warning(listing_site: LoopbackSite) -> None:
    found, spider = read(listing_site, **LISTING, max_pages=1)
    assert (len(found), spider.ctx.report.warnings[0]["reason"]) == (
        3,
        "stopped after 1 listing pages (max_pages)",
    )


def test_a_selector_matching_nothing_is_a_warning(listing_site: LoopbackSite) -> None:
    _found, spider = read(listing_site, **{**LISTING, "item": "div.no-such-thing"})
    assert spider.ctx.report.warnings[0]["reason"] == (
        "no item matched the selector 'div.no-such-thing'"
    )
