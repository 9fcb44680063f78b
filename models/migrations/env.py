"""Alembic environment: metadata and URL come from fundwatch, not from an ini file."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection, event

import models  # noqa: F401  (registers every table on the metadata)
from models.base import Base
from models.db import include_object, make_engine

config = context.config
target_metadata = Base.metadata


def _sqlite_foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    if connection.dialect.name == "sqlite":
        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"foreign key check failed after migration: {problems[:5]}")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    url = config.attributes.get("fundwatch_url") or config.get_main_option("sqlalchemy.url")
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        # Batch migrations rebuild tables (copy, drop, rename); with foreign keys on, the DROP
        # would cascade-delete the rows that point at the table. Checked after the migration.
        event.listen(engine, "connect", _sqlite_foreign_keys_off)
    try:
        with engine.connect() as conn:
            _configure(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
