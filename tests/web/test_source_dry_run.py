""" "Test before saving" on the source form: a real dry run of the source as typed (a crawl
in a child process, against a fixture feed on 127.0.0.1), its calls, tags and reach;
nothing is saved."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from crawlers.run_one import SCRAPY_SETTINGS_ENV
from models.call import Call
from models.db import read_session
from models.source import CrawlRun, Source
from tests.web.feedsite import feed_site, unix_sockets
from tests.web.test_taskforce_sources import FEED

pytestmark = [pytest.mark.parametrize("db", ["sqlite"], indirect=True), pytest.mark.timeout(240)]
# Test crawls: no politeness delay, short timeouts (the crawler's own tests use the same).
QUICK_CRAWL = {"DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0, "AUTOTHROTTLE_ENABLED": False}


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv(SCRAPY_SETTINGS_ENV, json.dumps(QUICK_CRAWL))
    with unix_sockets(), feed_site() as base:
        yield base


def _counts(db) -> tuple[int, int, int]:
    with read_session(db.engine) as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model))
            for model in (Source, Call, CrawlRun)
        )


def test_a_dry_run_shows_the_calls_their_tags_and_reach_and_saves_nothing(
    visitors, db, site
) -> None:
    data = {
        **FEED,
        "url": f"{site}/roma-fund-feed.xml",
        "delay_s": "0",
        "concurrency": "2",
        "action": "test",
    }
    response = visitors.admin.post("/taskforce/sources", data)
    assert response.status_code == 200, response.text
    html = response.text
    assert "Test of the source (nothing was saved)" in html
    assert "2 calls would be stored." in html
    assert "Housing desegregation grants for municipalities" in html
    assert "School mediators for Roma children" in html
    assert "2027-03-31" in html  # the deadline read by the crawler
    assert "Would reach 1 participants: Cluj-Napoca" in html  # RO, local authority, housing
    assert 'value="roma-fund-news"' in html  # the form keeps what was typed
    assert _counts(db) == (0, 0, 0)


def test_a_dry_run_of_an_unreachable_source_says_why(visitors, db, site) -> None:
    data = {**FEED, "url": f"{site}/missing.xml", "delay_s": "0", "action": "test"}
    response = visitors.admin.post("/taskforce/sources", data)
    assert response.status_code == 200
    assert "The source could not be read:" in response.text
    assert _counts(db) == (0, 0, 0)


def test_an_invalid_source_is_not_crawled(visitors, db) -> None:
    data = {**FEED, "url": "ftp://fund.example.org/feed.xml", "action": "test"}
    response = visitors.admin.post("/taskforce/sources", data)
    assert response.status_code == 400 and "Test of the source" not in response.text


def test_members_cannot_run_a_dry_run(visitors, db) -> None:
    data = {**FEED, "action": "test"}
    assert visitors.alice.post("/taskforce/sources", data).status_code == 403
    assert visitors.bob.post("/taskforce/sources/any-key", data).status_code == 403
