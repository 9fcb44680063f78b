"""`feed` sources: RSS 0.9x/1.0/2.0 and Atom, read with feedparser.

A malformed feed (feedparser's `bozo`) still gives its entries, with a warning on the run.
A web page given instead of a feed is resolved through its `<link rel="alternate">`.

Settings: `item_id` (`id`, the default, or `link`: which entry value identifies an item)
and `fields` ({our field: entry key}, e.g. `{deadline: ev_enddate}`), which override or add
to the usual mapping (title, link, content/summary, published).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import feedparser
from scrapy.http import Response

from crawlers.fields import FEED_FIELDS
from crawlers.items import FundingCall
from crawlers.normalise import absolute_url, language_code
from crawlers.spiders.base import FundwatchSpider

_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html)", re.IGNORECASE | re.DOTALL
)
_FEED_TYPES = ("rss", "atom", "rdf", "xml")
OVERRIDES = FEED_FIELDS


def looks_like_html_page(response: Response) -> bool:
    content_type = (response.headers.get(b"Content-Type") or b"").lower()
    if b"html" in content_type and b"xml" not in content_type:
        return True
    return bool(_HTML_START.match(response.body[:2048]))


def entry_date(entry: Any, *keys: str) -> date | None:
    for key in keys:
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def entry_text(value: Any) -> str | None:
    """A feed value as text: detail dicts and lists (feedparser's shapes) flattened."""
    if value is None:
        return None
    if isinstance(value, list):
        parts = [entry_text(v) for v in value]
        return " ".join(p for p in parts if p) or None
    if isinstance(value, dict):
        return entry_text(value.get("value") or value.get("term") or value.get("href"))
    if isinstance(value, time.struct_time):
        return date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    return str(value)


class FeedSpider(FundwatchSpider):
    name = "feed"
    kind = "feed"

    async def start(self) -> Any:
        yield self.page_request(self.source.url, self.parse_feed, role="leaf")

    def parse_feed(self, response: Response, discovered: bool = False) -> Iterator[Any]:
        if self.unchanged(response):
            return
        if not discovered and looks_like_html_page(response):
            yield from self.discover(response)
            return
        parsed = feedparser.parse(
            response.body,
            response_headers={
                "content-type": (response.headers.get(b"Content-Type") or b"").decode("latin-1"),
                "content-location": response.url,
            },
        )
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            detail = str(exc).splitlines()[0][:200] if exc else "unknown problem"
            self.ctx.report.warn(f"malformed feed (entries kept): {detail}", url=response.url)
        if not parsed.entries and not parsed.feed:
            self.ctx.report.warn("not a feed: nothing could be read", url=response.url)
            return
        language = language_code(parsed.feed.get("language")) or self.source.language
        for index, entry in enumerate(parsed.entries, start=1):
            item = self.entry_call(entry, response.url, language)
            if item is None:
                self.ctx.report.items_failed += 1
                self.ctx.report.warn(f"entry {index}: no title", url=response.url)
                continue
            yield item
        yield self.page_done(response)

    def discover(self, response: Response) -> Iterator[Any]:
        """Follow the page's `<link rel="alternate">` to its feed."""
        for link in response.css("link[rel~=alternate]"):
            kind = (link.attrib.get("type") or "").lower()
            href = absolute_url(response.url, link.attrib.get("href"))
            if href and any(word in kind for word in _FEED_TYPES):
                yield self.page_request(
                    href, self.parse_feed, role="leaf", cb_kwargs={"discovered": True}
                )
                return
        self.ctx.report.warn(
            'a web page without <link rel="alternate"> to a feed', url=response.url
        )

    def entry_call(self, entry: Any, page_url: str, language: str | None) -> FundingCall | None:
        title = entry.get("title")
        if not title or not str(title).strip():
            return None
        link = absolute_url(page_url, entry.get("link"))
        key = self.source_settings.get("item_id", "id")
        item_id = link if key == "link" else (entry.get("id") or link)
        content = entry.get("content")
        description = content[0].get("value") if content else entry.get("summary")
        item = self.new_call(
            str(title),
            page_url,
            url=link,
            item_id=item_id,
            description=description,
            published=entry_date(entry, "published_parsed", "updated_parsed"),
            language=language_code(entry.get("language")) or language,
        )
        for field, entry_key in (self.source_settings.get("fields") or {}).items():
            attribute = OVERRIDES.get(field)
            value = entry_text(entry.get(entry_key))
            if attribute is None or value is None:
                continue
            setattr(item, attribute, [value] if attribute == "deadlines" else value)
        return item
