"""The JSON API under /api/v1: public reads, the same filters as the pages, its schema."""

from __future__ import annotations

import pytest

from models.db import write_session
from tests.web.factories import days, make_call, make_change, make_offer, make_participant


@pytest.fixture
def calls(db):
    with write_session(db.engine) as s:
        first = make_call(
            s,
            public_id="API-1",
            deadlines=[days(10)],
            themes=["housing"],
            countries=["RO"],
            evidence={"themes": {"housing": ["social housing"]}},
        )
        make_change(s, first)
        poster = make_participant(s)
        make_offer(s, poster=poster.participant, call=first, share_contact=True)
        make_call(s, public_id="API-2", deadlines=[days(20)], themes=["education"])
        make_call(s, public_id="API-3", deadlines=[], themes=["education"])
        make_call(s, public_id="API-HIDDEN", hidden=True)


def test_api_lists_calls_sorted_by_deadline(client, calls, web_settings) -> None:
    body = client.get("/api/v1/calls").json()
    assert [c["id"] for c in body["items"]] == ["API-1", "API-2", "API-3"]
    assert body["total"] == 3 and body["pages"] == 1
    first = body["items"][0]
    assert first["page_url"] == f"{web_settings.base_url}/calls/API-1"
    assert first["deadlines"] == [days(10).isoformat()]


def test_api_filters_like_the_pages(client, calls) -> None:
    body = client.get(
        "/api/v1/calls", params={"theme": "education", "per_page": 1, "page": 2}
    ).json()
    assert [c["id"] for c in body["items"]] == ["API-3"] and body["total"] == 2


def test_api_refuses_unknown_filter_values(client, calls) -> None:
    assert client.get("/api/v1/calls", params={"theme": "astrology"}).status_code == 422
    assert client.get("/api/v1/calls", params={"country": "romania"}).status_code == 422
    assert client.get("/api/v1/calls", params={"per_page": 1000}).status_code == 422


def test_api_call_detail_has_evidence_sources_history_and_offer_count(client, calls) -> None:
    body = client.get("/api/v1/calls/API-1").json()
    assert body["evidence"] == {"themes": {"housing": ["social housing"]}}
    assert body["sources"] == [{"source": "test-source", "url": body["url"]}]
    assert body["changes"][0]["field"] == "deadlines"
    assert body["open_offers"] == 1


def test_api_never_shows_private_data(client, calls) -> None:
    text = client.get("/api/v1/calls/API-1").text + client.get("/api/v1/calls").text
    assert "@member.example" not in text and "Member city" not in text


def test_api_hides_hidden_calls_and_answers_404_in_json(client, calls) -> None:
    response = client.get("/api/v1/calls/API-HIDDEN")
    assert response.status_code == 404 and response.json() == {"detail": "no such call"}
    assert client.get("/api/v1/calls/nul%00byte").status_code == 404


def test_openapi_schema_lists_the_api_and_no_page(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/v1/calls",
        "/api/v1/calls/{call_id}",
        "/api/v1/me/bookmarks",
        "/api/v1/me/bookmarks/{call_id}",
    }
    assert "HTTPBearer" in schema["components"]["securitySchemes"]
    params = {p["name"] for p in schema["paths"]["/api/v1/calls"]["get"]["parameters"]}
    assert {
        "theme",
        "country",
        "applicant_type",
        "funder",
        "funding_type",
        "deadline_from",
        "deadline_to",
        "language",
        "status",
        "q",
        "page",
        "per_page",
    } <= params
