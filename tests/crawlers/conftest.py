"""Crawler test fixtures: a web site on loopback, sources, crawls in child processes.

- `site`: fixture files over real HTTP on 127.0.0.1 (ETag, Last-Modified, 304s, faults).
- `add_source(db, **entry)`: a Source row from a sources-file entry.
- `crawl(db, *keys)`: crawl sources the way `fundwatch crawl` does (a process each), with
  the day pinned to EPOCH, short timeouts, and no politeness delays.
- `frozen`: time pinned to EPOCH in this process (time_machine), for in-process tests.
- `offline`: run a spider's parsing in this process, fetching each request from the site
  over HTTP (no reactor), then the pipeline steps up to the CallRecord.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Database
from tests.crawlers.loopback import LoopbackSite

EPOCH = date(2026, 11, 20)
EPOCH_TIME = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
# Test crawls: no delays, short timeouts, one retry, no classifying process after them (its
# model loads slowly; test_classify.py turns it on, the classifier has its own suite).
TEST_SCRAPY_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_TIMEOUT": 2,
    "RETRY_TIMES": 1,
    "AUTOTHROTTLE_ENABLED": False,
    "FUNDWATCH_RETRY_AFTER_MAX": 5,
    "FUNDWATCH_CLASSIFY": False,
    "LOG_LEVEL": "INFO",
}


@contextmanager
def unix_sockets() -> Iterator[None]:
    """Crawls are forked from a fork server reached through a Unix socket: allow those (a
    Unix socket never leaves the machine); every other connection stays loopback-only."""
    import socket

    guarded = socket.socket.connect

    def connect(sock: socket.socket, *args: Any) -> Any:
        if sock.family == getattr(socket, "AF_UNIX", None):
            from pytest_socket import _true_connect

            return _true_connect(sock, *args)
        return guarded(sock, *args)

    socket.socket.connect = connect  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = guarded  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def unix_sockets_allowed() -> Iterator[None]:
    with unix_sockets():
        yield


@pytest.fixture
def sqlite_db(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    """An empty, migrated SQLite database only: for behaviours that do not depend on the
    database (HTTP, politeness, faults), so the slow crawl processes run once, not twice."""
    yield from _sqlite_copy(tmp_path / "crawl.db", sqlite_template)


def _sqlite_copy(path: Path, template: Path) -> Iterator[Database]:
    from models.db import make_engine

    shutil.copyfile(template, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    yield Database("sqlite", url, engine)
    engine.dispose()


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    server = LoopbackSite().start()
    yield server
    server.stop()


@pytest.fixture
def frozen() -> Iterator[None]:
    import time_machine

    with time_machine.travel(EPOCH_TIME, tick=False):
        yield


def source_entry(**entry: Any) -> Any:
    from crawlers.sourcefile import SourceEntry

    values = {"name": entry.get("key", "test"), "language": "en", **entry}
    values.setdefault("politeness", {"delay_s": 0, "concurrency": 2})
    return SourceEntry.model_validate(values)


@pytest.fixture
def add_source() -> Any:
    from crawlers.sourcefile import upsert_sources
    from models.db import write_session

    def add(db: Database, **entry: Any) -> None:
        with write_session(db.engine) as session:
            upsert_sources(session, [source_entry(**entry)])

    return add


@pytest.fixture
def cli(sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run `fundwatch ARGS` in this process against `sqlite_db`; crawls get the test settings."""
    import json

    from click.testing import CliRunner

    from cli import main
    from crawlers.run_one import SCRAPY_SETTINGS_ENV

    monkeypatch.setenv(SCRAPY_SETTINGS_ENV, json.dumps(TEST_SCRAPY_SETTINGS))

    def run(*args: str) -> Any:
        base = ["--database-url", sqlite_db.url, "--data-dir", str(tmp_path)]
        return CliRunner().invoke(main, [*base, *args], catch_exceptions=False)

    return run


@pytest.fixture
def crawl(tmp_path: Path) -> Any:
    from crawlers.runner import run_crawls

    def run(db: Database, *keys: str, overrides: dict[str, Any] | None = None) -> Any:
        settings = db.settings(tmp_path)
        outcomes = run_crawls(
            settings,
            keys,
            jobs=2,
            as_of=EPOCH.isoformat(),
            scrapy_overrides={**TEST_SCRAPY_SETTINGS, **(overrides or {})},
        )
        return outcomes[0] if len(outcomes) == 1 else outcomes

    return run
