"""`html` sources: a listing page read with selectors, optionally following each item.

Settings (values are Scrapy CSS selectors with `::text` / `::attr()`, or XPath after
`xpath:`):

- `item`: each call on the listing;
- `fields`: `title`, `url`, optional `deadline`, `published`, `summary`, `id` (the site's
  id of the item), `identifier` (the call's own id), `opening`, `status`, `amount`,
  `budget`, `programme`, `description`, relative to the item;
- `next_page`: optional, the link to the next listing page;
- `detail`: optional, the same field names read on each item's own page (which is then
  followed); a value found there wins over the listing's;
- `max_pages`: how many listing pages at most (default 20).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from parsel import Selector
from scrapy import Request
from scrapy.http import Response

from crawlers.fields import HTML_FIELDS
from crawlers.items import FundingCall
from crawlers.normalise import absolute_url, language_code
from crawlers.selectors import first, joined, select
from crawlers.spiders.base import FundwatchSpider

DEFAULT_MAX_PAGES = 20
# Fields read as one value (the first match); every other field joins all its matches.
SINGLE_VALUE_FIELDS = {"url", "id", "identifier"}
FIELD_ATTRIBUTES = HTML_FIELDS


def read_fields(node: Any, specs: dict[str, str]) -> dict[str, str | None]:
    """Each configured field's text (or HTML, for element selectors) under `node`."""
    values: dict[str, str | None] = {}
    for name, spec in specs.items():
        if name in SINGLE_VALUE_FIELDS:
            values[name] = first(node, spec)
        elif name == "description":
            values[name] = joined(node, spec, separator="\n")
        else:
            values[name] = joined(node, spec)
    return values


def apply_fields(item: FundingCall, values: dict[str, str | None], *, base_url: str) -> None:
    """Copy the values found onto `item` (a missing value keeps what the item had)."""
    for name, value in values.items():
        attribute = FIELD_ATTRIBUTES.get(name)
        if attribute is None or value is None:
            continue
        if attribute == "deadlines":
            item.deadlines = [value]
        elif attribute == "url":
            item.url = absolute_url(base_url, value) or item.url
        else:
            setattr(item, attribute, value)


def page_language(response: Response) -> str | None:
    if not hasattr(response, "xpath"):
        return None
    return language_code(response.xpath("/html/@lang | /html/@xml:lang").get())


class HtmlListingSpider(FundwatchSpider):
    name = "html"
    kind = "html"

    async def start(self) -> Any:
        yield self.page_request(
            self.source.url, self.parse_listing, role="listing", cb_kwargs={"page": 1}
        )

    def parse_listing(self, response: Response, page: int = 1) -> Iterator[Any]:
        response = self.decoded(response)
        unchanged = self.unchanged(response)
        settings = self.source_settings
        detail = settings.get("detail") or {}
        language = page_language(response) or self.source.language
        nodes = select(response, settings["item"])
        if not nodes and not unchanged:
            self.ctx.report.warn(
                f"no item matched the selector {settings['item']!r}", url=response.url
            )
        for index, node in enumerate(nodes, start=1):
            values = read_fields(node, settings["fields"])
            title = values.get("title")
            if not title:
                self.ctx.report.items_failed += 1
                self.ctx.report.warn(f"item {index}: no title", url=response.url)
                continue
            if unchanged:
                # The listing is as last time: its items are seen and unchanged, and (for a
                # listing that leads to detail pages) those are not fetched again.
                self.ctx.report.items_unchanged += 1
                continue
            item = self.new_call(title, response.url, language=language)
            apply_fields(item, values, base_url=response.url)
            if detail and item.url:
                if self.first_time(item.url):
                    yield self.detail_request(item, parent=response.url)
            elif detail:
                self.ctx.report.items_failed += 1
                self.ctx.report.warn(f"item {index} ({title[:60]}): no link to follow")
            else:
                yield item
        yield from self.next_page(response, page)
        if not unchanged:
            yield self.page_done(response, listing=bool(detail))

    def detail_request(self, item: FundingCall, *, parent: str) -> Request:
        assert item.url is not None
        return self.page_request(
            item.url, self.parse_detail, role="leaf", parent=parent, cb_kwargs={"item": item}
        )

    def next_page(self, response: Response, page: int) -> Iterator[Request]:
        spec = self.source_settings.get("next_page")
        href = absolute_url(response.url, first(response, spec)) if spec else None
        if not href or not self.first_time(href):
            return
        limit = int(self.source_settings.get("max_pages", DEFAULT_MAX_PAGES))
        if page >= limit:
            self.ctx.report.warn(f"stopped after {limit} listing pages (max_pages)", url=href)
            return
        yield self.page_request(
            href, self.parse_listing, role="listing", cb_kwargs={"page": page + 1}
        )
        if self.unchanged(response):
            yield from self.known_pages(href, page + 1, limit)

    def known_pages(self, href: str, page: int, limit: int) -> Iterator[Request]:
        """The listing pages after `href` as the last run saw them, asked for all at once.

        An unchanged listing is read page by page, each one's next link known only once it
        is read; the copies kept of those pages already hold the links, so the whole chain
        goes out together (each page still asked conditionally: a changed one is read in
        full, and a new link found on it followed as usual).
        """
        cache = self.ctx.page_cache
        spec = self.source_settings.get("next_page")
        while cache is not None and spec and page < limit:
            body = cache.peek(href)
            if body is None:
                return
            following = absolute_url(href, first(Selector(body=body), spec))
            if not following or not self.first_time(following):
                return
            href, page = following, page + 1
            yield self.page_request(
                href, self.parse_listing, role="listing", cb_kwargs={"page": page}
            )

    def parse_detail(self, response: Response, item: FundingCall) -> Iterator[Any]:
        if self.unchanged(response):
            self.ctx.report.items_unchanged += 1
            return
        response = self.decoded(response)
        values = read_fields(response, self.source_settings.get("detail") or {})
        apply_fields(item, values, base_url=response.url)
        item.page_url = response.url
        item.language = page_language(response) or item.language
        item.page_done = self.page_done(response)
        yield item
