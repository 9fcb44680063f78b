"""call search: full-text index of calls' titles and descriptions

SQLite: an FTS5 table `calls_search` over `calls` (external content: the text stays in
`calls` only), tokenised by unicode61 with diacritics removed ("egalite" finds "égalité"),
kept in step by three triggers, and filled once here.

PostgreSQL: a stored generated tsvector column `calls.search_vector` ('simple' configuration:
no stemming, the calls are in many languages) with a GIN index. Its text goes through
`fundwatch_search_text()`: accents removed by the unaccent extension when it can be
installed (it is a trusted extension from PostgreSQL 13: the database owner may create it),
else left as they are; and the punctuation inside compound tokens (hyphens, dots, slashes,
@, colons, +) turned into spaces, so both databases cut "cross-border", "CERV-2026-EQUAL"
or "1.5" into the same words.

The queries are in web/queries.py (`_text_search`). These objects are dialect-specific and
not declared on the models: models/db.py keeps them out of the autogenerate comparison.
A later SQLite migration that rebuilds the `calls` table (batch mode: copy, drop, rename)
drops these triggers with the old table and must create them again (SQLITE_TRIGGERS).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import logging
from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

# Text beyond this many characters is not indexed on PostgreSQL: a tsvector holds at most
# 1 MB, and an insert whose vector would not fit would fail.
PG_MAX_TEXT = 200_000
# Punctuation that PostgreSQL's parser keeps inside one token (hyphenated words, hosts,
# e-mail addresses, file paths, versions, signed numbers); FTS5 splits on all of them.
PG_JOINERS = "-./@:+_"

SQLITE_TRIGGERS = (
    """CREATE TRIGGER calls_search_insert AFTER INSERT ON calls BEGIN
        INSERT INTO calls_search (rowid, title, description_text)
        VALUES (new.id, new.title, new.description_text);
    END""",
    """CREATE TRIGGER calls_search_delete AFTER DELETE ON calls BEGIN
        INSERT INTO calls_search (calls_search, rowid, title, description_text)
        VALUES ('delete', old.id, old.title, old.description_text);
    END""",
    """CREATE TRIGGER calls_search_update AFTER UPDATE OF title, description_text ON calls
    BEGIN
        INSERT INTO calls_search (calls_search, rowid, title, description_text)
        VALUES ('delete', old.id, old.title, old.description_text);
        INSERT INTO calls_search (rowid, title, description_text)
        VALUES (new.id, new.title, new.description_text);
    END""",
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _upgrade_sqlite()
    elif dialect == "postgresql":
        _upgrade_postgresql()


def _upgrade_sqlite() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE calls_search USING fts5(title, description_text, "
        "content='calls', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    for trigger in SQLITE_TRIGGERS:
        op.execute(trigger)
    op.execute("INSERT INTO calls_search (calls_search) VALUES ('rebuild')")


def _unaccent_schema() -> str | None:
    """The schema of the unaccent extension, installing it if we may; None when we cannot."""
    conn = op.get_bind()
    find = (
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'"
    )
    schema = conn.exec_driver_sql(find).scalar()
    if schema is not None:
        return str(schema)
    conn.exec_driver_sql("SAVEPOINT fundwatch_unaccent")
    try:
        conn.exec_driver_sql("CREATE EXTENSION unaccent")
    except Exception as exc:  # not installed on the server, or not allowed: go without
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT fundwatch_unaccent")
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        log.warning("unaccent extension unavailable (%s): search keeps accents", first_line)
        return None
    conn.exec_driver_sql("RELEASE SAVEPOINT fundwatch_unaccent")
    found = conn.exec_driver_sql(find).scalar()
    return str(found) if found is not None else None


def _upgrade_postgresql() -> None:
    schema = _unaccent_schema()
    value = "value"
    if schema is not None:  # the two-argument form (dictionary named) is immutable
        value = f'"{schema}".unaccent(\'"{schema}".unaccent\'::regdictionary, value)'
    blanks = " " * len(PG_JOINERS)
    op.execute(
        "CREATE FUNCTION fundwatch_search_text(value text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
        f"AS $$ SELECT translate({value}, '{PG_JOINERS}', '{blanks}') $$"
    )
    op.execute(
        "ALTER TABLE calls ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, fundwatch_search_text("
        f"left(coalesce(title, '') || ' ' || coalesce(description_text, ''), {PG_MAX_TEXT})"
        "))) STORED"
    )
    op.execute("CREATE INDEX ix_calls_search ON calls USING gin (search_vector)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS calls_search_{name}")
        op.execute("DROP TABLE IF EXISTS calls_search")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_calls_search")
        op.execute("ALTER TABLE calls DROP COLUMN IF EXISTS search_vector")
        op.execute("DROP FUNCTION IF EXISTS fundwatch_search_text(text)")
        # The unaccent extension stays: other software in the database may use it.
