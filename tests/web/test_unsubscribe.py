"""One-click unsubscribe (RFC 8058): GET confirms, POST unsubscribes with no cookie or CSRF."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from models.db import read_session
from models.participant import Contact
from tests.web.conftest import make_client
from tests.web.factories import EPOCH
from web.tokens import unsubscribe_token


def _token(db, contact_id: int, settings) -> str:
    with read_session(db.engine) as session:
        return unsubscribe_token(
            contact=session.get(Contact, contact_id), secret_key=settings.get_secret_key()
        )


def _unsubscribed_at(db, contact_id: int):
    with read_session(db.engine) as session:
        return session.get(Contact, contact_id).unsubscribed_at


def test_get_only_shows_a_confirm_page(client, db, people, web_settings) -> None:
    token = _token(db, people.alice_id, web_settings)
    page = client.get(f"/unsubscribe/{token}")
    assert page.status_code == 200 and people.alice in page.text and "<form" in page.text
    assert page.headers["referrer-policy"] == "same-origin"
    assert page.headers["cache-control"] == "no-store"
    assert _unsubscribed_at(db, people.alice_id) is None


def test_one_click_post_needs_no_cookie_csrf_or_origin(app, db, people, web_settings) -> None:
    token = _token(db, people.alice_id, web_settings)
    with make_client(app, web_settings) as mail_provider:  # no Origin, no cookies
        response = mail_provider.post(
            f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}
        )
    assert response.status_code == 200
    assert _unsubscribed_at(db, people.alice_id) is not None
    assert _unsubscribed_at(db, people.bob_id) is None


def test_unsubscribing_twice_keeps_the_first_time(client, db, people, web_settings) -> None:
    token = _token(db, people.alice_id, web_settings)
    client.post(f"/unsubscribe/{token}")
    first = _unsubscribed_at(db, people.alice_id)
    with time_machine.travel(EPOCH + timedelta(days=2)):
        assert client.post(f"/unsubscribe/{token}").status_code == 200
    assert _unsubscribed_at(db, people.alice_id) == first


def test_a_forged_or_foreign_token_unsubscribes_nobody(client, db, people, web_settings) -> None:
    alice_token = _token(db, people.alice_id, web_settings)
    forged = f"{people.bob_id}.{alice_token.split('.', 1)[1]}"
    for token in (forged, "1.AAAA", "garbage", "x" * 500):
        assert client.post(f"/unsubscribe/{token}").status_code == 404
        assert client.get(f"/unsubscribe/{token}").status_code == 404
    assert _unsubscribed_at(db, people.alice_id) is None
    assert _unsubscribed_at(db, people.bob_id) is None


def test_an_unsubscribed_member_can_subscribe_again(client, db, people, web_settings) -> None:
    from tests.web.conftest import csrf_of, log_in

    client.post(f"/unsubscribe/{_token(db, people.alice_id, web_settings)}")
    log_in(client, db, people.alice)
    page = client.get("/account")
    assert "You are unsubscribed" in page.text
    client.post("/account/resubscribe", data={"csrf_token": csrf_of(page.text)})
    assert _unsubscribed_at(db, people.alice_id) is None


def test_the_confirm_page_speaks_the_contacts_language(client, db, people, web_settings) -> None:
    page = client.get(f"/unsubscribe/{_token(db, people.bob_id, web_settings)}")
    assert '<html lang="fr">' in page.text and "Se désabonner" in page.text


# -- the preferences page of the signed link ------------------------------------------------------


def _preferences_token(db, contact_id: int, settings) -> str:
    from web.tokens import preferences_token

    with read_session(db.engine) as session:
        contact = session.get(Contact, contact_id)
        return preferences_token(contact=contact, secret_key=settings.get_secret_key())


def test_preferences_link_changes_frequency_language_and_subscription(
    client, db, people, web_settings
) -> None:
    token = _preferences_token(db, people.alice_id, web_settings)
    page = client.get(f"/preferences/{token}")
    assert page.status_code == 200 and people.alice in page.text
    response = client.post(f"/preferences/{token}", data={"frequency": "daily", "language": "fr"})
    assert response.status_code == 303
    with read_session(db.engine) as session:
        alice = session.get(Contact, people.alice_id)
        assert (alice.frequency, alice.language) == ("daily", "fr")
        assert alice.unsubscribed_at is not None  # the box was unticked
    client.post(
        f"/preferences/{token}", data={"frequency": "daily", "language": "fr", "subscribed": "1"}
    )
    with read_session(db.engine) as session:
        alice = session.get(Contact, people.alice_id)
        assert alice.unsubscribed_at is None and alice.consent_at is not None


def test_preferences_link_refuses_other_origins_and_other_tokens(
    client, db, people, web_settings
) -> None:
    token = _preferences_token(db, people.alice_id, web_settings)
    response = client.post(
        f"/preferences/{token}",
        data={"frequency": "daily", "language": "fr", "subscribed": "1"},
        headers={"origin": "https://evil.example"},
    )
    assert response.status_code == 403
    unsubscribe = _token(db, people.alice_id, web_settings)  # another purpose's token
    assert client.get(f"/preferences/{unsubscribe}").status_code == 404
    assert client.get(f"/unsubscribe/{token}").status_code == 404
    with read_session(db.engine) as session:
        assert session.get(Contact, people.alice_id).frequency == "weekly"
