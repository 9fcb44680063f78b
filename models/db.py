"""Engines, sessions and migrations, the same on SQLite and PostgreSQL.

SQLite gets WAL, foreign keys, a busy timeout, and ``BEGIN IMMEDIATE`` for write
transactions (a deferred transaction that later writes can fail with "database is locked"
under concurrency instead of waiting its turn); reads keep deferred transactions so they
never queue behind writers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000
_WRITE_OPTION = "fundwatch_write"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite files get their folder created and their pragmas set."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {}).setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, issue BEGIN, so we can choose IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(_WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading; closed (its transaction ended) at the end, objects kept loaded."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One write transaction (BEGIN IMMEDIATE on SQLite): committed, or rolled back on error."""
    with Session(engine, expire_on_commit=False) as session:
        session.connection(execution_options={_WRITE_OPTION: True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def begin_write(session: Session) -> None:
    """Start a new write transaction on an existing session (after a commit)."""
    session.connection(execution_options={_WRITE_OPTION: True})


# -- migrations ---------------------------------------------------------------------------------

# Tables that belong to other software sharing the database (APScheduler's job store, locks).
FOREIGN_TABLES = {"apscheduler_jobs", "fundwatch_locks"}
# Dialect-specific indexes written by hand in migrations (0003), not declared on the models.
MIGRATION_ONLY_INDEXES = {
    "ix_calls_listing",
    *(f"ix_calls_gin_{c}" for c in ("themes", "countries", "applicant_types")),
    "ix_calls_search",
}
# The full-text search of calls (0004): SQLite's FTS5 table (and the shadow tables FTS5 makes,
# calls_search_data, ...) and PostgreSQL's generated tsvector column.
SEARCH_TABLE = "calls_search"
MIGRATION_ONLY_COLUMNS = {("calls", "search_vector")}


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """What Alembic autogenerate compares: our models, not other software's tables, nor the
    dialect-specific objects written by hand in migrations."""
    if type_ == "table":
        return name not in FOREIGN_TABLES and not (name or "").startswith(SEARCH_TABLE)
    if type_ == "column":
        return (getattr(obj.table, "name", None), name) not in MIGRATION_ONLY_COLUMNS
    return not (type_ == "index" and name in MIGRATION_ONLY_INDEXES)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["fundwatch_url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


@cache
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def ensure_schema(url: str) -> Engine:
    """The engine for `url`, with the schema migrated to head (commands that need it call this)."""
    engine = _engine_for(url)
    if current_revision(engine) != head_revision():
        upgrade(url)
    return engine
