"""The base of every spider: its source and context, requests, errors, encodings, stable ids.

Spiders only parse: they turn responses into `FundingCall` items and `PageDone` markers.
They never normalise dates, classify, or write to the database (the pipelines do).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, ClassVar

import scrapy
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawlers.context import CrawlContext, open_context
from crawlers.items import FundingCall, PageDone
from crawlers.middlewares import UNCHANGED_FLAG, validators_of
from models.callstore import canonical_url

SINGLE_BYTE_ENCODINGS = {"iso-8859-1", "latin-1", "latin1", "cp1252", "windows-1252", "ascii"}


class FundwatchSpider(scrapy.Spider):
    """One spider class per source kind; each instance crawls the one source of its context."""

    kind: ClassVar[str] = ""

    def __init__(self, *args: Any, ctx: CrawlContext, **kwargs: Any) -> None:
        super().__init__(*args, name=self.name, **kwargs)
        self.ctx = ctx
        self.source = ctx.source
        self.source_settings: dict[str, Any] = dict(ctx.source.settings or {})
        self._requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> FundwatchSpider:
        """Spider arguments: `source` (a key) or `source_json` (an entry), `dry_run`, `as_of`."""
        ctx = kwargs.pop("ctx", None) or open_context(
            source_key=kwargs.pop("source", None),
            source_json=kwargs.pop("source_json", None),
            dry_run=str(kwargs.pop("dry_run", "")).lower() in ("1", "true", "yes"),
            as_of=kwargs.pop("as_of", None),
        )
        if ctx.source.kind != cls.kind:
            raise ValueError(
                f"source {ctx.source.key} is of kind {ctx.source.kind}, not {cls.kind}"
            )
        spider = cls(*args, ctx=ctx, **kwargs)
        spider._set_crawler(crawler)
        return spider

    # -- requests -------------------------------------------------------------------------------

    def page_request(
        self,
        url: str,
        callback: Callable[..., Any],
        *,
        role: str,
        parent: str | None = None,
        cb_kwargs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Request:
        """A request of this crawl: `role` is listing, leaf or plain (see middlewares)."""
        meta = {"fw_role": role, "fw_parent": parent, **kwargs.pop("meta", {})}
        # dont_filter: the spiders skip repeated URLs themselves (first_time); Scrapy's
        # duplicate filter would drop a redirect loop's return silently, with no errback,
        # where the loop must be logged as a failed page.
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta=meta,
            cb_kwargs=cb_kwargs or {},
            dont_filter=True,
            **kwargs,
        )

    def first_time(self, url: str) -> bool:
        """True the first time a URL is asked for in this crawl (listings can repeat items)."""
        key = canonical_url(url)
        if key in self._requested:
            return False
        self._requested.add(key)
        return True

    def on_error(self, failure: Failure) -> None:
        """A page that failed is logged on the run and skipped; the crawl goes on."""
        request: Request = failure.request  # type: ignore[attr-defined]
        reason = describe_failure(failure)
        report = self.ctx.report
        # The URL the spider asked for, not the last hop of its redirects.
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        if reason == "forbidden by robots.txt":
            # Not an error of the source, and permanent: the parent listing stays valid.
            report.warn("not fetched: forbidden by robots.txt", url=url)
            return
        report.http_errors += 1
        report.warn(reason, url=url)
        parent = request.meta.get("fw_parent")
        if parent:
            report.failed_parents.add(parent)

    # -- responses ------------------------------------------------------------------------------

    @staticmethod
    def unchanged(response: Response) -> bool:
        """The page is as the last run saw it (a 304)."""
        return UNCHANGED_FLAG in response.flags

    @staticmethod
    def page_done(response: Response, *, listing: bool = False) -> PageDone:
        etag, last_modified = validators_of(response)
        return PageDone(url=response.url, etag=etag, last_modified=last_modified, listing=listing)

    @staticmethod
    def decoded(response: Response) -> Response:
        """The response read in the right encoding when its declared one is wrong.

        Servers often send UTF-8 pages declared ISO-8859-1 (Apache's old default), and
        sometimes Windows-1252 declared UTF-8; either way the text fills with mojibake.
        """
        if not isinstance(response, TextResponse):
            return response
        declared = (response.encoding or "").lower()
        body = response.body
        if declared in SINGLE_BYTE_ENCODINGS and any(b > 0x7F for b in body):
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                return response
            return response.replace(encoding="utf-8")
        if declared in ("utf-8", "utf8"):
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                return response.replace(encoding="cp1252")
        return response

    def new_call(self, title: str, page_url: str, **fields: Any) -> FundingCall:
        return FundingCall(
            source_key=self.source.key,
            title=title,
            page_url=page_url,
            funder=fields.pop("funder", None) or self.source.funder,
            **fields,
        )


def stable_id(*parts: str | None) -> str:
    """A short id that stays the same across runs for the same parts (city-scrapers' _get_id)."""
    text = "\x1f".join(p or "" for p in parts)
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def describe_failure(failure: Failure) -> str:
    """One line for a failed request: `HTTP 500`, `timed out`, `connection refused`..."""
    exc = failure.value
    if isinstance(exc, HttpError):
        response = exc.response
        text = f"HTTP {response.status}"
        if response.status in (301, 302, 303, 307, 308):
            text += " (a redirect that was not followed)"
        return text
    if isinstance(exc, IgnoreRequest):
        message = str(exc) or "request dropped"
        if "Forbidden by robots.txt" in message:
            return "forbidden by robots.txt"
        return message
    name = type(exc).__name__
    label = next((text for key, text in _FAILURE_LABELS if key in name), name)
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if "max size" in detail.lower() or "DOWNLOAD_MAXSIZE" in detail:
        label = "response too large"
    return f"{label}: {detail[:200]}" if detail and detail != label else label


# Exception class names (Scrapy's Download*Error wrappers and Twisted's own) -> our words.
_FAILURE_LABELS = (
    ("Timeout", "timed out"),
    ("TimedOut", "timed out"),
    ("ConnectionRefused", "connection refused"),
    ("CannotResolveHost", "DNS lookup failed"),
    ("DNSLookup", "DNS lookup failed"),
    ("DataLoss", "response cut short"),
    ("ConnectionLost", "connection lost"),
    ("ResponseNeverReceived", "no response (connection closed)"),
    ("Cancelled", "download cancelled"),
    ("UnsupportedURLScheme", "unsupported URL scheme"),
    ("NotSupported", "unsupported URL scheme"),
    ("DownloadFailed", "download failed"),
)
