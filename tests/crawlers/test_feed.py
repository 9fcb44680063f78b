"""The `feed` spider on its saved feeds (files/feed*.xml), served over loopback HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from tests.crawlers.conftest import EPOCH
from tests.crawlers.loopback import LoopbackSite
from tests.crawlers.offline import crawl_offline

TOPIC_URL = (
    "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/"
    "topic-details/CERV-2027-EQUAL-ROMA"
)


@pytest.fixture(scope="module")
def feed_site() -> Iterator[LoopbackSite]:
    site = LoopbackSite().start()
    site.add_file("/feed.xml", "feed.xml")
    site.add_file("/news", "feed_page.html")
    site.add_file("/broken.xml", "feed_malformed.xml")
    yield site
    site.stop()


def read(site: LoopbackSite, path: str, **settings: Any) -> tuple[list[Any], Any]:
    source = {
        "key": "alliance-desk",
        "kind": "feed",
        "url": site.url(path),
        "language": "en",
        "funder": "Alliance Funding Desk",
        "settings": settings,
    }
    return crawl_offline(source, today=EPOCH)


@pytest.fixture(scope="module")
def items(feed_site: LoopbackSite) -> dict[str, Any]:
    found, _ = read(feed_site, "/feed.xml")
    return {item.title[:20]: item for item in found}


@pytest.fixture(scope="module")
def roma(items: dict[str, Any]) -> Any:
    return items["CERV-2027-EQUAL-ROMA"]


@pytest.fixture(scope="module")
def mediators(items: dict[str, Any]) -> Any:
    return items["Small grants for mun"]


@pytest.fixture(scope="module")
def french(items: dict[str, Any]) -> Any:
    return items["Appel à projets : la"]


def test_it_reads_every_entry(items: dict[str, Any]) -> None:
    assert len(items) == 3


def test_title(roma: Any) -> None:
    assert roma.record.title == (
        "CERV-2027-EQUAL-ROMA: Roma equality and participation call announced"
    )


def test_url(roma: Any) -> None:
    assert roma.record.url == TOPIC_URL


def test_item_id_is_the_guid(mediators: Any) -> None:
    assert mediators.record.item_id == "alliance-desk-2026-098"


def test_own_id_is_the_topic_id_in_the_title(roma: Any) -> None:
    assert roma.record.own_id == "CERV-2027-EQUAL-ROMA"


def test_published(mediators: Any) -> None:
    assert mediators.record.published == date(2026, 11, 12)


def test_description_keeps_links_as_safe_html(roma: Any) -> None:
    assert '<a href="' + TOPIC_URL + '" rel="noopener noreferrer nofollow">' in (
        roma.record.description_html
    )


def test_description_text(mediators: Any) -> None:
    assert mediators.record.description_text.startswith("Municipalities of the Alliance")


def test_funder(roma: Any) -> None:
    assert roma.record.funder == "Alliance Funding Desk"


def test_language_of_a_french_entry(french: Any) -> None:
    assert french.record.language == "fr"


def test_language_of_an_english_entry(mediators: Any) -> None:
    assert mediators.record.language == "en"


def test_no_deadline_is_guessed_from_the_text(mediators: Any) -> None:
    assert mediators.record.deadlines is None  # left to the classifier's extraction


def test_fields_setting_maps_an_entry_value_to_the_deadline(feed_site: LoopbackSite) -> None:
    found, _ = read(feed_site, "/feed.xml", fields={"deadline": "summary"})
    mediators = next(i for i in found if i.title.startswith("Small grants"))
    assert mediators.record.deadlines == [date(2027, 3, 15)]


def test_item_id_setting_link(feed_site: LoopbackSite) -> None:
    found, _ = read(feed_site, "/feed.xml", item_id="link")
    assert found[1].record.item_id == "https://alliance-funding.example/grants/roma-mediators-2027"


def test_a_web_page_leads_to_its_feed(feed_site: LoopbackSite) -> None:
    found, _ = read(feed_site, "/news")
    assert len(found) == 3


def test_a_malformed_feed_still_gives_its_entries(feed_site: LoopbackSite) -> None:
    found, _ = read(feed_site, "/broken.xml")
    assert [i.title for i in found] == [
        "Housing desegregation pilot grants for regions",
        "Youth leadership exchanges for Roma young people",
    ]


def test_a_malformed_feed_is_a_warning_on_the_run(feed_site: LoopbackSite) -> None:
    _, spider = read(feed_site, "/broken.xml")
    assert spider.ctx.report.warnings[0]["reason"].startswith("malformed feed (entries kept)")
