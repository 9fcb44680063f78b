"""Web test fixtures: the app on the `db` fixture, an httpx client wired straight into it,
pinned time, and named personas.

Personas (each is a real row, made per test):
- alice: a member, contact of Cluj-Napoca (RO, local authority), reads English;
- bob: a member, contact of Marseille (FR, local authority), reads French;
- admin: a Taskforce member with the admin role and no member profile.
"""

from __future__ import annotations

import email
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import time_machine
from fastapi import FastAPI
from sqlalchemy import select

with warnings.catch_warnings():
    # Starlette asks for the httpx2 fork in its TestClient; httpx is what the project uses.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from models.db import write_session
from models.digest import OutboxMessage
from models.settings import Settings
from tests.conftest import Database
from tests.web.factories import EPOCH, make_admin, make_participant
from web.app import create_app
from web.security import origin_of

ALICE = "alice@cluj.example.ro"
BOB = "bob@marseille.example.fr"
ADMIN = "taskforce@alliance.example.org"
# For tests of pure form checks, which do not depend on the database: run them once.
SQLITE_ONLY = pytest.mark.parametrize("db", ["sqlite"], indirect=True)
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/web/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.filterwarnings("ignore:Using `httpx`"))


@pytest.fixture(autouse=True)
def pinned_time() -> Iterator[None]:
    with time_machine.travel(EPOCH, tick=True):
        yield


@pytest.fixture
def web_settings(db: Database, tmp_path: Path) -> Settings:
    return db.settings(tmp_path)


@pytest.fixture
def app(db: Database, web_settings: Settings) -> FastAPI:
    return create_app(web_settings, engine=db.engine)


def make_client(app: FastAPI, settings: Settings, **headers: str) -> TestClient:
    return TestClient(app, base_url=settings.base_url, headers=headers, follow_redirects=False)


@pytest.fixture
def client(app: FastAPI, web_settings: Settings) -> Iterator[TestClient]:
    """A browser-like client: it sends our Origin, as browsers do on form posts."""
    with make_client(app, web_settings, origin=origin_of(web_settings.base_url)) as c:
        yield c


@dataclass
class People:
    alice_id: int
    alice_participant_id: int
    bob_id: int
    bob_participant_id: int
    alice: str = ALICE
    bob: str = BOB
    admin: str = ADMIN


@pytest.fixture
def people(db: Database) -> People:
    with write_session(db.engine) as session:
        alice = make_participant(
            session, email=ALICE, name="Cluj-Napoca", country="RO", public_id="cluj", language="en"
        )
        bob = make_participant(
            session,
            email=BOB,
            name="Marseille",
            country="FR",
            public_id="marseille",
            language="fr",
            languages=["fr"],
            themes=["education"],
            profile="Ville portuaire.",
        )
        make_admin(session, ADMIN)
        return People(alice.id, alice.participant_id, bob.id, bob.participant_id)


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def login_links(db: Database, recipient: str) -> list[str]:
    """The magic links mailed to `recipient`, oldest first (read from the outbox rows)."""
    with write_session(db.engine) as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.kind == "login", OutboxMessage.recipient == recipient)
            .order_by(OutboxMessage.id)
        ).all()
        out = []
        for row in rows:
            message = email.message_from_bytes(row.content)
            body = message.get_payload(decode=True).decode()
            out.append(re.search(r"https?://\S+/login/\S+", body).group(0))
        return out


def ask_link(client: TestClient, address: str, **kwargs: Any) -> Any:
    page = client.get("/login")
    return client.post(
        "/login", data={"email": address, "csrf_token": csrf_of(page.text)}, **kwargs
    )


def spend_link(client: TestClient, link: str) -> Any:
    path = "/login/" + link.rsplit("/login/", 1)[1]
    page = client.get(path)
    assert page.status_code == 200, page.text
    return client.post(path, data={"csrf_token": csrf_of(page.text)})


def log_in(client: TestClient, db: Database, address: str) -> None:
    """The whole magic-link login, as a member does it."""
    assert ask_link(client, address).status_code == 200
    response = spend_link(client, login_links(db, address)[-1])
    assert response.status_code == 303 and response.headers["location"] == "/account"


@dataclass
class Visitor:
    """A logged-in browser-like client and its form token."""

    client: TestClient
    token: str

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """A form post with the CSRF token (unless `data` brings its own)."""
        return self.client.post(path, data={"csrf_token": self.token, **(data or {})}, **kwargs)


@dataclass
class Visitors:
    """alice and bob (members of two participants), admin (Taskforce, no member profile)
    and anon (nobody logged in), each with its own cookies."""

    alice: Visitor
    bob: Visitor
    admin: Visitor
    anon: Visitor

    def members_and_admin(self) -> list[tuple[str, Visitor]]:
        return [("alice", self.alice), ("bob", self.bob), ("admin", self.admin)]


def session_for(client: TestClient, db: Database, settings: Settings, address: str) -> Visitor:
    """Log `client` in as `address` by opening its server-side session directly (the
    magic-link flow itself is tested in test_login.py); the visitor with its form token."""
    from web.auth import start_session
    from web.clock import now
    from web.security import SESSION_COOKIE, cookie_name

    with write_session(db.engine) as session:
        started = start_session(session=session, email=address, now=now(), previous_hash=None)
        assert started is not None, address
        session_id, row = started
        token = row.csrf_token
    client.cookies.set(cookie_name(settings, SESSION_COOKIE), session_id)
    return Visitor(client, token)


@pytest.fixture
def visitors(
    app: FastAPI, web_settings: Settings, db: Database, people: People
) -> Iterator[Visitors]:
    origin = {"origin": origin_of(web_settings.base_url)}
    with (
        make_client(app, web_settings, **origin) as alice,
        make_client(app, web_settings, **origin) as bob,
        make_client(app, web_settings, **origin) as admin,
        make_client(app, web_settings, **origin) as anon,
    ):
        yield Visitors(
            session_for(alice, db, web_settings, people.alice),
            session_for(bob, db, web_settings, people.bob),
            session_for(admin, db, web_settings, people.admin),
            Visitor(anon, csrf_of(anon.get("/login").text)),
        )


def outbox(db: Database, *, kind: str | None = None, recipient: str | None = None) -> list[Any]:
    """Outbox rows (oldest first), by kind and recipient when given."""
    with write_session(db.engine) as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        if recipient is not None:
            query = query.where(OutboxMessage.recipient == recipient)
        return list(session.scalars(query))


def mail_text(row: Any) -> str:
    """The text of an outbox message (every part that is text), decoded."""
    message = email.message_from_bytes(row.content)
    parts = message.walk() if message.is_multipart() else [message]
    return "\n".join(
        part.get_payload(decode=True).decode()
        for part in parts
        if part.get_content_maintype() == "text"
    )


# -- a real server on loopback (browser and schemathesis tests) -----------------------------------


@dataclass
class LiveServer:
    url: str
    settings: Settings
    db: Database


@pytest.fixture
def live_server(db: Database, tmp_path: Path) -> Iterator[LiveServer]:
    """uvicorn serving the app on 127.0.0.1 and a free port, in a thread of this process."""
    import socket
    import threading
    import time

    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # the port is ours from here: no race with another test
    port = sock.getsockname()[1]
    settings = db.settings(tmp_path, base_url=f"http://127.0.0.1:{port}")
    app = create_app(settings, engine=db.engine)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(settings.base_url, settings, db)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
