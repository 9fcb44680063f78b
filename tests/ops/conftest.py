"""The scheduler creates two tables outside Alembic; drop them after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import Database
from tests.ops.support import drop_ops_tables


@pytest.fixture
def ops_db(db: Database) -> Iterator[Database]:
    drop_ops_tables(db.engine)
    yield db
    drop_ops_tables(db.engine)
