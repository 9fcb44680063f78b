"""Alembic: upgrade, downgrade one step, upgrade again; models and migrations agree."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from models.base import Base
from models.db import current_revision, downgrade, head_revision, include_object, upgrade


def test_upgrade_downgrade_upgrade(db) -> None:
    assert current_revision(db.engine) == head_revision()
    downgrade(db.url, "-1")
    upgrade(db.url)
    assert current_revision(db.engine) == head_revision()
    assert {"calls", "sources", "participants", "outbox"} <= set(
        inspect(db.engine).get_table_names()
    )


def test_models_and_migrations_agree(db) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_runs_with_wal_and_foreign_keys(db) -> None:
    if db.name != "sqlite":
        pytest.skip("a SQLite behaviour")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_sqlite_write_sessions_take_the_write_lock_at_begin(db) -> None:
    # BEGIN IMMEDIATE: a write transaction holds the lock from its first statement, so a
    # concurrent writer waits its turn instead of failing later with "database is locked".
    import sqlite3

    from sqlalchemy import select

    from models.db import read_session, write_session

    if db.name != "sqlite":
        pytest.skip("a SQLite behaviour")
    path = db.url.removeprefix("sqlite:///")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with write_session(db.engine) as session:
            session.execute(select(1))  # a read only: a deferred BEGIN would hold no lock yet
            try:
                other.execute("BEGIN IMMEDIATE")
                locked = False
            except sqlite3.OperationalError as exc:
                locked = "locked" in str(exc)
        assert locked
        with read_session(db.engine) as session:
            session.execute(select(1))
            other.execute("BEGIN IMMEDIATE")  # reads take no write lock
            other.execute("ROLLBACK")
    finally:
        other.close()
