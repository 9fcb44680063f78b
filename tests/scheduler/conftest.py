"""The scheduler creates two tables outside Alembic; drop them after each test. A loopback
site with the crawlers' fixture feed, for the crawl jobs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import Database
from tests.crawlers.loopback import LoopbackSite
from tests.ops.support import drop_ops_tables


@pytest.fixture
def ops_db(db: Database) -> Iterator[Database]:
    drop_ops_tables(db.engine)
    yield db
    drop_ops_tables(db.engine)


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    """The crawlers' fixture feed at /feed.xml, served on loopback."""
    server = LoopbackSite().start()
    try:
        server.add_file("/feed.xml", "feed.xml")
        yield server
    finally:
        server.stop()
