"""Public sign-up: unconfirmed until the emailed link is spent; the same answer for every
address; rate limited with the logins; consent recorded with its time."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from models.db import read_session, write_session
from models.participant import Contact, Participant
from tests.web.conftest import SQLITE_ONLY, csrf_of, login_links, mail_text, outbox, spend_link
from tests.web.factories import EPOCH
from web.privacy import suppress

NEW = "ana@brasov.example.ro"
SIGNUP = {
    "name": "Municipiul Brașov",
    "country": "RO",
    "applicant_type": "local-authority",
    "themes": ["housing", "education"],
    "email": NEW,
    "language": "fr",
    "frequency": "monthly",
    "consent": "1",
}


def _sign_up(client, **changes):
    page = client.get("/signup")
    assert page.status_code == 200
    return client.post("/signup", data={**SIGNUP, **changes, "csrf_token": csrf_of(page.text)})


def _participants(db) -> int:
    with read_session(db.engine) as session:
        return session.scalar(select(func.count()).select_from(Participant))


def _contact(db, email: str) -> Contact | None:
    with read_session(db.engine) as session:
        return session.scalar(select(Contact).where(Contact.email == email))


def _confirm_link(db, email: str) -> str:
    rows = outbox(db, kind="signup", recipient=email)
    assert rows, "no confirmation mail"
    return re.search(r"https?://\S+/signup/confirm/\S+", mail_text(rows[-1])).group(0)


def test_a_sign_up_is_stored_unconfirmed_and_mailed_a_confirmation_link(client, db) -> None:
    response = _sign_up(client)
    assert response.status_code == 200 and "Check your inbox" in response.text
    contact = _contact(db, NEW)
    assert (contact.confirmed, contact.confirmed_at, contact.consent_at) == (False, None, None)
    assert (contact.language, contact.frequency) == ("fr", "monthly")
    with read_session(db.engine) as session:
        participant = session.get(Participant, contact.participant_id)
        assert participant.name == "Municipiul Brașov" and participant.country == "RO"
        assert participant.themes == ["education", "housing"]
        assert participant.public_id.startswith("municipiul-brasov-")
    mail = outbox(db, kind="signup", recipient=NEW)
    assert len(mail) == 1 and "Confirmez votre adresse" in mail[0].subject


def test_the_confirmation_link_confirms_records_consent_and_logs_in(client, db) -> None:
    _sign_up(client)
    path = "/signup/confirm/" + _confirm_link(db, NEW).rsplit("/signup/confirm/", 1)[1]
    page = client.get(path)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert _contact(db, NEW).confirmed is False  # a GET (a mail scanner) changes nothing
    response = client.post(path, data={"csrf_token": csrf_of(page.text)})
    assert response.status_code == 303 and response.headers["location"] == "/account?welcome=1"
    contact = _contact(db, NEW)
    assert contact.confirmed is True
    assert (
        contact.confirmed_at == contact.consent_at and abs(contact.consent_at - EPOCH).seconds < 60
    )
    assert "Municipiul Brașov" in client.get("/account?welcome=1").text
    again = client.post(path, data={"csrf_token": csrf_of(client.get("/account").text)})
    assert again.status_code == 410  # single use


def test_an_unconfirmed_sign_up_cannot_log_in(client, db) -> None:
    _sign_up(client)
    page = client.get("/login")
    client.post("/login", data={"email": NEW, "csrf_token": csrf_of(page.text)})
    assert login_links(db, NEW) == []


@SQLITE_ONLY
@pytest.mark.parametrize("who", ["member", "admin", "unconfirmed", "erased"])
def test_the_answer_is_the_same_whoever_owns_the_address(client, db, people, who) -> None:
    address = {"member": people.alice, "admin": people.admin}.get(who, NEW)
    if who == "unconfirmed":
        _sign_up(client, name="First answers")
    if who == "erased":
        with write_session(db.engine) as session:
            suppress(session, NEW, reason="erased", now=EPOCH)
    before = _participants(db)
    response = _sign_up(client, email=address, name="Someone else")
    assert response.status_code == 200 and "Check your inbox" in response.text
    assert _participants(db) == before  # nothing new, nothing rewritten
    with read_session(db.engine) as session:
        names = set(session.scalars(select(Participant.name)))
    assert "Someone else" not in names
    if who in ("member", "admin"):
        assert len(login_links(db, address)) == 1  # a login link instead
    elif who == "unconfirmed":
        assert len(outbox(db, kind="signup", recipient=NEW)) == 2 and "First answers" in names
    else:
        assert outbox(db, recipient=NEW) == []


# Form checks do not depend on the database: SQLite only.
@SQLITE_ONLY
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "  "),
        ("country", "ZZ"),
        ("applicant_type", "dragon"),
        ("themes", []),
        ("email", "not-an-address"),
        ("consent", None),
    ],
)
def test_a_bad_sign_up_is_shown_next_to_its_field_and_creates_nothing(
    client, db, field, value
) -> None:
    changes = {field: value} if value is not None else {}
    page = client.get("/signup")
    data = {**SIGNUP, **changes, "csrf_token": csrf_of(page.text)}
    if value is None:
        del data[field]
    response = client.post("/signup", data=data)
    assert response.status_code == 400 and 'class="field-error"' in response.text
    assert _participants(db) == 0 and outbox(db) == []


def test_sign_ups_are_rate_limited_with_the_logins(client, db) -> None:
    for _ in range(3):
        page = client.get("/login")
        client.post("/login", data={"email": NEW, "csrf_token": csrf_of(page.text)})
    assert _sign_up(client).status_code == 200
    assert _sign_up(client).status_code == 200
    limited = _sign_up(client)
    assert limited.status_code == 429
    assert len(outbox(db, kind="signup", recipient=NEW)) == 2


def test_sign_up_and_login_links_are_not_interchangeable(client, db, people) -> None:
    _sign_up(client)
    signup_token = _confirm_link(db, NEW).rsplit("/", 1)[1]
    assert client.get(f"/login/{signup_token}").status_code == 410
    page = client.get("/login")
    client.post("/login", data={"email": people.alice, "csrf_token": csrf_of(page.text)})
    login_token = login_links(db, people.alice)[-1].rsplit("/", 1)[1]
    assert client.get(f"/signup/confirm/{login_token}").status_code == 410
    response = spend_link(client, login_links(db, people.alice)[-1])
    assert response.status_code == 303  # the login link still works where it belongs


def test_the_sign_up_form_needs_our_origin_and_token(app, web_settings, db) -> None:
    from tests.web.conftest import make_client

    with make_client(app, web_settings, origin="https://evil.example") as other:
        page = other.get("/signup")
        response = other.post("/signup", data={**SIGNUP, "csrf_token": csrf_of(page.text)})
        assert response.status_code == 403
    with make_client(app, web_settings, origin=web_settings.base_url) as ours:
        assert ours.post("/signup", data=SIGNUP).status_code == 403
    assert _participants(db) == 0


def test_sign_ups_never_confirmed_are_purged_after_a_week(client, db, people) -> None:
    from datetime import timedelta

    from web.signup import purge_unconfirmed_signups

    _sign_up(client)
    with write_session(db.engine) as session:
        assert purge_unconfirmed_signups(session, now=EPOCH + timedelta(days=6)) == 0
    with write_session(db.engine) as session:
        assert purge_unconfirmed_signups(session, now=EPOCH + timedelta(days=8)) == 1
    assert _contact(db, NEW) is None
    assert _participants(db) == 2  # alice's and bob's stay (confirmed)
