"""A member's own profile, preferences and bookmarks; no member reaches another's data."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.account import Bookmark
from models.db import read_session, write_session
from models.participant import Contact, Participant
from tests.web.conftest import csrf_of, log_in, make_client
from tests.web.factories import make_call

PROFILE = {
    "country": "HU",
    "applicant_type": "regional-authority",
    "population": "120 000",
    "profile": "A region with <b>many</b> Roma communities.",
    "themes": ["education", "housing"],
    "keywords": "mediators, Desegregation",
    "languages": "hu, en",
}


def _participant(db, participant_id: int) -> Participant:
    with read_session(db.engine) as session:
        return session.get(Participant, participant_id)


def _contact(db, contact_id: int) -> Contact:
    with read_session(db.engine) as session:
        return session.get(Contact, contact_id)


@pytest.fixture
def alice_client(client, db, people):
    log_in(client, db, people.alice)
    return client


def test_member_edits_its_profile(alice_client, db, people) -> None:
    token = csrf_of(alice_client.get("/account").text)
    response = alice_client.post("/account/profile", data={**PROFILE, "csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == "/account?saved=1"
    saved = _participant(db, people.alice_participant_id)
    assert (saved.country, saved.applicant_type, saved.population) == (
        "HU",
        "regional-authority",
        120000,
    )
    assert saved.themes == ["education", "housing"]
    assert saved.keywords == ["desegregation", "mediators"]
    assert saved.languages == ["hu", "en"]
    page = alice_client.get("/account?saved=1").text
    assert "Saved." in page and "&lt;b&gt;many&lt;/b&gt;" in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("country", "ZZ"),
        ("applicant_type", "dragon"),
        ("population", "many"),
        ("themes", ["housing", "astrology"]),
        ("languages", "xx"),
    ],
)
def test_a_bad_profile_value_is_shown_and_nothing_is_saved(
    alice_client, db, people, field, value
) -> None:
    token = csrf_of(alice_client.get("/account").text)
    response = alice_client.post(
        "/account/profile", data={**PROFILE, field: value, "csrf_token": token}
    )
    assert response.status_code == 400 and "field-error" in response.text
    assert _participant(db, people.alice_participant_id).country == "RO"


def test_member_sets_its_digest_preferences(alice_client, db, people) -> None:
    token = csrf_of(alice_client.get("/account").text)
    response = alice_client.post(
        "/account/preferences", data={"frequency": "monthly", "language": "fr", "csrf_token": token}
    )
    assert response.status_code == 303
    contact = _contact(db, people.alice_id)
    assert (contact.frequency, contact.language) == ("monthly", "fr")
    bad = alice_client.post(
        "/account/preferences", data={"frequency": "hourly", "language": "fr", "csrf_token": token}
    )
    assert bad.status_code == 400 and _contact(db, people.alice_id).frequency == "monthly"


def test_a_member_never_sees_another_members_profile(alice_client) -> None:
    page = alice_client.get("/account").text
    assert "Cluj-Napoca" in page
    assert "Marseille" not in page and "bob@" not in page and "Ville portuaire" not in page


def test_a_member_cannot_change_another_participant_by_posting_its_ids(
    alice_client, db, people
) -> None:
    token = csrf_of(alice_client.get("/account").text)
    alice_client.post(
        "/account/profile",
        data={
            **PROFILE,
            "csrf_token": token,
            "participant_id": str(people.bob_participant_id),
            "contact_id": str(people.bob_id),
            "id": str(people.bob_participant_id),
        },
    )
    alice_client.post(
        "/account/preferences",
        data={
            "frequency": "daily",
            "language": "en",
            "csrf_token": token,
            "contact_id": str(people.bob_id),
        },
    )
    bob = _participant(db, people.bob_participant_id)
    assert (bob.country, bob.themes, bob.profile) == ("FR", ["education"], "Ville portuaire.")
    assert _contact(db, people.bob_id).frequency == "weekly"
    assert _participant(db, people.alice_participant_id).country == "HU"


def test_bob_and_alice_each_change_only_their_own(app, web_settings, db, people) -> None:
    origin = {"origin": web_settings.base_url}
    with (
        make_client(app, web_settings, **origin) as alice,
        make_client(app, web_settings, **origin) as bob,
    ):
        log_in(alice, db, people.alice)
        log_in(bob, db, people.bob)
        bob_token = csrf_of(bob.get("/account").text)
        bob.post("/account/profile", data={**PROFILE, "country": "IT", "csrf_token": bob_token})
        assert "Cluj-Napoca" in alice.get("/account").text
    assert _participant(db, people.bob_participant_id).country == "IT"
    assert _participant(db, people.alice_participant_id).country == "RO"


def test_an_admin_without_member_profile_cannot_post_a_profile(client, db, people) -> None:
    log_in(client, db, people.admin)
    token = csrf_of(client.get("/account").text)
    response = client.post("/account/profile", data={**PROFILE, "csrf_token": token})
    assert response.status_code == 403
    assert _participant(db, people.alice_participant_id).country == "RO"


def test_anonymous_posts_go_to_the_login(client, people) -> None:
    page = client.get("/login")
    for path in ("/account/profile", "/account/preferences", "/bookmarks"):
        response = client.post(
            path, data={**PROFILE, "call": "X", "csrf_token": csrf_of(page.text)}
        )
        assert response.status_code == 303 and response.headers["location"] == "/login"


# -- bookmarks ------------------------------------------------------------------------------------


def test_member_bookmarks_a_call_and_removes_it(alice_client, db, people) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="BM-1", title="Bookmarkable call")
    page = alice_client.get("/calls/BM-1")
    assert "Bookmark this call" in page.text
    response = alice_client.post(
        "/bookmarks", data={"call": "BM-1", "action": "add", "csrf_token": csrf_of(page.text)}
    )
    assert response.status_code == 303 and response.headers["location"] == "/calls/BM-1"
    assert "Remove bookmark" in alice_client.get("/calls/BM-1").text
    assert "Bookmarkable call" in alice_client.get("/account").text
    alice_client.post(
        "/bookmarks", data={"call": "BM-1", "action": "add", "csrf_token": csrf_of(page.text)}
    )
    with read_session(db.engine) as session:
        assert len(session.scalars(select(Bookmark)).all()) == 1  # adding twice keeps one
    alice_client.post(
        "/bookmarks", data={"call": "BM-1", "action": "remove", "csrf_token": csrf_of(page.text)}
    )
    assert "Bookmark this call" in alice_client.get("/calls/BM-1").text


def test_bookmarks_are_private_to_their_member(app, web_settings, db, people) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="BM-2", title="Alice's private interest")
    origin = {"origin": web_settings.base_url}
    with (
        make_client(app, web_settings, **origin) as alice,
        make_client(app, web_settings, **origin) as bob,
    ):
        log_in(alice, db, people.alice)
        log_in(bob, db, people.bob)
        token = csrf_of(alice.get("/calls/BM-2").text)
        alice.post("/bookmarks", data={"call": "BM-2", "action": "add", "csrf_token": token})
        assert "Alice&#39;s private interest" not in bob.get("/account").text
        assert "Suivre cet appel" in bob.get("/calls/BM-2").text  # bob reads French
        # Bob removing "BM-2" only touches his own (absent) bookmark.
        bob_token = csrf_of(bob.get("/calls/BM-2").text)
        bob.post("/bookmarks", data={"call": "BM-2", "action": "remove", "csrf_token": bob_token})
        assert "Remove bookmark" in alice.get("/calls/BM-2").text


def test_bookmarking_a_hidden_call_is_refused(alice_client, db) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="HIDDEN", hidden=True)
    token = csrf_of(alice_client.get("/account").text)
    response = alice_client.post("/bookmarks", data={"call": "HIDDEN", "csrf_token": token})
    assert response.status_code == 404


def test_control_characters_in_a_profile_never_reach_the_database(alice_client, db, people) -> None:
    token = csrf_of(alice_client.get("/account").text)
    data = {**PROFILE, "profile": "Cluj\x00 city", "keywords": "media\x00tors", "csrf_token": token}
    response = alice_client.post("/account/profile", data=data)
    assert response.status_code == 303
    saved = _participant(db, people.alice_participant_id)
    assert (saved.profile, saved.keywords) == ("Cluj city", ["mediators"])
