"""`ft-portal` sources: the EU Funding & Tenders Portal search API, then each topic's details.

The search API takes a POST (`...rest/search?apiKey=SEDIA&text=***&pageSize=N&pageNumber=P`)
whose multipart body has three parts, `query`, `languages` and `sort`, each typed
`application/json`. Every page of results is read; each grant topic (types 1 and 2) is then
read from its `topicDetails/<identifier>.json` for the description, conditions, deadlines
(several cut-offs, two stages), opening date, status and budget. Cascade-funding calls
(type 8) have no topic of their own: their search result is the call.

Settings: `search_url`, `detail_url` (a template with `{identifier}` or
`{identifier_lower}`), `query` (the portal's JSON query), `languages`, `page_size`, `sort`,
`max_pages`. Both URLs are settings so that tests point them at loopback.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from scrapy import Request
from scrapy.http import Response

from crawlers.items import FundingCall
from crawlers.spiders.base import FundwatchSpider

DEFAULT_SEARCH_URL = (
    "https://api.tech.ec.europa.eu/search-api/prod/rest/search?apiKey=SEDIA&text=***"
)
DEFAULT_DETAIL_URL = (
    "https://ec.europa.eu/info/funding-tenders/opportunities/data/topicDetails/"
    "{identifier_lower}.json"
)
TOPIC_PAGE = (
    "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/"
    "topic-details/{identifier}"
)
GRANTS_OPEN_OR_FORTHCOMING = {
    "bool": {
        "must": [
            {"terms": {"type": ["1", "2", "8"]}},
            {"terms": {"status": ["31094501", "31094502"]}},
            {"term": {"programmePeriod": "2021 - 2027"}},
        ]
    }
}
DEFAULT_SORT = {"order": "DESC", "field": "startDate"}
STATUSES = {"31094501": "forthcoming", "31094502": "open", "31094503": "closed"}
CASCADE_TYPE = "8"
DEFAULT_PAGE_SIZE = 50
DEFAULT_MAX_PAGES = 20


def multipart(parts: dict[str, Any]) -> tuple[bytes, str]:
    """(body, content type) of a multipart/form-data body whose parts are JSON documents."""
    encoded = {name: json.dumps(value, separators=(",", ":")) for name, value in parts.items()}
    boundary = "fundwatch" + hashlib.sha1("".join(encoded.values()).encode()).hexdigest()[:16]
    chunks: list[str] = []
    for name, text in encoded.items():
        chunks.append(
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{name}"; filename="blob"\r\n'
            "Content-Type: application/json\r\n\r\n"
            f"{text}\r\n"
        )
    chunks.append(f"--{boundary}--\r\n")
    return "".join(chunks).encode(), f"multipart/form-data; boundary={boundary}"


def with_params(url: str, **params: Any) -> str:
    parts = urlsplit(url)
    extra = urlencode({k: v for k, v in params.items()})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def meta_first(metadata: dict[str, Any], key: str) -> str | None:
    """The search API gives every metadata value as a list: its first element, or None."""
    value = metadata.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value not in (None, "") else None


def status_of(actions: list[dict[str, Any]]) -> str | None:
    """open if any action is open, else forthcoming if any is, else closed."""
    found = {STATUSES.get(str((a.get("status") or {}).get("id"))) for a in actions}
    for status in ("open", "forthcoming", "closed"):
        if status in found:
            return status
    return None


def topic_budget(details: dict[str, Any], identifier: str) -> dict[str, float | None]:
    """Total budget, and the smallest / largest grant, of this topic's actions."""
    overview = details.get("budgetOverviewJSONItem") or {}
    total = 0.0
    found = False
    lows: list[float] = []
    highs: list[float] = []
    for actions in (overview.get("budgetTopicActionMap") or {}).values():
        for action in actions:
            name = str(action.get("action", ""))
            if not (name == identifier or name.startswith(f"{identifier} ")):
                continue
            for value in (action.get("budgetYearMap") or {}).values():
                try:
                    total += float(value)
                    found = True
                except (TypeError, ValueError):
                    continue
            if float(action.get("minContribution") or 0) > 0:
                lows.append(float(action["minContribution"]))
            if float(action.get("maxContribution") or 0) > 0:
                highs.append(float(action["maxContribution"]))
    return {
        "total": total if found and total > 0 else None,
        "min": min(lows) if lows else None,
        "max": max(highs) if highs else None,
    }


def topic_description(details: dict[str, Any]) -> str:
    """The topic's description, then its conditions (eligibility, countries, documents)."""
    parts = [details.get("description") or ""]
    if details.get("conditions"):
        parts.append(f"<h2>Topic conditions</h2>{details['conditions']}")
    return "\n".join(p for p in parts if p)


