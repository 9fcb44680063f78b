"""The `ft-portal` spider: the portal's search API and topicDetails, on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from tests.crawlers.conftest import EPOCH
from tests.crawlers.loopback import LoopbackSite
from tests.crawlers.offline import crawl_offline
from tests.crawlers.portal import SEARCH_PATH, multipart_parts, serve_portal

CERV = "CERV-2027-EQUAL-ROMA"
HORIZON = "HORIZON-CL2-2027-01-TRANSFORMATIONS-05"
QUERY = {"bool": {"must": [{"terms": {"frameworkProgramme": ["43251589"]}}]}}


@pytest.fixture(scope="module")
def portal() -> Iterator[tuple[LoopbackSite, dict[str, Any]]]:
    site = LoopbackSite().start()
    settings = serve_portal(site)
    yield site, settings
    site.stop()


@pytest.fixture(scope="module")
def items(portal: tuple[LoopbackSite, dict[str, Any]]) -> dict[str, Any]:
    _site, settings = portal
    source = {
        "key": "eu-cerv",
        "kind": "ft-portal",
        "url": "https://ec.europa.eu/info/funding-tenders/opportunities/portal/",
        "funder": "European Commission",
        # Two results a page: the spider must read both pages of the four results.
        "settings": {**settings, "page_size": 2, "query": QUERY, "languages": ["en"]},
    }
    found, _ = crawl_offline(source, today=EPOCH)
    return {(item.record.own_id or item.record.item_id): item.record for item in found}


@pytest.fixture(scope="module")
def cerv(items: dict[str, Any]) -> Any:
    return items[CERV]


@pytest.fixture(scope="module")
def cascade(items: dict[str, Any]) -> Any:
    return items["20417COMPETITIVE_CALLen"]


def test_it_pages_through_all_results_and_reads_each_topic_once(items: dict[str, Any]) -> None:
    assert sorted(items) == sorted([CERV, HORIZON, "20417COMPETITIVE_CALLen"])


def test_search_is_a_multipart_post_of_json_parts(
    portal: tuple[LoopbackSite, dict[str, Any]], items: dict[str, Any]
) -> None:
    site, _ = portal
    parts = multipart_parts(site.requests(SEARCH_PATH)[0])
    assert parts == {
        "query": ("application/json", QUERY),
        "languages": ("application/json", ["en"]),
        "sort": ("application/json", {"order": "DESC", "field": "startDate"}),
    }


def test_search_asks_for_page_size_and_number(
    portal: tuple[LoopbackSite, dict[str, Any]], items: dict[str, Any]
) -> None:
    site, _ = portal
    assert sorted(r.path.split("&", 2)[-1] for r in site.requests(SEARCH_PATH)) == [
        "pageSize=2&pageNumber=1",
        "pageSize=2&pageNumber=2",
    ]


def test_title(cerv: Any) -> None:
    assert cerv.title == "Roma equality, inclusion and participation in cities and regions"


def test_url_is_the_topic_page(cerv: Any) -> None:
    assert cerv.url.endswith("/opportunities/topic-details/CERV-2027-EQUAL-ROMA")


def test_deadlines_of_a_two_stage_topic(cerv: Any) -> None:
    assert cerv.deadlines == [date(2027, 3, 11), date(2027, 9, 16)]


def test_opening_date(cerv: Any) -> None:
    assert cerv.opening_date == date(2027, 1, 14)


def test_published(cerv: Any) -> None:
    assert cerv.published == date(2026, 11, 12)


def test_status_forthcoming(cerv: Any) -> None:
    assert cerv.source_status == "forthcoming"


def test_status_open(items: dict[str, Any]) -> None:
    assert items[HORIZON].source_status == "open"


def test_budget_of_the_topic_only(cerv: Any) -> None:
    assert cerv.total_amount == 4_000_000  # not the other action sharing the budget map


def test_grant_size_range(cerv: Any) -> None:
    assert (cerv.min_amount, cerv.max_amount) == (75_000, 400_000)


def test_amount_in_eur(cerv: Any) -> None:
    assert (cerv.currency, cerv.max_amount_eur) == ("EUR", 400_000)


def test_no_grant_size_when_the_portal_gives_zero(items: dict[str, Any]) -> None:
    assert items[HORIZON].max_amount is None


def test_programme(cerv: Any) -> None:
    assert cerv.programme == "Citizens, Equality, Rights and Values Programme (CERV)"


def test_description_has_scope_and_conditions(cerv: Any) -> None:
    text = cerv.description_text
    assert "participatory planning with Roma residents" in text and "Eligible countries" in text


def test_description_html_keeps_lists(cerv: Any) -> None:
    assert "<li>training of municipal staff against antigypsyism;</li>" in cerv.description_html


def test_language(cerv: Any) -> None:
    assert cerv.language == "en"


def test_cascade_call_is_not_taken_for_its_parent_topic(cascade: Any) -> None:
    assert cascade.own_id is None  # its identifier is the funded project's topic, not its own


def test_cascade_call_title(cascade: Any) -> None:
    assert cascade.title == "Open call for community mediators pilots"


def test_cascade_call_cut_offs(cascade: Any) -> None:
    assert cascade.deadlines == [date(2027, 1, 15), date(2027, 5, 14)]


def test_cascade_call_budget(cascade: Any) -> None:
    assert (cascade.total_amount, cascade.currency) == (200_000, "EUR")


def test_cascade_call_status(cascade: Any) -> None:
    assert cascade.source_status == "open"
