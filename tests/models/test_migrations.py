"""Alembic: upgrade, downgrade one step, upgrade again; models and migrations agree."""

from __future__ import annotations

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
        return
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
