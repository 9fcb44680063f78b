"""Public calls pages: the filtered list and a call's page."""

from __future__ import annotations

import re

import pytest

from models.db import write_session
from tests.web.factories import days, make_call, make_change, make_offer, make_participant


def _ids(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/calls/([^"]+)">', html)


@pytest.fixture
def calls(db):
    """Five visible calls of different kinds, and a hidden one."""
    with write_session(db.engine) as s:
        make_call(s, public_id="SOON", deadlines=[days(5)], themes=["housing"], countries=["RO"])
        make_call(
            s,
            public_id="LATER",
            deadlines=[days(60)],
            themes=["education"],
            countries=["FR"],
            applicant_types=["ngo"],
            language="fr",
            funder="Fondation X",
            title="Appel pour les écoles",
            description_text="Soutien scolaire.",
        )
        make_call(
            s,
            public_id="ROLLING",
            deadlines=[],
            funding_type="loan",
            funder="Council of Europe Development Bank",
        )
        make_call(
            s,
            public_id="NEXT",
            status="forthcoming",
            deadlines=[days(90)],
            title="Forthcoming housing desegregation call",
        )
        make_call(s, public_id="PASSED", deadlines=[days(-3)])
        make_call(s, public_id="SECRET", hidden=True, deadlines=[days(1)])


def test_list_is_sorted_by_deadline_with_rolling_calls_last(client, calls) -> None:
    assert _ids(client.get("/calls").text) == ["SOON", "LATER", "NEXT", "ROLLING"]


def test_hidden_and_passed_calls_are_never_listed(client, calls) -> None:
    html = client.get("/calls").text
    assert "SECRET" not in html and "PASSED" not in html
    assert client.get("/calls/SECRET").status_code == 404
    assert client.get("/api/v1/calls/SECRET").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=housing", ["SOON"]),
        ("country=fr", ["LATER", "NEXT", "ROLLING"]),
        ("applicant_type=ngo", ["LATER"]),
        ("funding_type=loan", ["ROLLING"]),
        ("funder=development+bank", ["ROLLING"]),
        ("language=fr", ["LATER"]),
        ("status=forthcoming", ["NEXT"]),
        ("status=open", ["SOON", "LATER", "ROLLING"]),
        ("q=desegregation", ["NEXT"]),
        ("q=scolaire", ["LATER"]),
        (f"deadline_from={days(10).isoformat()}&deadline_to={days(70).isoformat()}", ["LATER"]),
        ("theme=unknown-theme", ["SOON", "LATER", "NEXT", "ROLLING"]),  # ignored, not an error
        ("q=%25", []),  # LIKE wildcards are literal
    ],
)
def test_list_filters(client, calls, query, expected) -> None:
    response = client.get(f"/calls?{query}")
    assert response.status_code == 200
    assert _ids(response.text) == expected


def test_list_paginates_and_links_keep_the_filters(client, db) -> None:
    with write_session(db.engine) as s:
        for n in range(30):
            make_call(s, public_id=f"P{n:02d}", deadlines=[days(n + 1)], themes=["health"])
    first = client.get("/calls?theme=health")
    assert _ids(first.text) == [f"P{n:02d}" for n in range(25)]
    assert "theme=health&amp;page=2" in first.text
    second = client.get("/calls?theme=health&page=2")
    assert _ids(second.text) == [f"P{n:02d}" for n in range(25, 30)]
    assert "30 calls" in second.text


def test_call_page_shows_every_field_tags_with_why_sources_history_and_offers(client, db) -> None:
    with write_session(db.engine) as s:
        call = make_call(
            s,
            public_id="CERV-2027-EQUAL",
            title="Local alliances against antigypsyism",
            deadlines=[days(30), days(120)],
            programme="CERV",
            max_amount_eur=250000.0,
            partnership_required=True,
            evidence={
                "themes": {"social-inclusion": ["fight antigypsyism at local level"]},
                "deadline": ["Deadline: 25 December 2026"],
            },
            source_urls=["https://a.example.eu/cerv", "https://b.example.org/cerv-copy"],
        )
        make_change(s, call, field="deadlines", old_value=["2026-12-01"], new_value=call.deadlines)
        poster = make_participant(s, name="Košice", country="SK")
        make_offer(s, poster=poster.participant, call=call, title="Partners for Roma mediators")
        make_offer(s, poster=poster.participant, call=call, title="Closed offer", status="closed")
    html = client.get("/calls/CERV-2027-EQUAL").text
    for text in (
        "Local alliances against antigypsyism",
        "CERV",
        "€250,000",
        "European Commission",
        "fight antigypsyism at local level",
        "Deadline: 25 December 2026",
        "found by the classifier",
        "set by the source",
        "Social inclusion and poverty",
        "https://a.example.eu/cerv",
        "https://b.example.org/cerv-copy",
        "2026-12-01",
        "Partners for Roma mediators",
        "Košice",
        "December 25, 2026",
        "March 25, 2027",
    ):
        assert text in html, text
    assert "Closed offer" not in html
    assert html.count('<time datetime="') >= 2  # both stages


def test_an_alias_redirects_to_the_one_page_of_the_call(client, db) -> None:
    from models.call import CallAlias

    with write_session(db.engine) as s:
        call = make_call(s, public_id="MAIN-ID")
        s.add(CallAlias(alias="OLD-ID", call_id=call.id))
    response = client.get("/calls/OLD-ID")
    assert response.status_code == 301 and response.headers["location"] == "/calls/MAIN-ID"


def test_ids_with_slashes_and_colons_have_a_page(client, db) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="feed-x:https://example.org/a/b?c=1")
    html = client.get("/calls").text
    path = re.search(r'<h3><a href="(/calls/feed-x[^"]+)">', html).group(1)
    assert "%2F" in path
    assert client.get(path.replace("&amp;", "&")).status_code == 200


