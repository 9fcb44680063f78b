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


def _search_objects(db) -> set[str]:
    """The hand-written search objects of migration 0004 present in the database."""
    with db.engine.connect() as conn:
        if db.name == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE name LIKE 'calls_search%'"
        else:
            sql = (
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'calls' "
                "AND column_name = 'search_vector' UNION SELECT indexname FROM pg_indexes "
                "WHERE indexname = 'ix_calls_search' UNION SELECT proname FROM pg_proc "
                "WHERE proname = 'fundwatch_search_text'"
            )
        return {row[0] for row in conn.exec_driver_sql(sql)}


def test_call_search_index_covers_calls_stored_before_it(db) -> None:
    # A fresh database gets the search index; an upgrade indexes the calls already there.
    from models.db import write_session
    from tests.web.factories import TODAY, make_call
    from web import queries
    from web.filters import CallFilters

    assert len(_search_objects(db)) >= 3
    downgrade(db.url, "0003")
    assert _search_objects(db) == set()
    with write_session(db.engine) as session:  # the model has no search column: fits 0003
        make_call(session, public_id="OLD-1", title="Médiateurs", description_text="Déjà là.")
    upgrade(db.url)
    with write_session(db.engine) as session:
        found = queries.list_calls(
            session=session, filters=CallFilters(q="mediateurs DEJA"), today=TODAY
        )
    assert [call.public_id for call in found.items] == ["OLD-1"]
