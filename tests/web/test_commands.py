"""`fundwatch admin add`, `fundwatch tokens create`, `fundwatch serve --help`."""

from __future__ import annotations

from sqlalchemy import select

from models.account import AdminUser, ApiToken, secret_hash
from models.db import read_session


def test_admin_add_makes_an_admin_once(run_cli, db) -> None:
    result = run_cli("admin", "add", "Taskforce@Alliance.example.org")
    assert result.exit_code == 0 and "is now an admin" in result.output
    again = run_cli("admin", "add", "taskforce@alliance.example.org")
    assert again.exit_code == 0 and "already" in again.output
    with read_session(db.engine) as session:
        assert session.scalars(select(AdminUser.email)).all() == ["taskforce@alliance.example.org"]


def test_admin_add_refuses_a_non_address(run_cli) -> None:
    result = run_cli("admin", "add", "not-an-address")
    assert result.exit_code == 2 and "not an email address" in result.stderr


def test_tokens_create_prints_the_token_once_and_stores_its_hash(run_cli, db) -> None:
    result = run_cli("tokens", "create", "--admin", "--name", "ci")
    token = result.output.strip()
    assert result.exit_code == 0 and token.startswith("fw_") and len(token) > 40
    with read_session(db.engine) as session:
        row = session.scalars(select(ApiToken)).one()
    assert row.token_hash == secret_hash(token) and row.is_admin and row.name == "ci"