class FtPortalSpider(FundwatchSpider):
    name = "ft-portal"
    kind = "ft-portal"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = self.source_settings
        self.search_url: str = settings.get("search_url") or DEFAULT_SEARCH_URL
        self.detail_url: str = settings.get("detail_url") or DEFAULT_DETAIL_URL
        self.page_size = int(settings.get("page_size") or DEFAULT_PAGE_SIZE)
        self.max_pages = int(settings.get("max_pages") or DEFAULT_MAX_PAGES)
        self.seen_topics: set[str] = set()

    async def start(self) -> Any:
        yield self.search_request(1)

    def search_request(self, page: int) -> Request:
        settings = self.source_settings
        body, content_type = multipart(
            {
                "query": settings.get("query") or GRANTS_OPEN_OR_FORTHCOMING,
                "languages": settings.get("languages") or [self.source.language or "en"],
                "sort": settings.get("sort") or DEFAULT_SORT,
            }
        )
        url = with_params(self.search_url, pageSize=self.page_size, pageNumber=page)
        return self.page_request(
            url,
            self.parse_search,
            role="plain",  # a POST: no conditional GET; the topics behind it are conditional
            method="POST",
            body=body,
            headers={"Content-Type": content_type, "Accept": "application/json"},
            cb_kwargs={"page": page},
        )

    def parse_search(self, response: Response, page: int) -> Iterator[Any]:
        try:
            data = json.loads(response.text)
        except ValueError as exc:
            self.ctx.report.warn(f"search page {page}: not JSON ({exc})", url=response.url)
            return
        if page == 1:
            total = int(data.get("totalResults") or 0)
            pages = math.ceil(total / self.page_size) if self.page_size else 1
            if pages > self.max_pages:
                self.ctx.report.warn(
                    f"{total} results: only the first {self.max_pages} pages are read",
                    url=response.url,
                )
            for number in range(2, min(pages, self.max_pages) + 1):
                yield self.search_request(number)
        for result in data.get("results") or []:
            yield from self.result(result, response.url)

    def result(self, result: dict[str, Any], page_url: str) -> Iterator[Any]:
        metadata = result.get("metadata") or {}
        identifier = meta_first(metadata, "identifier")
        kind = meta_first(metadata, "type")
        if kind == CASCADE_TYPE or not identifier:
            item = self.cascade_call(result, page_url)
            if item is not None:
                yield item
            return
        if identifier in self.seen_topics:
            return  # the index lists some topics twice (a second, stale data source)
        self.seen_topics.add(identifier)
        url = self.detail_url.format(identifier=identifier, identifier_lower=identifier.lower())
        yield self.page_request(
            url,
            self.parse_topic,
            role="leaf",
            cb_kwargs={"identifier": identifier, "metadata": metadata},
        )

    def cascade_call(self, result: dict[str, Any], page_url: str) -> FundingCall | None:
        """A call for financial support to third parties, run by a funded project."""
        metadata = result.get("metadata") or {}
        title = (
            meta_first(metadata, "callTitle")
            or result.get("summary")
            or meta_first(metadata, "title")
        )
        if not title:
            return None
        project = meta_first(metadata, "projectAcronym")
        return self.new_call(
            title,
            page_url,
            url=result.get("url") or meta_first(metadata, "url"),
            item_id=result.get("reference") or meta_first(metadata, "identifier"),
            description=meta_first(metadata, "description"),
            deadlines=list(metadata.get("deadlineDate") or []),
            opening_date=meta_first(metadata, "startDate"),
            status=meta_first(metadata, "status"),
            budget=meta_first(metadata, "budget"),
            currency="EUR",
            programme=f"Cascade funding ({project})" if project else "Cascade funding",
            language=result.get("language") or self.source.language,
        )

    def parse_topic(
        self, response: Response, identifier: str, metadata: dict[str, Any]
    ) -> Iterator[Any]:
        if self.unchanged(response):
            self.ctx.report.items_unchanged += 1
            return
        try:
            details = json.loads(response.text).get("TopicDetails") or {}
        except (ValueError, AttributeError) as exc:
            self.ctx.report.items_failed += 1
            self.ctx.report.warn(f"topic {identifier}: details not JSON ({exc})", url=response.url)
            return
        item = self.topic_call(details, identifier, metadata, response.url)
        item.page_done = self.page_done(response)
        yield item

    def topic_call(
        self, details: dict[str, Any], identifier: str, metadata: dict[str, Any], page_url: str
    ) -> FundingCall:
        actions = details.get("actions") or []
        deadlines: list[str] = []
        openings: list[str] = []
        for action in actions:
            deadlines.extend(str(d) for d in action.get("deadlineDates") or [])
            if action.get("plannedOpeningDate"):
                openings.append(str(action["plannedOpeningDate"]))
        if not deadlines:
            deadlines = list(metadata.get("deadlineDate") or [])
        budget = topic_budget(details, identifier)
        programme = details.get("frameworkProgramme") or {}
        return self.new_call(
            details.get("title") or meta_first(metadata, "title") or identifier,
            page_url,
            url=TOPIC_PAGE.format(identifier=identifier),
            own_id=identifier,
            description=topic_description(details) or meta_first(metadata, "descriptionByte"),
            deadlines=deadlines,
            opening_date=min(openings) if openings else meta_first(metadata, "startDate"),
            published=str(details["publicationDateLong"])
            if details.get("publicationDateLong")
            else None,
            status=status_of(actions) or meta_first(metadata, "status"),
            amount=budget["max"],
            min_amount=budget["min"],
            budget=budget["total"],
            currency="EUR",
            programme=programme.get("description") or programme.get("abbreviation"),
            language=meta_first(metadata, "language") or self.source.language or "en",
        )