XSS = (
    '<p>Fine text</p><script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
    '<a href="javascript:window.__xss=3">link</a><iframe src="https://evil.example"></iframe>'
    '<svg onload="window.__xss=4"></svg><p style="background:url(javascript:alert(1))">styled</p>'
)


def test_stored_description_html_is_sanitised_again_at_render(client, db) -> None:
    with write_session(db.engine) as s:
        # Stored as if the storage-time sanitiser had been bypassed (defence in depth).
        make_call(
            s,
            public_id="XSS",
            description_html=XSS,
            title="<script>window.__xss=5</script>Title",
            funder='"><img src=x onerror=1>',
            url="javascript:window.__xss=6",
        )
    html = client.get("/calls/XSS").text
    body = html.split("<main", 1)[1]
    assert "Fine text" in body
    tags = re.findall(r"<[^>]*>", body)  # only markup can run; escaped text cannot
    for tag in tags:
        assert not re.match(r"<\s*(script|img|iframe|svg|object|embed)", tag, re.I), tag
        assert not re.search(r"\son[a-z]+\s*=|style=|javascript:", tag, re.I), tag
    assert "&lt;script&gt;window.__xss=5&lt;/script&gt;Title" in body


def test_a_crawled_url_is_linked_only_when_http(client, db) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="DATA", url="data:text/html,<script>alert(1)</script>")
    body = client.get("/calls/DATA").text.split("<main", 1)[1]
    assert 'href="data:' not in body


def test_pages_switch_language_and_remember_it(client, calls) -> None:
    french = client.get("/calls?lang=fr")
    assert "Appels à financement" in french.text and '<html lang="fr">' in french.text
    assert "fundwatch_lang=fr" in french.headers["set-cookie"]
    assert "Appels à financement" in client.get("/calls").text  # the cookie remembers
    assert "Funding calls" in client.get("/calls?lang=en").text


def test_language_follows_the_browser_when_nothing_else_says(app, web_settings, calls) -> None:
    from tests.web.conftest import make_client

    with make_client(app, web_settings, **{"accept-language": "de-DE,fr;q=0.8,en;q=0.5"}) as c:
        assert '<html lang="fr">' in c.get("/calls").text
    with make_client(app, web_settings, **{"accept-language": "de"}) as c:
        assert '<html lang="en">' in c.get("/calls").text


def test_a_member_sees_pages_in_its_contact_language(client, db, people) -> None:
    from tests.web.conftest import log_in

    log_in(client, db, people.bob)
    assert '<html lang="fr">' in client.get("/calls").text


def test_unknown_call_is_a_404_page(client) -> None:
    response = client.get("/calls/NOPE")
    assert response.status_code == 404 and "Page not found" in response.text


def test_a_long_list_counts_up_to_the_cap_and_still_pages_on(client, db, monkeypatch) -> None:
    from web import queries

    monkeypatch.setattr(queries, "COUNT_CAP", 30)
    with write_session(db.engine) as s:
        for n in range(60):
            make_call(s, public_id=f"C{n:02d}", deadlines=[days(n + 1)])
    first = client.get("/calls")
    assert "More than 30 calls" in first.text and 'rel="next"' in first.text
    third = client.get("/calls?page=3")
    assert _ids(third.text) == [f"C{n:02d}" for n in range(50, 60)]
    assert 'rel="next"' not in third.text
    body = client.get("/api/v1/calls", params={"per_page": 50}).json()
    assert (body["total"], body["total_exact"], body["has_next"]) == (30, False, True)
