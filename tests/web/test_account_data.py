"""A member's own data: the personal calendar at a secret URL, the JSON export, erasure."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from models.account import Bookmark, Suppression, WebSession
from models.db import read_session, write_session
from models.digest import OutboxMessage
from models.offer import Interest
from models.participant import Contact, Participant
from tests.web.conftest import ask_link, outbox
from tests.web.factories import TODAY, days, make_call, make_offer
from web.personalfeed import personal_calls
from web.privacy import email_hash, is_suppressed


def _contact(db, contact_id: int) -> Contact | None:
    with read_session(db.engine) as session:
        return session.get(Contact, contact_id)


@pytest.fixture
def calls(db, people) -> None:
    """A call alice bookmarked, one that matches her (housing, RO), one that matches nobody."""
    with write_session(db.engine) as s:
        bookmarked = make_call(s, public_id="BOOKED", themes=["health"], countries=["IT"])
        make_call(
            s,
            public_id="MATCHED",
            themes=["housing"],
            countries=["RO"],
            deadlines=[days(12), days(70)],
        )
        make_call(s, public_id="OTHER", themes=["youth"], countries=["ES"])
        make_call(s, public_id="IN-A-GROUP", themes=["housing"], countries=["eu"])
        make_call(s, public_id="UNSTATED", themes=["housing"], countries=[], applicant_types=[])
        make_call(
            s, public_id="NGO-ONLY", themes=["housing"], countries=["RO"], applicant_types=["ngo"]
        )
        make_call(s, public_id="HIDDEN-MATCH", themes=["housing"], countries=["RO"], hidden=True)
        s.add(Bookmark(contact_id=people.alice_id, call_id=bookmarked.id))


def _feed_path(db, contact_id: int) -> str:
    return f"/feeds/{_contact(db, contact_id).feed_secret}.ics"


def test_member_creates_its_calendar_of_bookmarked_and_matched_calls(
    visitors, client, db, people, calls
) -> None:
    assert "Create my calendar address" in visitors.alice.get("/account").text
    assert visitors.alice.post("/account/calendar").status_code == 303
    path = _feed_path(db, people.alice_id)
    assert path in visitors.alice.get("/account").text
    feed = client.get(path)  # a calendar app: no cookie
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert feed.headers["cache-control"] == "private, no-store"
    body = feed.text
    assert "BOOKED-deadline-0@" in body and "MATCHED-deadline-1@" in body  # both stages
    assert "IN-A-GROUP-deadline-0@" in body and "UNSTATED-deadline-0@" in body
    assert "OTHER" not in body and "HIDDEN-MATCH" not in body and "NGO-ONLY" not in body
    assert "X-WR-CALNAME:fundwatch: Cluj-Napoca" in body


def test_calendar_matches_a_call_whose_countries_are_stored_in_lower_case(
    visitors, client, db, people, calls
) -> None:
    """match_call reads country codes in any case; the SQL narrowing before it must too."""
    with write_session(db.engine) as s:
        make_call(s, public_id="LOWER-RO", themes=["housing"], countries=["ro"])
        make_call(s, public_id="LOWER-ES", themes=["housing"], countries=["es"])
    visitors.alice.post("/account/calendar")
    body = client.get(_feed_path(db, people.alice_id)).text
    assert "LOWER-RO-deadline-0@" in body and "MATCHED-deadline-1@" in body
    assert "LOWER-ES" not in body


def test_calendar_lists_bookmarks_then_matches_by_next_deadline_up_to_its_limit(
    db, people, calls
) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="ROLLING", themes=["housing"], countries=["RO"], deadlines=[])
        make_call(s, public_id="SOON", themes=["housing"], countries=["RO"], deadlines=[days(3)])
        make_call(
            s,
            public_id="LATER",
            status="forthcoming",
            opening_date=days(20),
            themes=["housing"],
            countries=["RO"],
            deadlines=[days(40)],
        )
        make_call(s, public_id="PASSED", themes=["housing"], countries=["RO"], deadlines=[days(-1)])
        both = make_call(
            s, public_id="BOOKED-MATCH", themes=["housing"], countries=["RO"], deadlines=[days(5)]
        )
        s.add(Bookmark(contact_id=people.alice_id, call_id=both.id))

    def feed(limit: int) -> list[str]:
        with read_session(db.engine) as session:
            contact = session.get(Contact, people.alice_id)
            found = personal_calls(session, contact=contact, today=TODAY, limit=limit)
            return [call.public_id for call in found]

    bookmarked = ["BOOKED-MATCH", "BOOKED"]
    matched = ["SOON", "MATCHED", "IN-A-GROUP", "UNSTATED", "LATER", "ROLLING"]
    assert feed(200) == bookmarked + matched
    assert feed(4) == bookmarked + matched[:2]
    assert feed(1) == bookmarked[:1]


def test_replacing_the_calendar_address_kills_the_old_one(
    visitors, client, db, people, calls
) -> None:
    visitors.alice.post("/account/calendar")
    old = _feed_path(db, people.alice_id)
    visitors.alice.post("/account/calendar")
    new = _feed_path(db, people.alice_id)
    assert new != old
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200
    assert client.get("/feeds/guess.ics").status_code == 404
    assert client.get("/feeds/" + "x" * 300 + ".ics").status_code == 404


def test_each_member_gets_its_own_calendar(visitors, client, db, people, calls) -> None:
    visitors.alice.post("/account/calendar", {"contact_id": str(people.bob_id)})
    visitors.bob.post("/account/calendar")
    assert _contact(db, people.alice_id).feed_secret != _contact(db, people.bob_id).feed_secret
    bob_feed = client.get(_feed_path(db, people.bob_id)).text
    assert "BOOKED" not in bob_feed and "X-WR-CALNAME:fundwatch: Marseille" in bob_feed
    assert _feed_path(db, people.bob_id) not in visitors.alice.get("/account").text


def test_member_exports_its_own_data_with_consent_times(visitors, db, people, calls) -> None:
    with write_session(db.engine) as s:
        alice = s.get(Participant, people.alice_participant_id)
        bob = s.get(Participant, people.bob_participant_id)
        mine = make_offer(s, poster=alice, call=None, share_contact=True)
        theirs = make_offer(s, poster=bob, call=None, title="Bob's offer")
        s.add(
            Interest(
                offer_id=mine.id,
                participant_id=bob.id,
                message="From Marseille",
                share_contact=True,
            )
        )
        s.add(Interest(offer_id=theirs.id, participant_id=alice.id, message="From Cluj"))
    response = visitors.alice.get("/account/export.json")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "private, no-store"
    data = response.json()
    assert data["participant"]["id"] == "cluj" and data["contact"]["email"] == people.alice
    assert data["consents"]["confirmed"] is True and data["consents"]["confirmed_at"]
    assert [b["call"] for b in data["bookmarks"]] == ["BOOKED"]
    assert [o["share_contact"] for o in data["offers"]] == [True]
    assert data["interests_expressed"][0]["message"] == "From Cluj"
    received = data["interests_received"][0]
    assert received == {**received, "from": "Marseille", "message": "From Marseille"}
    text = json.dumps(data)
    assert people.bob not in text and "share_contact" not in json.dumps(received)
    assert "Bob's offer" not in text and "Ville portuaire" not in text


def test_member_erases_its_contact_after_confirming(visitors, client, db, people, calls) -> None:
    page = visitors.alice.get("/account/erase")
    assert page.status_code == 200 and people.alice in page.text
    refused = visitors.alice.post("/account/erase")
    assert refused.status_code == 400 and _contact(db, people.alice_id) is not None
    response = visitors.alice.post("/account/erase", {"confirm": "yes"})
    assert response.status_code == 303 and response.headers["location"] == "/account/erased"
    assert _contact(db, people.alice_id) is None
    with read_session(db.engine) as session:
        assert session.get(Suppression, email_hash(people.alice)) is not None
        assert is_suppressed(session, " ALICE@cluj.example.ro ")
        assert session.scalar(select(func.count()).select_from(Bookmark)) == 0
        assert (
            session.scalar(select(func.count()).where(WebSession.contact_id == people.alice_id))
            == 0
        )
        assert session.get(Participant, people.alice_participant_id) is not None
        assert (
            session.scalar(select(func.count()).where(OutboxMessage.recipient == people.alice)) == 0
        )
    after = visitors.alice.get("/account")
    assert after.status_code == 303 and after.headers["location"] == "/login"
    ask_link(client, people.alice)
    assert outbox(db, recipient=people.alice) == []  # never mailed again
    assert _contact(db, people.bob_id) is not None


def test_erasure_and_export_touch_only_the_visitors_own_contact(visitors, db, people) -> None:
    visitors.alice.post("/account/erase", {"confirm": "yes", "contact_id": str(people.bob_id)})
    assert _contact(db, people.bob_id) is not None and _contact(db, people.alice_id) is None
    assert visitors.bob.get("/account/export.json").json()["contact"]["email"] == people.bob


def test_an_admin_without_member_profile_has_no_member_data(visitors, db) -> None:
    for path in ("/account/export.json", "/account/erase"):
        assert visitors.admin.get(path).status_code == 403, path
    for path in ("/account/calendar", "/account/erase"):
        assert visitors.admin.post(path, {"confirm": "yes"}).status_code == 403, path


def test_anonymous_visitors_and_forged_posts_change_nothing(visitors, db, people) -> None:
    for path in ("/account/export.json", "/account/erase"):
        response = visitors.anon.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/login"
    response = visitors.anon.post("/account/erase", {"confirm": "yes"})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    forged = visitors.alice.client.post("/account/erase", data={"confirm": "yes"})
    assert forged.status_code == 403
    other_site = visitors.alice.post(
        "/account/calendar", headers={"origin": "https://evil.example"}
    )
    assert other_site.status_code == 403
    contact = _contact(db, people.alice_id)
    assert contact is not None and contact.feed_secret is None
