"""The default catalogue: valid, complete, and its selectors work on the saved pages.

Each entry whose site has a saved page in ../shared/corpus/ is read from that page (as if
fetched from the entry's own URL, so links resolve as they would): its selectors must
extract the calls on it. The catalogue is never crawled over the network.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from crawlers.items import FundingCall
from crawlers.sourcefile import default_catalogue_text, entry_values, parse_sources
from tests.crawlers.conftest import EPOCH
from tests.crawlers.offline import make_spider, process

ENTRIES, ERRORS = parse_sources(default_catalogue_text())
BY_KEY = {entry.key: entry for entry in ENTRIES}
# Catalogue entry -> its saved listing page and how many calls that page lists.
SAVED_LISTINGS = {
    "undp-procurement": ("undp-procurement-notices-listing.html", 625),
    "redi-tenders": ("redi-ngo-tenders-and-calls-listing.html", 11),
    # 28 calls and a card "General information about Grants" (no deadline: kept as a call).
    "eeas-north-macedonia-grants": ("eeas-delegation-north-macedonia-grants-listing.html", 29),
    "euroaccess-calls": ("euroaccess-search-for-funding-listing.html", 142),
    "webalkans-opportunities": ("webalkans-funding-opportunities-listing.html", 6),
}
FT_PORTAL_PROGRAMMES = {
    "eu-cerv": "43251589",
    "eu-esf-easi": "43254019",
    "eu-erasmus": "43353764",
    "eu-amif": "43251447",
    "eu-eu4health": "43332642",
    "eu-horizon-cl2": "43108390",
}


def saved_page(corpus: Path, key: str, name: str, url: str | None = None) -> HtmlResponse:
    entry = BY_KEY[key]
    body = (corpus / "html" / name).read_bytes()
    return HtmlResponse(url or entry.url, body=body, encoding="utf-8", request=Request(entry.url))


@cache
def listing_calls(corpus: Path, key: str) -> list[FundingCall]:
    """The calls the entry's selectors find on its saved listing (followed ones included);
    read once per page (the UNDP page is 1 MB)."""
    spider = make_spider({**entry_values(BY_KEY[key])}, today=EPOCH)
    found: list[FundingCall] = []
    for output in spider.parse_listing(saved_page(corpus, key, SAVED_LISTINGS[key][0])):
        if isinstance(output, FundingCall):
            found.append(output)
        elif isinstance(output, Request) and "item" in output.cb_kwargs:
            found.append(output.cb_kwargs["item"])
    return process(spider, found)


def test_the_catalogue_is_valid() -> None:
    assert ERRORS == []


def test_the_catalogue_has_at_least_15_sources() -> None:
    assert len(ENTRIES) >= 15


def test_every_source_has_a_real_https_url() -> None:
    assert [e.key for e in ENTRIES if not e.url.startswith("https://")] == []


def test_every_source_kind_is_used() -> None:
    assert {e.kind for e in ENTRIES} == {"feed", "ft-portal", "html"} | (
        {"json"} if any(e.kind == "json" for e in ENTRIES) else set()
    )


@pytest.mark.parametrize(("key", "programme"), FT_PORTAL_PROGRAMMES.items())
def test_eu_portal_queries_ask_for_open_and_forthcoming_grants_of_a_programme(
    key: str, programme: str
) -> None:
    must = BY_KEY[key].settings["query"]["bool"]["must"]
    assert {"terms": {"status": ["31094501", "31094502"]}} in must
    assert {"terms": {"frameworkProgramme": [programme]}} in must


def test_horizon_cluster_2_is_narrowed_to_its_programme_division() -> None:
    must = BY_KEY["eu-horizon-cl2"].settings["query"]["bool"]["must"]
    assert {"terms": {"programmeDivision": ["43118846"]}} in must


@pytest.mark.parametrize(
    "funder",
    [
        "Council of Europe - European Youth Foundation",
        "Council of Europe - Congress of Local and Regional Authorities",
        "Council of Europe - Roma and Travellers Team",
        "Council of Europe Development Bank (CEB)",
        "EEA and Norway Grants (Iceland, Liechtenstein, Norway)",
        "Roma Education Fund",
        "Open Society Foundations",
        "United Nations Development Programme (UNDP)",
    ],
)
def test_the_named_funders_are_watched(funder: str) -> None:
    assert funder in {e.funder for e in ENTRIES}


@pytest.mark.parametrize("key", ["interreg-calls", "urbact-calls", "eui-calls"])
def test_interreg_urbact_and_the_urban_initiative_are_watched(key: str) -> None:
    assert key in BY_KEY


@pytest.mark.parametrize(("key", "expected"), [(k, v[1]) for k, v in SAVED_LISTINGS.items()])
def test_selectors_extract_the_calls_of_the_saved_page(
    shared_corpus: Path, key: str, expected: int
) -> None:
    assert len(listing_calls(shared_corpus, key)) == expected


@pytest.mark.parametrize("key", list(SAVED_LISTINGS))
def test_every_call_of_a_saved_page_has_a_title_and_an_http_url(
    shared_corpus: Path, key: str
) -> None:
    calls = listing_calls(shared_corpus, key)
    assert [c.title for c in calls if not c.title or not (c.url or "").startswith("http")] == []


def first(shared_corpus: Path, key: str, index: int = 0) -> Any:
    record = listing_calls(shared_corpus, key)[index].record
    assert record is not None
    return record


def test_undp_title(shared_corpus: Path) -> None:
    assert first(shared_corpus, "undp-procurement").title == (
        "ACHAT DES MATERIELS DE PRODUCTIONS, KITS DE METIERS ET LES MATERIELS SOLAIRES"
    )


def test_undp_reference_is_the_item_id(shared_corpus: Path) -> None:
    assert first(shared_corpus, "undp-procurement").item_id == "UNDP-MLI-00439"


def test_undp_url(shared_corpus: Path) -> None:
    assert first(shared_corpus, "undp-procurement").url == (
        "https://procurement-notices.undp.org/view_negotiation.cfm?nego_id=38985"
    )


def test_undp_deadline(shared_corpus: Path) -> None:
    assert first(shared_corpus, "undp-procurement").deadlines == [date(2025, 10, 14)]


def test_undp_published(shared_corpus: Path) -> None:
    assert first(shared_corpus, "undp-procurement").published == date(2025, 10, 2)


def test_redi_deadline(shared_corpus: Path) -> None:
    assert first(shared_corpus, "redi-tenders", 1).deadlines == [date(2025, 9, 18)]


def test_redi_without_a_date_has_no_deadline(shared_corpus: Path) -> None:
    assert first(shared_corpus, "redi-tenders").deadlines is None  # "Deadline: TBD"


def test_eeas_deadline(shared_corpus: Path) -> None:
    assert first(shared_corpus, "eeas-north-macedonia-grants").deadlines == [date(2025, 9, 18)]


def test_eeas_url_is_absolute(shared_corpus: Path) -> None:
    assert first(shared_corpus, "eeas-north-macedonia-grants").url == (
        "https://www.eeas.europa.eu/delegations/north-macedonia/"
        "call-independent-media-grants-western-balkans_en?s=229"
    )


def test_euroaccess_programme(shared_corpus: Path) -> None:
    assert first(shared_corpus, "euroaccess-calls").programme == "Erasmus+"


def test_euroaccess_deadline(shared_corpus: Path) -> None:
    assert first(shared_corpus, "euroaccess-calls").deadlines == [date(2026, 1, 27)]


def test_webalkans_deadline(shared_corpus: Path) -> None:
    deadlines = [
        c.record.deadlines for c in listing_calls(shared_corpus, "webalkans-opportunities")
    ]
    assert [date(2026, 3, 31)] in deadlines


def test_webalkans_summary_is_the_description(shared_corpus: Path) -> None:
    assert first(shared_corpus, "webalkans-opportunities").description_text


@pytest.fixture
def euroaccess_call(shared_corpus: Path) -> Any:
    """A call of the EuroAccess listing, completed from its saved page."""
    spider = make_spider({**entry_values(BY_KEY["euroaccess-calls"])}, today=EPOCH)
    item = FundingCall(
        source_key="euroaccess-calls",
        title="Erasmus Charter for Higher Education - 5th cut-off date",
        page_url=BY_KEY["euroaccess-calls"].url,
    )
    url = "https://www.euro-access.eu/en/calls/135/Erasmus-Charter-for-Higher-Education-5th-cut-off-date"
    response = saved_page(
        shared_corpus, "euroaccess-calls", "euroaccess-call-detail-erasmus-eche-2022.html", url
    )
    found = [o for o in spider.parse_detail(response, item) if isinstance(o, FundingCall)]
    return process(spider, found)[0].record


def test_euroaccess_call_page_gives_the_call_number(euroaccess_call: Any) -> None:
    assert euroaccess_call.own_id == "ERASMUS-EDU-2022-ECHE-CERT-FP"


def test_euroaccess_call_page_gives_the_deadline(euroaccess_call: Any) -> None:
    assert euroaccess_call.deadlines == [date(2026, 1, 27)]


def test_euroaccess_call_page_gives_the_opening_date(euroaccess_call: Any) -> None:
    assert euroaccess_call.opening_date == date(2022, 2, 23)


def test_euroaccess_call_page_gives_the_description(euroaccess_call: Any) -> None:
    assert (
        "accrediting recognised Higher Education Institutions" in euroaccess_call.description_text
    )
