"""`json` sources: a generic JSON API.

Settings: `items` (dotted path to the list of calls; empty for a top-level list), `fields`
({our field: dotted path in an item}, e.g. `{title: name, deadline: dates.close,
url: links.0.href}`), optional `next_page` (dotted path to the next page's URL), `method`
(GET or POST) and `body` (the JSON body of a POST), `max_pages` (default 20).

Our fields: title, url, id, identifier, description, summary, deadline, published, opening,
status, amount, budget, min_amount, currency, programme, funder, language. A path written
`=TEXT` is a constant for every record (`currency: "=EUR"`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from crawlers.fields import JSON_FIELDS
from crawlers.items import FundingCall
from crawlers.normalise import absolute_url
from crawlers.spiders.base import FundwatchSpider

DEFAULT_MAX_PAGES = 20
FIELD_ATTRIBUTES = JSON_FIELDS
_MISSING = object()


def dig(data: Any, path: str | None) -> Any:
    """The value at a dotted path (`a.b.0.c`: keys and list indexes); None when absent."""
    if path is None:
        return None
    current = data
    for part in [p for p in path.split(".") if p]:
        if isinstance(current, dict):
            current = current.get(part, _MISSING)
        elif isinstance(current, list) and part.lstrip("-").isdigit():
            index = int(part)
            current = current[index] if -len(current) <= index < len(current) else _MISSING
        else:
            current = _MISSING
        if current is _MISSING:
            return None
    return current


def as_text(value: Any) -> str | None:
    """A JSON value as text: lists joined, objects by their label (or id)."""
    if value is None or value == "":
        return None
    if isinstance(value, list):
        parts = [as_text(v) for v in value]
        return ", ".join(p for p in parts if p) or None
    if isinstance(value, dict):
        for key in ("label", "name", "value", "title", "id"):
            if value.get(key) not in (None, ""):
                return as_text(value[key])
        return None
    if isinstance(value, bool):
        return None
    return str(value)


class JsonApiSpider(FundwatchSpider):
    name = "json"
    kind = "json"

    async def start(self) -> Any:
        yield self.api_request(self.source.url, 1)

    def api_request(self, url: str, page: int) -> Any:
        method = str(self.source_settings.get("method") or "GET").upper()
        if method == "POST":
            return self.page_request(
                url,
                self.parse_page,
                role="plain",
                method="POST",
                body=json.dumps(self.source_settings.get("body") or {}),
                headers={"Content-Type": "application/json", "Accept": "application/json"},
                cb_kwargs={"page": page},
            )
        return self.page_request(
            url,
            self.parse_page,
            role="listing",
            headers={"Accept": "application/json"},
            cb_kwargs={"page": page},
        )

    def parse_page(self, response: Response, page: int = 1) -> Iterator[Any]:
        unchanged = self.unchanged(response)
        try:
            data = json.loads(response.text)
        except ValueError as exc:
            self.ctx.report.warn(f"not JSON: {exc}", url=response.url)
            return
        settings = self.source_settings
        records = dig(data, settings.get("items") or "")
        if not isinstance(records, list):
            self.ctx.report.warn(f"no list at {settings.get('items')!r}", url=response.url)
            records = []
        for index, record in enumerate(records, start=1):
            item = self.record_call(record, response.url)
            if item is None:
                self.ctx.report.items_failed += 1
                self.ctx.report.warn(f"record {index}: no title", url=response.url)
            elif unchanged:
                self.ctx.report.items_unchanged += 1
            else:
                yield item
        yield from self.next_page(data, response, page)
        if not unchanged:
            yield self.page_done(response)

    def next_page(self, data: Any, response: Response, page: int) -> Iterator[Any]:
        href = absolute_url(response.url, as_text(dig(data, self.source_settings.get("next_page"))))
        if not href or not self.first_time(href):
            return
        limit = int(self.source_settings.get("max_pages", DEFAULT_MAX_PAGES))
        if page >= limit:
            self.ctx.report.warn(f"stopped after {limit} pages (max_pages)", url=href)
            return
        yield self.api_request(href, page + 1)

    def record_call(self, record: Any, page_url: str) -> FundingCall | None:
        fields: dict[str, str] = self.source_settings["fields"]
        title = as_text(dig(record, fields.get("title")))
        if not title:
            return None
        item = self.new_call(title, page_url, language=self.source.language)
        for name, path in fields.items():
            attribute = FIELD_ATTRIBUTES.get(name)
            if attribute is None or attribute == "title":
                continue
            # `=TEXT` is a constant for every record (e.g. `currency: "=EUR"`).
            value = path[1:] if path.startswith("=") else dig(record, path)
            if attribute == "deadlines":
                values = value if isinstance(value, list) else [value]
                item.deadlines = [t for t in (as_text(v) for v in values) if t]
            elif attribute == "url":
                item.url = absolute_url(page_url, as_text(value))
            elif attribute in ("amount", "budget", "min_amount") and isinstance(value, int | float):
                setattr(item, attribute, value)
            else:
                text = as_text(value)
                if text is not None:
                    setattr(item, attribute, text)
        return item
