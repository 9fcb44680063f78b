"""Taskforce pages of the sources: health list, add, edit, disable; admins only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from models.db import read_session, write_session
from models.source import CrawlRun, Source
from tests.web.conftest import csrf_of, log_in
from tests.web.factories import EPOCH

FEED = {
    "key": "roma-fund-news",
    "name": "Roma Fund news",
    "kind": "feed",
    "url": "https://fund.example.org/feed.xml",
    "schedule": "every 6h",
    "language": "en",
    "funder": "Roma Fund",
    "tags": ["education"],
    "enabled": "1",
    "settings": "item_id: link\n",
    "delay_s": "2",
    "concurrency": "1",
}


@pytest.fixture
def sources(db):
    with write_session(db.engine) as s:
        ok = Source(
            key="ok-feed",
            name="A healthy feed",
            kind="feed",
            url="https://a.example/feed",
            state="ok",
            last_success_at=EPOCH - timedelta(hours=2),
        )
        bad = Source(
            key="bad-page",
            name="A <b>broken</b> page",
            kind="html",
            url="https://b.example/calls",
            state="failing",
            consecutive_failures=3,
            last_error_at=EPOCH,
            last_error="HTTP 503 <script>x</script>\nTraceback...",
            settings={"item": "li", "fields": {"title": "a::text", "url": "a::attr(href)"}},
        )
        s.add_all([ok, bad])
        s.flush()
        for n in range(25):
            s.add(
                CrawlRun(
                    source_id=ok.id,
                    started_at=EPOCH - timedelta(hours=25 - n),
                    status="ok",
                    items_seen=n,
                )
            )
        s.add(CrawlRun(source_id=bad.id, started_at=EPOCH, status="failed", items_seen=0))


@pytest.fixture
def admin_client(client, db, people):
    log_in(client, db, people.admin)
    return client


def _source(db, key: str) -> Source | None:
    with read_session(db.engine) as session:
        return session.scalar(select(Source).where(Source.key == key))


def test_the_list_shows_health_errors_and_a_chart_of_recent_runs(admin_client, sources) -> None:
    html = admin_client.get("/taskforce/sources").text
    assert "A healthy feed" in html and "A &lt;b&gt;broken&lt;/b&gt; page" in html
    assert "failing" in html and "3 failures in a row" in html
    assert "HTTP 503 &lt;script&gt;x&lt;/script&gt;" in html and "Traceback" not in html
    assert html.count("<rect") == 20 + 1  # the last 20 runs of one source, 1 of the other
    assert 'aria-label="5, 6, 7' in html  # oldest shown first


def test_an_admin_adds_a_source(admin_client, db) -> None:
    token = csrf_of(admin_client.get("/taskforce/sources/new").text)
    response = admin_client.post("/taskforce/sources", data={**FEED, "csrf_token": token})
    assert response.status_code == 303
    source = _source(db, "roma-fund-news")
    assert (source.kind, source.schedule, source.tags, source.enabled) == (
        "feed",
        "every 6h",
        ["education"],
        True,
    )
    assert source.settings == {"item_id": "link"} and source.politeness == {
        "delay_s": 2.0,
        "concurrency": 1,
    }


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("key", "Not A Slug", "slug"),
        ("kind", "gopher", "unknown kind"),
        ("url", "ftp://x", "http"),
        ("schedule", "whenever", "schedule"),
        ("settings", "fields: [", "YAML"),
        ("settings", "colour: blue", "unknown key"),
    ],
)
def test_a_bad_source_is_refused_with_its_reason(admin_client, db, field, value, reason) -> None:
    token = csrf_of(admin_client.get("/taskforce/sources/new").text)
    response = admin_client.post(
        "/taskforce/sources", data={**FEED, field: value, "csrf_token": token}
    )
    assert response.status_code == 400 and reason in response.text
    assert _source(db, FEED["key"] if field != "key" else "Not A Slug") is None


def test_a_duplicate_key_is_refused(admin_client, db, sources) -> None:
    token = csrf_of(admin_client.get("/taskforce/sources/new").text)
    response = admin_client.post(
        "/taskforce/sources", data={**FEED, "key": "ok-feed", "csrf_token": token}
    )
    assert response.status_code == 400 and "already a source" in response.text
    assert _source(db, "ok-feed").name == "A healthy feed"


def test_an_admin_edits_a_source_but_not_its_key(admin_client, db, sources) -> None:
    page = admin_client.get("/taskforce/sources/bad-page")
    assert "fields:" in page.text  # its settings as YAML
    data = {
        **FEED,
        "key": "renamed",
        "kind": "html",
        "name": "Fixed page",
        "url": "https://b.example/calls",
        "settings": "item: li.call\nfields:\n  title: a::text\n  url: a::attr(href)\n",
        "csrf_token": csrf_of(page.text),
    }
    assert admin_client.post("/taskforce/sources/bad-page", data=data).status_code == 303
    assert _source(db, "renamed") is None
    source = _source(db, "bad-page")
    assert source.name == "Fixed page" and source.settings["item"] == "li.call"


def test_an_admin_disables_and_enables_a_source(admin_client, db, sources) -> None:
    token = csrf_of(admin_client.get("/taskforce/sources").text)
    admin_client.post(
        "/taskforce/sources/ok-feed/enabled", data={"enabled": "0", "csrf_token": token}
    )
    assert _source(db, "ok-feed").enabled is False
    assert "disabled" in admin_client.get("/taskforce/sources").text
    admin_client.post(
        "/taskforce/sources/ok-feed/enabled", data={"enabled": "1", "csrf_token": token}
    )
    assert _source(db, "ok-feed").enabled is True


ROUTES = [
    ("get", "/taskforce/sources"),
    ("get", "/taskforce/sources/new"),
    ("get", "/taskforce/sources/ok-feed"),
    ("post", "/taskforce/sources"),
    ("post", "/taskforce/sources/ok-feed"),
    ("post", "/taskforce/sources/ok-feed/enabled"),
]


def test_members_are_refused_on_every_taskforce_route(client, db, people, sources) -> None:
    log_in(client, db, people.alice)
    token = csrf_of(client.get("/account").text)
    for method, path in ROUTES:
        data = {**FEED, "enabled": "0", "csrf_token": token} if method == "post" else None
        response = client.request(method, path, data=data)
        assert response.status_code == 403, path
    assert _source(db, "ok-feed").enabled is True and _source(db, FEED["key"]) is None


def test_anonymous_visitors_are_sent_to_the_login(client, sources) -> None:
    for method, path in ROUTES:
        page = client.get("/login")
        data = {**FEED, "csrf_token": csrf_of(page.text)} if method == "post" else None
        response = client.request(method, path, data=data)
        assert response.status_code == 303 and response.headers["location"] == "/login", path


def test_taskforce_posts_need_the_csrf_token(admin_client, db, sources) -> None:
    response = admin_client.post("/taskforce/sources/ok-feed/enabled", data={"enabled": "0"})
    assert response.status_code == 403 and _source(db, "ok-feed").enabled is True
