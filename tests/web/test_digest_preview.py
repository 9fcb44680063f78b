"""The preview of a member's next digest on its account page (issue 8).

Time is pinned to Wednesday 25 November 2026, 10:00 in Brussels: a weekly contact's next
digest is built by the scheduler on Monday 30 November at 07:00, for week 49.

alice (Cluj-Napoca, RO, housing, reads English) and bob (Marseille, FR, education, reads
French) each have a call that fits only them; admin has no member profile.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from models.db import read_session, write_session
from models.digest import Digest, OutboxMessage
from models.participant import Contact, Participant
from notifier.build import build_digests
from tests.web.factories import days, make_call, make_offer

ALICE_CALL = "Housing for Roma families in Romanian towns"
BOB_CALL = "Écoles inclusives dans les villes de France"


@pytest.fixture
def calls(db, people) -> None:
    with write_session(db.engine) as session:
        make_call(session, title=ALICE_CALL, themes=["housing"], countries=["RO"])
        make_call(session, title=BOB_CALL, themes=["education"], countries=["FR"], language="fr")


def _rows(db) -> tuple[int, int]:
    with read_session(db.engine) as session:
        return (
            session.scalar(select(func.count()).select_from(Digest)),
            session.scalar(select(func.count()).select_from(OutboxMessage)),
        )


def test_the_account_page_links_to_the_preview(visitors, people) -> None:
    page = visitors.alice.get("/account")
    assert page.status_code == 200 and 'href="/account/digest"' in page.text
    assert "Preview your next digest" in page.text


def test_a_member_sees_its_next_digest_with_period_and_due_time(
    visitors, db, people, calls
) -> None:
    before = _rows(db)
    page = visitors.alice.get("/account/digest")
    assert page.status_code == 200
    html = page.text
    assert ALICE_CALL in html and BOB_CALL not in html
    assert "week 49, 2026" in html and "November 30, 2026" in html and "December 6, 2026" in html
    assert "Monday, November 30, 2026, 7:00\u202fAM" in html and "in 5 days" in html
    # The digest's own words, in the contact's language (English), from the real digest code.
    assert "Funding calls for Cluj-Napoca" in html and "New calls (1)" in html
    assert "Here are all the open funding calls that fit your profile." in html
    assert "1 funding call for Cluj-Napoca – week 49, 2026" in html  # the subject
    assert 'lang="en"' in html and "Why it matched" in html
    assert _rows(db) == before  # a preview writes nothing


def test_a_french_contact_sees_its_digest_in_french(visitors, people, calls) -> None:
    html = visitors.bob.get("/account/digest").text  # the page follows bob's language
    assert BOB_CALL in html and ALICE_CALL not in html
    assert "Votre prochain résumé" in html and "semaine 49, 2026" in html
    assert "lundi 30 novembre 2026, 07:00" in html
    assert "Appels à financement pour Marseille" in html and "Nouveaux appels (1)" in html
    assert 'class="digest-preview" lang="fr"' in html


def test_the_digest_keeps_the_contact_language_on_a_page_in_another(visitors, calls) -> None:
    html = visitors.alice.get("/account/digest?lang=fr").text
    assert "Votre prochain résumé" in html and "Envoi prévu" in html  # the page: French
    assert "Funding calls for Cluj-Napoca" in html and "New calls (1)" in html  # the digest
    assert 'class="digest-preview" lang="en"' in html


def test_each_member_sees_only_its_own_preview(visitors, people, calls) -> None:
    alice = visitors.alice.get("/account/digest", params={"contact": people.bob_id}).text
    bob = visitors.bob.get("/account/digest", params={"contact_id": people.alice_id}).text
    assert ALICE_CALL in alice and BOB_CALL not in alice and "Marseille" not in alice
    assert BOB_CALL in bob and ALICE_CALL not in bob and "Cluj-Napoca" not in bob
    assert visitors.admin.get("/account/digest").status_code == 403  # no member profile
    anonymous = visitors.anon.get("/account/digest")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


def test_nothing_new_is_said_clearly(visitors, people) -> None:
    page = visitors.alice.get("/account/digest")
    assert page.status_code == 200
    assert "Nothing new for you so far" in page.text and "week 49, 2026" in page.text
    assert 'class="digest-preview"' not in page.text
    french = visitors.bob.get("/account/digest").text
    assert "Rien de nouveau pour vous pour l&#39;instant" in french


def test_after_a_build_the_next_period_shows_only_what_is_new(
    visitors, db, web_settings, people, calls
) -> None:
    # A manual build for week 49 (Monday 30 November) sent alice her call already.
    report = build_digests(db.engine, web_settings, as_of=days(5), frequency="weekly")
    assert report.built == 2
    html = visitors.alice.get("/account/digest").text
    assert "week 50, 2026" in html and "Monday, December 7, 2026, 7:00\u202fAM" in html
    assert "Nothing new for you so far" in html and ALICE_CALL not in html
    with write_session(db.engine) as session:
        make_call(session, title="Roma housing mediators, second round", themes=["housing"])
    html = visitors.alice.get("/account/digest").text
    assert "Roma housing mediators, second round" in html and ALICE_CALL not in html
    assert "Here is what is new for you since your last digest." in html


def test_the_preview_follows_the_frequency(visitors, db, people, calls) -> None:
    with write_session(db.engine) as session:
        session.get(Contact, people.alice_id).frequency = "daily"
    html = visitors.alice.get("/account/digest").text
    assert "Thursday, November 26, 2026, 7:00\u202fAM" in html
    assert "<dd>26 November 2026</dd>" in html
    with write_session(db.engine) as session:
        session.get(Contact, people.alice_id).frequency = "monthly"
    html = visitors.alice.get("/account/digest").text
    assert "Tuesday, December 1, 2026, 7:00\u202fAM" in html
    assert "December 2026 (December 1, 2026 – December 31, 2026)" in html


def test_an_unsubscribed_member_is_told_no_digest_is_due(visitors, db, people, calls) -> None:
    with write_session(db.engine) as session:
        session.get(Contact, people.alice_id).unsubscribed_at = datetime(2026, 11, 1, tzinfo=UTC)
    html = visitors.alice.get("/account/digest").text
    assert "You receive no digest at the moment" in html and ALICE_CALL not in html


def test_offers_that_fit_are_in_the_preview(visitors, db, people, calls) -> None:
    with write_session(db.engine) as session:
        bob = session.get(Participant, people.bob_participant_id)
        make_offer(
            session, poster=bob, call=None, title="Housing partners wanted", themes=["housing"]
        )
    html = visitors.alice.get("/account/digest").text
    assert "Partnership offers (1)" in html and "Housing partners wanted" in html
    assert "Offers that fit you" in html and "Posted by" in html and "Marseille" in html


def test_crawled_text_is_escaped_and_bad_links_are_dropped(visitors, db, people) -> None:
    with write_session(db.engine) as session:
        make_call(
            session,
            title='<script>alert("x")</script> Roma housing',
            themes=["housing"],
            countries=["RO"],
            url="javascript:alert(1)",
        )
    html = visitors.alice.get("/account/digest").text
    assert "&lt;script&gt;alert(" in html and "<script>alert" not in html
    assert "javascript:alert" not in html
