"""API writes need an API token or the session with its CSRF token (conventions §5)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.account import ApiToken, Bookmark, secret_hash
from models.db import read_session, write_session
from tests.web.conftest import log_in, make_client
from tests.web.factories import EPOCH, make_call

ALICE_TOKEN = "fw_alice-token-" + "a" * 30
ADMIN_TOKEN = "fw_admin-token-" + "b" * 30


@pytest.fixture
def setup(db, people):
    with write_session(db.engine) as s:
        make_call(s, public_id="B-1")
        make_call(s, public_id="B-2")
        s.add(
            ApiToken(token_hash=secret_hash(ALICE_TOKEN), name="alice", contact_id=people.alice_id)
        )
        s.add(ApiToken(token_hash=secret_hash(ADMIN_TOKEN), name="ops", is_admin=True))
        s.add(
            ApiToken(
                token_hash=secret_hash("fw_revoked"),
                name="old",
                contact_id=people.alice_id,
                revoked_at=EPOCH,
            )
        )


def _bookmarks(db) -> list[tuple[int, int]]:
    with read_session(db.engine) as session:
        return session.execute(select(Bookmark.contact_id, Bookmark.call_id)).all()


def test_a_member_token_adds_lists_and_removes_its_bookmarks(client, db, setup, people) -> None:
    auth = {"authorization": f"Bearer {ALICE_TOKEN}"}
    assert client.put("/api/v1/me/bookmarks/B-1", headers=auth).json() == {
        "call_id": "B-1",
        "bookmarked": True,
    }
    assert [c["id"] for c in client.get("/api/v1/me/bookmarks", headers=auth).json()] == ["B-1"]
    assert [row[0] for row in _bookmarks(db)] == [people.alice_id]
    assert client.delete("/api/v1/me/bookmarks/B-1", headers=auth).status_code == 200
    assert _bookmarks(db) == []


def test_the_api_refuses_writes_without_a_token_or_login(client, db, setup) -> None:
    response = client.put("/api/v1/me/bookmarks/B-1")
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/v1/me/bookmarks").status_code == 401
    assert (
        client.put(
            "/api/v1/me/bookmarks/B-1", headers={"authorization": "Bearer fw_wrong"}
        ).status_code
        == 401
    )
    assert (
        client.put(
            "/api/v1/me/bookmarks/B-1", headers={"authorization": "Bearer fw_revoked"}
        ).status_code
        == 401
    )
    assert _bookmarks(db) == []


def test_an_admin_token_without_a_contact_has_no_bookmarks(client, setup) -> None:
    auth = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    assert client.put("/api/v1/me/bookmarks/B-1", headers=auth).status_code == 403


def test_a_session_write_needs_the_csrf_header_and_our_origin(client, db, setup, people) -> None:
    log_in(client, db, people.alice)
    assert client.get("/api/v1/me/bookmarks").status_code == 200  # a read needs no CSRF
    assert client.put("/api/v1/me/bookmarks/B-2").status_code == 403
    with read_session(db.engine) as session:
        from models.account import WebSession

        csrf = session.scalars(select(WebSession.csrf_token)).one()
    evil = client.put(
        "/api/v1/me/bookmarks/B-2", headers={"x-csrf-token": csrf, "origin": "https://evil.example"}
    )
    assert evil.status_code == 403
    assert client.put("/api/v1/me/bookmarks/B-2", headers={"x-csrf-token": csrf}).status_code == 200
    assert [row[0] for row in _bookmarks(db)] == [people.alice_id]


def test_unknown_or_hidden_calls_are_404(client, db, setup) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="B-HIDDEN", hidden=True)
    auth = {"authorization": f"Bearer {ALICE_TOKEN}"}
    assert client.put("/api/v1/me/bookmarks/NOPE", headers=auth).status_code == 404
    assert client.put("/api/v1/me/bookmarks/B-HIDDEN", headers=auth).status_code == 404


def test_a_cookie_free_client_cannot_ride_a_session(app, web_settings, db, setup, people) -> None:
    with make_client(app, web_settings) as other:
        assert other.put("/api/v1/me/bookmarks/B-1").status_code == 401
