"""Signed unsubscribe and preferences tokens, and their verification for the web app."""

from __future__ import annotations

from datetime import UTC, datetime

from models.db import read_session, write_session
from notifier import tokens
from tests.notifier.conftest import make_participant

KEY = "k" * 40


def test_a_token_verifies_for_its_contact_and_purpose_only() -> None:
    token = tokens.make_token(contact_id=12, email="A@x.org", purpose="unsubscribe", secret_key=KEY)
    assert tokens.token_contact_id(token) == 12
    good = {"contact_id": 12, "email": "a@x.org", "secret_key": KEY}
    assert tokens.check_token(token, purpose="unsubscribe", **good)
    assert not tokens.check_token(token, purpose="preferences", **good)
    assert not tokens.check_token(token, purpose="unsubscribe", **{**good, "contact_id": 13})
    assert not tokens.check_token(token, purpose="unsubscribe", **{**good, "email": "b@x.org"})
    assert not tokens.check_token(token, purpose="unsubscribe", **{**good, "secret_key": "j" * 40})


def test_forged_and_malformed_tokens_are_refused() -> None:
    token = tokens.make_token(contact_id=5, email="a@x.org", purpose="unsubscribe", secret_key=KEY)
    forged = "6" + token[1:]
    assert tokens.token_contact_id("nonsense") is None
    assert tokens.token_contact_id("12.") is None
    args = {"email": "a@x.org", "purpose": "unsubscribe", "secret_key": KEY}
    assert not tokens.check_token(forged, contact_id=6, **args)
    assert not tokens.check_token(
        token[:-1] + ("A" if token[-1] != "A" else "B"), contact_id=5, **args
    )


def test_links_carry_the_token_under_base_url() -> None:
    assert tokens.link("https://fw.example.org/", "unsubscribe", "3.abc-_") == (
        "https://fw.example.org/unsubscribe/3.abc-_"
    )


def test_contact_for_token_and_one_click_unsubscribe(db) -> None:
    with write_session(db.engine) as session:
        contact = make_participant(session, email="eve@example.org").contacts[0]
    token = tokens.make_token(
        contact_id=contact.id, email=contact.email, purpose="unsubscribe", secret_key=KEY
    )
    with read_session(db.engine) as session:
        found = tokens.contact_for_token(
            session=session, token=token, purpose="unsubscribe", secret_key=KEY
        )
        assert found is not None and found.email == "eve@example.org"
        assert (
            tokens.contact_for_token(
                session=session, token=token, purpose="preferences", secret_key=KEY
            )
            is None
        )
        assert (
            tokens.contact_for_token(
                session=session, token="999.abc", purpose="unsubscribe", secret_key=KEY
            )
            is None
        )
    first = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    for when in (first, datetime(2026, 11, 24, 9, 0, tzinfo=UTC)):
        with write_session(db.engine) as session:
            done = tokens.unsubscribe_by_token(
                session=session, token=token, secret_key=KEY, now=when
            )
            assert done is not None
    with read_session(db.engine) as session:
        again = tokens.contact_for_token(
            session=session, token=token, purpose="unsubscribe", secret_key=KEY
        )
        assert again is not None and again.unsubscribed_at == first
        assert not again.receives_digests
