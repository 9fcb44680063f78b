"""Magic-link login, sessions and their cookies, CSRF and Origin checks."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from models.account import LoginToken, WebSession
from models.db import read_session
from models.digest import OutboxMessage
from tests.web.conftest import ask_link, csrf_of, log_in, login_links, make_client, spend_link
from tests.web.factories import EPOCH
from web.auth import MAX_LINKS_PER_EMAIL


def _count(db, model, *where) -> int:
    with read_session(db.engine) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_login_answers_the_same_for_known_and_unknown_addresses(client, db, people) -> None:
    known = ask_link(client, people.alice)
    unknown = ask_link(client, "nobody@nowhere.example")
    assert known.status_code == unknown.status_code == 200
    strip = lambda html: html.replace(csrf_of(html), "") if "csrf_token" in html else html  # noqa: E731
    assert strip(known.text) == strip(unknown.text)
    assert _count(db, OutboxMessage, OutboxMessage.recipient == people.alice) == 1
    assert _count(db, OutboxMessage, OutboxMessage.recipient == "nobody@nowhere.example") == 0


def test_login_mail_is_an_outbox_row_with_a_link_on_our_domain(
    client, db, people, web_settings
) -> None:
    ask_link(client, people.bob)
    with read_session(db.engine) as session:
        row = session.scalars(select(OutboxMessage)).one()
    assert row.kind == "login" and row.status == "queued"
    assert row.message_id.endswith(f"@{web_settings.mail_domain}>")
    text = row.content.decode()
    assert "Subject: Votre lien de connexion" in text  # bob reads French
    assert login_links(db, people.bob)[0].startswith(web_settings.base_url + "/login/")


def test_login_token_is_stored_hashed(client, db, people) -> None:
    ask_link(client, people.alice)
    token = login_links(db, people.alice)[0].rsplit("/", 1)[1]
    with read_session(db.engine) as session:
        hashes = session.scalars(select(LoginToken.token_hash)).all()
    assert token not in hashes and len(hashes) == 1


def test_the_link_get_only_shows_a_button(client, db, people) -> None:
    ask_link(client, people.alice)
    path = "/login/" + login_links(db, people.alice)[0].rsplit("/login/", 1)[1]
    for _ in range(3):  # a mail scanner following the link spends nothing
        page = client.get(path)
        assert page.status_code == 200 and "<form" in page.text
        assert page.headers["referrer-policy"] == "same-origin"
        assert page.headers["cache-control"] == "no-store"
    assert "fundwatch_session" not in client.cookies
    assert _count(db, WebSession) == 0


def test_login_logs_in_and_the_account_page_names_the_member(client, db, people) -> None:
    log_in(client, db, people.alice)
    page = client.get("/account")
    assert page.status_code == 200 and "Cluj-Napoca" in page.text


def test_a_login_link_works_once(client, db, people) -> None:
    ask_link(client, people.alice)
    link = login_links(db, people.alice)[0]
    assert spend_link(client, link).status_code == 303
    path = "/login/" + link.rsplit("/login/", 1)[1]
    assert client.get(path).status_code == 410
    assert client.post(path, data={"csrf_token": "x"}).status_code in (403, 410)
    page = client.get("/account")
    again = client.post(path, data={"csrf_token": csrf_of(page.text)})
    assert again.status_code == 410


def test_a_login_link_expires_after_15_minutes(client, db, people) -> None:
    ask_link(client, people.alice)
    link = login_links(db, people.alice)[0]
    path = "/login/" + link.rsplit("/login/", 1)[1]
    token = csrf_of(client.get(path).text)
    with time_machine.travel(EPOCH + timedelta(minutes=16), tick=False):
        assert client.get(path).status_code == 410
        assert client.post(path, data={"csrf_token": token}).status_code == 410
    assert _count(db, WebSession) == 0


def test_a_link_still_works_at_14_minutes(client, db, people) -> None:
    ask_link(client, people.alice)
    link = login_links(db, people.alice)[0]
    with time_machine.travel(EPOCH + timedelta(minutes=14), tick=False):
        assert spend_link(client, link).status_code == 303


def test_login_is_rate_limited_per_address(client, db, people) -> None:
    for _ in range(MAX_LINKS_PER_EMAIL):
        assert ask_link(client, people.alice).status_code == 200
    assert ask_link(client, people.alice).status_code == 429
    assert ask_link(client, "nobody@nowhere.example").status_code == 200
    assert len(login_links(db, people.alice)) == MAX_LINKS_PER_EMAIL
    with time_machine.travel(EPOCH + timedelta(minutes=16)):
        assert ask_link(client, people.alice).status_code == 200


def test_rate_limit_answers_the_same_for_unknown_addresses(client) -> None:
    for _ in range(MAX_LINKS_PER_EMAIL):
        assert ask_link(client, "nobody@nowhere.example").status_code == 200
    assert ask_link(client, "nobody@nowhere.example").status_code == 429


def test_login_is_rate_limited_per_client_address(client, db, people) -> None:
    from web.auth import MAX_LINKS_PER_CLIENT

    for n in range(MAX_LINKS_PER_CLIENT):
        assert ask_link(client, f"someone{n}@example.org").status_code == 200
    assert ask_link(client, people.alice).status_code == 429
    assert login_links(db, people.alice) == []


def test_unknown_addresses_never_get_a_usable_token(client, db) -> None:
    ask_link(client, "nobody@nowhere.example")
    with read_session(db.engine) as session:
        token = session.scalars(select(LoginToken)).one()
    assert token.used_at is not None


def test_an_invalid_address_is_refused_without_a_row(client, db) -> None:
    assert ask_link(client, "not an address").status_code == 400
    assert _count(db, LoginToken) == 0


# -- cookies --------------------------------------------------------------------------------------


def _set_cookie(response, name: str) -> str:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(name + "="):
            return header
    raise AssertionError(f"no Set-Cookie for {name}: {response.headers.get_list('set-cookie')}")


def test_session_cookie_over_http_drops_host_prefix_and_secure(client, db, people) -> None:
    ask_link(client, people.alice)
    response = spend_link(client, login_links(db, people.alice)[0])
    cookie = _set_cookie(response, "fundwatch_session").lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie and "domain" not in cookie


def test_session_cookie_over_https_is_host_prefixed_and_secure(app, db, tmp_path, people) -> None:
    from web.app import create_app

    settings = db.settings(tmp_path, base_url="https://fundwatch.example.org")
    https_app = create_app(settings, engine=db.engine)
    with make_client(https_app, settings, origin="https://fundwatch.example.org") as client:
        ask_link(client, people.alice)
        response = spend_link(client, login_links(db, people.alice)[0])
        cookie = _set_cookie(response, "__Host-fundwatch_session").lower()
        assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
        assert "path=/" in cookie and "domain" not in cookie
        assert client.get("/account").status_code == 200


def test_the_session_cookie_holds_only_a_random_id_stored_hashed(client, db, people) -> None:
    log_in(client, db, people.alice)
    session_id = client.cookies["fundwatch_session"]
    with read_session(db.engine) as session:
        stored = session.scalars(select(WebSession.session_hash)).all()
    assert session_id not in stored and len(session_id) >= 40


def test_login_rotates_the_session(client, db, people) -> None:
    log_in(client, db, people.alice)
    first = client.cookies["fundwatch_session"]
    log_in(client, db, people.bob)
    second = client.cookies["fundwatch_session"]
    assert first != second
    # The first id is dead even if someone kept it.
    with make_client(client.app, client.app.state.settings) as other:
        other.cookies.set("fundwatch_session", first)
        assert other.get("/account").status_code == 303
    assert "Marseille" in client.get("/account").text


def test_logout_revokes_the_session(client, db, people) -> None:
    log_in(client, db, people.alice)
    session_id = client.cookies["fundwatch_session"]
    page = client.get("/account")
    response = client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    assert response.status_code == 303
    assert client.get("/account").status_code == 303
    with make_client(client.app, client.app.state.settings) as other:
        other.cookies.set("fundwatch_session", session_id)
        assert other.get("/account").status_code == 303
    with read_session(db.engine) as session:
        assert session.scalars(select(WebSession.revoked_at)).one() is not None


def test_sessions_expire(client, db, people) -> None:
    log_in(client, db, people.alice)
    with time_machine.travel(EPOCH + timedelta(days=15)):
        assert client.get("/account").status_code == 303


def test_account_needs_a_login(client) -> None:
    response = client.get("/account")
    assert response.status_code == 303 and response.headers["location"] == "/login"


# -- CSRF and Origin ------------------------------------------------------------------------------


def test_a_post_from_another_origin_is_refused(client, db, people) -> None:
    log_in(client, db, people.alice)
    token = csrf_of(client.get("/account").text)
    response = client.post(
        "/account/preferences",
        data={"csrf_token": token, "frequency": "daily", "language": "en"},
        headers={"origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_a_post_without_origin_or_referer_is_refused(app, web_settings, db, people) -> None:
    with make_client(app, web_settings) as client:
        page = client.get("/login")
        response = client.post(
            "/login", data={"email": people.alice, "csrf_token": csrf_of(page.text)}
        )
        assert response.status_code == 403
        ok = client.post(
            "/login",
            data={"email": people.alice, "csrf_token": csrf_of(page.text)},
            headers={"referer": web_settings.base_url + "/login"},
        )
        assert ok.status_code == 200


def test_a_post_without_the_csrf_token_is_refused(client, db, people) -> None:
    log_in(client, db, people.alice)
    response = client.post("/account/preferences", data={"frequency": "daily", "language": "en"})
    assert response.status_code == 403
    assert "did not come from this site" in response.text


def test_a_csrf_token_of_another_session_is_refused(client, app, web_settings, db, people) -> None:
    log_in(client, db, people.alice)
    with make_client(app, web_settings, origin=web_settings.base_url) as bobs:
        log_in(bobs, db, people.bob)
        bob_token = csrf_of(bobs.get("/account").text)
    response = client.post(
        "/account/preferences",
        data={"csrf_token": bob_token, "frequency": "daily", "language": "en"},
    )
    assert response.status_code == 403


def test_the_login_form_needs_its_csrf_token(client, people) -> None:
    client.get("/login")
    response = client.post("/login", data={"email": people.alice, "csrf_token": "forged"})
    assert response.status_code == 403


def test_logout_needs_the_csrf_token(client, db, people) -> None:
    log_in(client, db, people.alice)
    assert client.post("/logout", data={}).status_code == 403
    assert client.get("/account").status_code == 200


def test_an_admin_logs_in_by_magic_link(client, db, people) -> None:
    log_in(client, db, people.admin)
    page = client.get("/account")
    assert page.status_code == 200
    assert "Taskforce" in page.text and "no member profile" in page.text
