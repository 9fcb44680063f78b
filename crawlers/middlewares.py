"""Downloader middlewares: http(s) only, conditional GET, Retry-After, HTTP counts.

Requests the spiders make carry `meta["fw_role"]`: `listing` (a page leading to others,
whose body is kept so that a 304 can still be read), `leaf` (a feed, a detail page, a topic's
JSON: a 304 means "unchanged", nothing to read) or `plain` (never conditional, e.g. the EU
portal's POST search). robots.txt requests have no role and are left alone.

Priorities (see `crawlers/settings.py`): responses pass the middlewares from the highest
number down, so SchemeGuard (650) sees a redirect before RedirectMiddleware (600), and
ConditionalGet (585) sees bodies after HttpCompressionMiddleware (590) decompressed them.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.defer import maybe_deferred_to_future

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawlers.context import CrawlContext

logger = logging.getLogger(__name__)
ALLOWED_SCHEMES = ("http", "https")
UNCHANGED_FLAG = "fw-unchanged"


def _ctx(crawler: Crawler) -> CrawlContext | None:
    spider = getattr(crawler, "spider", None)
    return getattr(spider, "ctx", None)


class _CrawlerMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)


class SchemeGuardMiddleware(_CrawlerMiddleware):
    """Only http and https: no file:, ftp:, data: requests, and no redirect to them."""

    def process_request(self, request: Request) -> None:
        scheme = urlsplit(request.url).scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise IgnoreRequest(f"refused a {scheme}: URL (only http and https are fetched)")

    def process_response(self, request: Request, response: Response) -> Response:
        if 300 <= response.status < 400 and b"Location" in response.headers:
            location = response.headers[b"Location"].decode("latin-1").strip()
            target = urljoin(request.url, location)
            scheme = urlsplit(target).scheme.lower()
            if scheme not in ALLOWED_SCHEMES:
                raise IgnoreRequest(
                    f"refused a redirect to a {scheme}: URL (only http and https are fetched)"
                )
        return response


class ConditionalGetMiddleware(_CrawlerMiddleware):
    """If-None-Match / If-Modified-Since from HttpValidator; a 304 costs no parsing or writing.

    A 304 for a leaf is passed to the spider flagged `fw-unchanged`. A 304 for a listing is
    replaced by the body kept in the page cache, flagged the same way, so the spider still
    follows its next page and counts its items as unchanged.
    """

    def process_request(self, request: Request) -> None:
        ctx = _ctx(self.crawler)
        role = request.meta.get("fw_role")
        if (
            ctx is None
            or not ctx.conditional
            or role not in ("listing", "leaf")
            or request.method != "GET"
            or request.meta.get("fw_unconditional")
        ):
            return
        assert ctx.validators is not None
        stored = ctx.validators.get(request.url)
        if stored is None:
            return
        if role == "listing" and (
            ctx.page_cache is None
            or not ctx.page_cache.has(
                request.url, etag=stored.etag, last_modified=stored.last_modified
            )
        ):
            return  # without the old body a 304 could not be read: fetch in full
        if stored.etag:
            request.headers[b"If-None-Match"] = stored.etag.encode("latin-1", "replace")
        if stored.last_modified:
            since = stored.last_modified.encode("latin-1", "replace")
            request.headers[b"If-Modified-Since"] = since
        request.meta["fw_sent_validator"] = (stored.etag, stored.last_modified)
        allowed = list(request.meta.get("handle_httpstatus_list", []))
        request.meta["handle_httpstatus_list"] = [*allowed, 304]

    def process_response(self, request: Request, response: Response) -> Request | Response:
        ctx = _ctx(self.crawler)
        role = request.meta.get("fw_role")
        if ctx is None or role not in ("listing", "leaf"):
            return response
        sent = request.meta.get("fw_sent_validator")
        if response.status == 304 and sent is not None:
            if role == "leaf":
                return response.replace(flags=[*response.flags, UNCHANGED_FLAG])
            return self._from_cache(ctx, request, response, sent)
        if response.status == 200 and role == "listing" and ctx.page_cache is not None:
            etag, last_modified = validators_of(response)
            if etag or last_modified:
                content_type = response.headers.get(b"Content-Type")
                ctx.page_cache.put(
                    response.url,
                    response.body,
                    etag=etag,
                    last_modified=last_modified,
                    content_type=content_type.decode("latin-1") if content_type else None,
                )
        return response

    def _from_cache(
        self, ctx: CrawlContext, request: Request, response: Response, sent: tuple[Any, Any]
    ) -> Request | Response:
        assert ctx.page_cache is not None
        cached = ctx.page_cache.get(request.url, etag=sent[0], last_modified=sent[1])
        if cached is None:
            # The kept body went missing since the request left: fetch the page in full.
            meta = {**request.meta, "fw_unconditional": True}
            meta.pop("fw_sent_validator", None)
            retry = request.replace(meta=meta, dont_filter=True)
            retry.headers.pop(b"If-None-Match", None)
            retry.headers.pop(b"If-Modified-Since", None)
            return retry
        body, content_type = cached
        headers = {"Content-Type": content_type} if content_type else {}
        if sent[0]:
            headers["ETag"] = sent[0]
        if sent[1]:
            headers["Last-Modified"] = sent[1]
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(
            url=request.url,
            status=200,
            headers=headers,
            body=body,
            request=request,
            flags=[*response.flags, UNCHANGED_FLAG],
        )


def validators_of(response: Response) -> tuple[str | None, str | None]:
    etag = response.headers.get(b"ETag")
    last_modified = response.headers.get(b"Last-Modified")
    return (
        etag.decode("latin-1") if etag else None,
        last_modified.decode("latin-1") if last_modified else None,
    )


def retry_after_seconds(value: str, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(_CrawlerMiddleware):
    """Honour Retry-After on 429 and 503: wait as told (up to a limit), then ask again.

    Scrapy's RetryMiddleware retries those statuses at once; a funder that says "come back
    in 30 seconds" should be believed. A wait longer than FUNDWATCH_RETRY_AFTER_MAX seconds
    is not waited for: the page fails for this run and is logged.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.max_wait = crawler.settings.getfloat("FUNDWATCH_RETRY_AFTER_MAX", 120.0)
        self.max_times = crawler.settings.getint("FUNDWATCH_RETRY_AFTER_TIMES", 2)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in (429, 503) or b"Retry-After" not in response.headers:
            return response
        done = int(request.meta.get("fw_retry_after_times", 0))
        wait = retry_after_seconds(response.headers[b"Retry-After"].decode("latin-1"))
        if wait is None or wait > self.max_wait or done >= self.max_times:
            return response
        logger.info("HTTP %s on %s: retrying after %.1f s", response.status, request.url, wait)
        # Imported here: importing the reactor at module level would install the default
        # one before Scrapy installs the asyncio reactor.
        from twisted.internet import reactor, task

        await maybe_deferred_to_future(task.deferLater(reactor, wait))  # type: ignore[arg-type]
        meta = {**request.meta, "fw_retry_after_times": done + 1}
        return request.replace(meta=meta, dont_filter=True)


class HttpCountsMiddleware(_CrawlerMiddleware):
    """Count 200s and 304s of the crawl's own requests (errors are counted by the spider)."""

    def process_response(self, request: Request, response: Response) -> Response:
        ctx = _ctx(self.crawler)
        if ctx is None or not request.meta.get("fw_role"):
            return response
        if UNCHANGED_FLAG in response.flags:
            ctx.report.http_304 += 1
        elif 200 <= response.status < 300:
            ctx.report.http_200 += 1
        return response
