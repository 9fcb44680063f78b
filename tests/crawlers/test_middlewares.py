"""Middleware pieces in isolation: schemes, Retry-After, the page cache, stored validators."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse

from crawlers.context import ValidatorLookup
from crawlers.middlewares import SchemeGuardMiddleware, retry_after_seconds
from crawlers.pagecache import PageCache
from crawlers.spiders.base import FundwatchSpider
from models.db import write_session
from models.source import HttpValidator
from tests.conftest import Database
from tests.crawlers.conftest import EPOCH_TIME


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://funder.example/x", "data:,x"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    guard = SchemeGuardMiddleware(SimpleNamespace())  # type: ignore[arg-type]
    with pytest.raises(IgnoreRequest):
        guard.process_request(Request(url))


def test_a_redirect_to_another_scheme_is_refused() -> None:
    guard = SchemeGuardMiddleware(SimpleNamespace())  # type: ignore[arg-type]
    request = Request("https://funder.example/a")
    response = HtmlResponse(
        request.url, status=302, headers={"Location": "ftp://funder.example/x"}, request=request
    )
    with pytest.raises(IgnoreRequest):
        guard.process_response(request, response)


def test_retry_after_in_seconds() -> None:
    assert retry_after_seconds("120") == 120


def test_retry_after_as_a_date() -> None:
    later = format_datetime(EPOCH_TIME + timedelta(seconds=30), usegmt=True)
    assert retry_after_seconds(later, now=EPOCH_TIME) == 30


def test_retry_after_unreadable() -> None:
    assert retry_after_seconds("soon") is None


def test_the_page_cache_gives_the_body_back_for_the_same_validators(tmp_path: Path) -> None:
    cache = PageCache(tmp_path)
    cache.put(
        "https://f.example/calls",
        b"<html/>",
        etag='"1"',
        last_modified=None,
        content_type="text/html",
    )
    assert cache.get("https://f.example/calls", etag='"1"', last_modified=None) == (
        b"<html/>",
        "text/html",
    )


def test_the_page_cache_refuses_other_validators(tmp_path: Path) -> None:
    cache = PageCache(tmp_path)
    cache.put(
        "https://f.example/calls", b"<html/>", etag='"1"', last_modified=None, content_type=None
    )
    assert cache.get("https://f.example/calls", etag='"2"', last_modified=None) is None


def store_validator(db: Database, url: str, age: timedelta) -> None:
    with write_session(db.engine) as session:
        session.add(HttpValidator(url=url, etag='"v1"', fetched_at=EPOCH_TIME - age))


def test_a_stored_validator_is_sent(db: Database) -> None:
    store_validator(db, "https://f.example/rss", timedelta(days=1))
    found = ValidatorLookup(db.engine).get("https://f.example/rss", now=EPOCH_TIME)
    assert found is not None and found.etag == '"v1"'


def test_an_old_validator_is_not_trusted(db: Database) -> None:
    # A page not fetched in full for a week is fetched in full once (see REVALIDATE_AFTER).
    store_validator(db, "https://f.example/rss", timedelta(days=8))
    assert ValidatorLookup(db.engine).get("https://f.example/rss", now=EPOCH_TIME) is None


@pytest.mark.parametrize(
    ("declared", "body", "title"),
    [
        ("iso-8859-1", "Začleňování Romů".encode(), "Začleňování Romů"),
        ("utf-8", "Intégration des Roms".encode("cp1252"), "Intégration des Roms"),
    ],
)
def test_a_wrongly_declared_encoding_is_corrected(declared: str, body: bytes, title: str) -> None:
    response = HtmlResponse(
        "https://f.example/",
        body=b"<html><h1>" + body + b"</h1></html>",
        headers={"Content-Type": f"text/html; charset={declared}"},
    )
    assert FundwatchSpider.decoded(response).css("h1::text").get() == title
