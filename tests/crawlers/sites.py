"""Loopback sites serving the saved pages of each kind, as the tests' sources expect them."""

from __future__ import annotations

from typing import Any

from tests.crawlers.loopback import FILES, Logged, LoopbackSite, Page, query

LISTING_SETTINGS: dict[str, Any] = {
    "item": "article.call",
    "fields": {
        "title": "h2 a::text",
        "url": "h2 a::attr(href)",
        "deadline": ".deadline::text",
        "published": "xpath:.//span[@class='published']/text()",
        "summary": ".summary::text",
    },
    "next_page": "a.next::attr(href)",
}
DETAIL_SETTINGS: dict[str, Any] = {
    "description": "div.call-body",
    "deadline": "dd.deadline::text",
    "opening": "dd.opening::text",
    "amount": "dd.amount::text",
    "budget": "dd.budget::text",
    "identifier": "dd.reference::text",
}
JSON_SETTINGS: dict[str, Any] = {
    "items": "grants",
    "next_page": "next",
    "fields": {
        "title": "title",
        "url": "url",
        "identifier": "identifier",
        "summary": "summary",
        "deadline": "deadlineDate",
        "opening": "startDate",
        "status": "status.label",
        "budget": "budget.totalBudgetEur",
        "amount": "budget.maxContributionEur",
        "min_amount": "budget.minContributionEur",
        "currency": "=EUR",
        "programme": "frameworkProgrammes.0.label",
    },
}


def serve_listing(site: LoopbackSite, *, robots: str | None = None) -> None:
    """/calls and /calls?page=2 (files/html_listing*.html) and the three calls' own pages."""
    first = Page((FILES / "html_listing.html").read_bytes())
    second = Page((FILES / "html_listing_page2.html").read_bytes())

    def calls(entry: Logged) -> Page:
        return second if query(entry).get("page") == "2" else first

    site.add("/calls", calls)
    site.add_file("/calls/housing-2027", "html_listing_detail_housing.html")
    site.add_file("/calls/schools-2027", "html_listing_detail_schools.html")
    site.add_file("/calls/health-mediators", "html_listing_detail_health.html")
    if robots is not None:
        site.add("/robots.txt", Page(robots.encode(), "text/plain"))


def listing_pages(site: LoopbackSite) -> tuple[Page, Page]:
    """The two listing pages served by `serve_listing` (to edit them in a test)."""
    route = site.routes["/calls"]
    assert callable(route)
    first = route(Logged("GET", "/calls", {}, b"", 0, 0))
    second = route(Logged("GET", "/calls?page=2", {}, b"", 0, 0))
    return first, second


def serve_json(site: LoopbackSite) -> None:
    """/api/grants and /api/grants?page=2 (files/json_api*.json)."""
    first = Page((FILES / "json_api.json").read_bytes(), "application/json")
    second = Page((FILES / "json_api_page2.json").read_bytes(), "application/json")

    def grants(entry: Logged) -> Page:
        return second if query(entry).get("page") == "2" else first

    site.add("/api/grants", grants)
