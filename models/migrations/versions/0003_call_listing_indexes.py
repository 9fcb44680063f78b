"""call listing indexes: a covering index on SQLite, partial and GIN indexes on PostgreSQL

The calls list filters on status, hidden, deadline and the JSON tag lists. On SQLite every
filter column sits after the long description columns, so reading any of them walks the
row's overflow pages: a covering index lets the count and page queries read the index only.
On PostgreSQL a partial index serves the deadline order and GIN (jsonb_path_ops) indexes
serve tag containment. These indexes are dialect-specific, so they live in this migration
only (models/migrations/env.py keeps them out of the autogenerate comparison).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GIN_COLUMNS = ("themes", "countries", "applicant_types")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE INDEX ix_calls_listing ON calls (hidden, status, next_deadline, id, "
            "funding_type, language, themes, countries, applicant_types)"
        )
        op.execute("ANALYZE")
    elif dialect == "postgresql":
        op.execute(
            "CREATE INDEX ix_calls_listing ON calls (status, next_deadline, id) WHERE NOT hidden"
        )
        for column in GIN_COLUMNS:
            op.execute(
                f"CREATE INDEX ix_calls_gin_{column} ON calls USING gin ({column} jsonb_path_ops)"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP INDEX IF EXISTS ix_calls_listing")
    if dialect == "postgresql":
        for column in GIN_COLUMNS:
            op.execute(f"DROP INDEX IF EXISTS ix_calls_gin_{column}")
