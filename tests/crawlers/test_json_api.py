"""The `json` spider: a paged JSON API read with dotted paths (files/json_api*.json)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from crawlers.spiders.json_api import dig
from tests.crawlers.conftest import EPOCH
from tests.crawlers.loopback import LoopbackSite
from tests.crawlers.offline import crawl_offline
from tests.crawlers.sites import JSON_SETTINGS, serve_json


@pytest.fixture(scope="module")
def items() -> Iterator[dict[str, Any]]:
    site = LoopbackSite().start()
    serve_json(site)
    source = {
        "key": "wb-grants",
        "kind": "json",
        "url": site.url("/api/grants"),
        "language": "en",
        "funder": "Western Balkans inclusion grants register",
        "settings": JSON_SETTINGS,
    }
    found, _ = crawl_offline(source, today=EPOCH)
    yield {item.record.own_id: item.record for item in found}
    site.stop()


@pytest.fixture(scope="module")
def employment(items: dict[str, Any]) -> Any:
    return items["WBIG-2026-07"]


def test_it_reads_every_page(items: dict[str, Any]) -> None:
    assert sorted(items) == ["WBIG-2026-07", "WBIG-2026-08", "WBIG-2026-09"]


def test_title(employment: Any) -> None:
    assert employment.title == "Roma employment in municipal services"


def test_url_is_absolute(employment: Any) -> None:
    assert employment.url.startswith("http://127.0.0.1:")
    assert employment.url.endswith("/grants/WBIG-2026-07")


def test_deadline(employment: Any) -> None:
    assert employment.deadlines == [date(2027, 1, 29)]


def test_opening_date(employment: Any) -> None:
    assert employment.opening_date == date(2026, 10, 15)


def test_status_from_a_nested_label(items: dict[str, Any]) -> None:
    assert items["WBIG-2026-08"].source_status == "forthcoming"


def test_amounts(employment: Any) -> None:
    assert (employment.min_amount, employment.max_amount, employment.total_amount) == (
        50_000,
        100_000,
        1_500_000,
    )


def test_constant_currency_makes_amounts_eur(employment: Any) -> None:
    assert employment.max_amount_eur == 100_000


def test_programme_from_a_list(employment: Any) -> None:
    assert employment.programme == "Instrument for Pre-accession Assistance (IPA III)"


def test_description_from_the_summary(employment: Any) -> None:
    assert employment.description_text.startswith("Grants for municipalities in the Western")


def test_a_call_without_deadline_is_left_to_the_classifier(items: dict[str, Any]) -> None:
    assert items["WBIG-2026-09"].deadlines is None


def test_null_amounts_stay_unknown(items: dict[str, Any]) -> None:
    assert items["WBIG-2026-09"].max_amount is None


@pytest.mark.parametrize(
    ("path", "expected"),
    [("a.b", 1), ("a.list.1.c", 3), ("a.list.-1.c", 3), ("a.missing", None), ("", {"a": "x"})],
)
def test_dotted_paths(path: str, expected: Any) -> None:
    data = {"a": {"b": 1, "list": [{"c": 2}, {"c": 3}]}}
    assert dig(data if path else {"a": "x"}, path) == expected
