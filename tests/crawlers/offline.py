"""Run a spider's parsing in the test process: each request fetched from the loopback site
over HTTP with urllib (no Twisted reactor, which cannot restart), each response handed to
the spider's callback; then the pipeline steps that need no database.

The spider-level triplet tests (test_<slug>.py) use this: they exercise the parsing and
normalising of each kind against its saved pages, fast and with time frozen. The crawl
machinery itself (middlewares, store, processes) is tested end to end in test_crawl_*.py.
"""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from collections import deque
from datetime import date
from types import SimpleNamespace
from typing import Any

from scrapy import Request
from scrapy.http import Response
from scrapy.responsetypes import responsetypes

from crawlers.context import CrawlContext, SourceConfig
from crawlers.items import FundingCall
from crawlers.pipelines import (
    IdentityPipeline,
    LanguagePipeline,
    NormalisePipeline,
    SanitisePipeline,
)
from crawlers.report import RunReport
from crawlers.spiders import spider_for


def fetch(request: Request) -> Response:
    headers = {k.decode(): v[0].decode() for k, v in request.headers.items() if v}
    outgoing = urllib.request.Request(
        request.url, data=request.body or None, method=request.method, headers=headers
    )
    try:
        with urllib.request.urlopen(outgoing, timeout=10) as answer:
            status, raw_headers, body = answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as exc:
        status, raw_headers, body = exc.code, exc.headers, exc.read()
    plain = {name: value for name, value in raw_headers.items()}
    cls = responsetypes.from_args(headers=plain, url=request.url, body=body)
    return cls(url=request.url, status=status, headers=plain, body=body, request=request)


def make_spider(source: dict[str, Any], *, today: date) -> Any:
    config = SourceConfig.from_dict({"id": None, "name": source.get("key"), **source})
    ctx = CrawlContext(
        source=config, report=RunReport(source_key=config.key), today=today, dry_run=True
    )
    return spider_for(config.kind)(ctx=ctx)


def parse(spider: Any, *, limit: int = 200) -> list[FundingCall]:
    """Every item the spider yields for its start requests and the requests they lead to."""

    async def starts() -> list[Request]:
        return [request async for request in spider.start()]

    queue: deque[Request] = deque(asyncio.run(starts()))
    items: list[FundingCall] = []
    while queue and limit > 0:
        limit -= 1
        request = queue.popleft()
        response = fetch(request)
        if response.status >= 400:
            spider.ctx.report.warn(f"HTTP {response.status}", url=request.url)
            continue
        for output in request.callback(response, **request.cb_kwargs) or []:
            if isinstance(output, Request):
                queue.append(output)
            elif isinstance(output, FundingCall):
                items.append(output)
    return items


def process(spider: Any, items: list[FundingCall]) -> list[FundingCall]:
    """The pipeline steps before the store: normalise, sanitise, language, identity."""
    crawler = SimpleNamespace(spider=spider)
    steps = [
        NormalisePipeline(crawler),  # type: ignore[arg-type]
        SanitisePipeline(crawler),  # type: ignore[arg-type]
        LanguagePipeline(crawler),  # type: ignore[arg-type]
        IdentityPipeline(crawler),  # type: ignore[arg-type]
    ]
    out = []
    for item in items:
        for step in steps:
            item = step.process_item(item)
        out.append(item)
    return out


def crawl_offline(source: dict[str, Any], *, today: date) -> tuple[list[FundingCall], Any]:
    """(processed items, spider) for one source."""
    spider = make_spider(source, today=today)
    return process(spider, parse(spider)), spider
