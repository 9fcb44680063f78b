"""Shared fixtures: real databases (SQLite always, PostgreSQL when configured), settings.

- `db` runs a test on SQLite and, when FUNDWATCH_TEST_POSTGRES_URL is set and reachable, on
  PostgreSQL too. Each test gets an empty, migrated database: a copy of a migrated SQLite
  template file, or a per-worker PostgreSQL database truncated after every test.
- With CI=true a missing PostgreSQL or browser is a failure, never a silent skip, and the
  session fails when no PostgreSQL-parametrised test ran.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from models.base import Base
from models.db import make_engine, upgrade
from models.settings import Settings

PG_ENV = "FUNDWATCH_TEST_POSTGRES_URL"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_pg_tests_passed = 0


def require_service(reason: str) -> None:
    """Skip outside CI; fail in CI, where every service must be present."""
    if IN_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


# -- databases ----------------------------------------------------------------------------------


@dataclass
class Database:
    """A test database: its URL, an engine, and a way to build Settings that point at it."""

    name: str
    url: str
    engine: Engine

    def settings(self, data_dir: Path, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "data_dir": data_dir,
            "database_url": self.url,
            "mail_url": f"file://{data_dir / 'outbox'}",
            "secret_key": "test-secret-key-" + "x" * 40,
        }
        values.update(overrides)
        return Settings(**values)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> Iterator[str | None]:
    """A fresh PostgreSQL database for this run and worker, migrated; dropped at the end."""
    base = os.environ.get(PG_ENV)
    if not base:
        yield None
        return
    admin = make_engine(base, isolation_level="AUTOCOMMIT")
    name = f"fw_test_{worker_id}_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # unreachable server: reported by the `db` fixture
        admin.dispose()
        yield f"unreachable:{exc.__class__.__name__}: {str(exc).splitlines()[0]}"
        return
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def _db_params() -> list[Any]:
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=_db_params())
def db(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path, postgres_url: str | None
) -> Iterator[Database]:
    """An empty, migrated database: SQLite, and PostgreSQL when configured."""
    if request.param == "sqlite":
        path = tmp_path / "fundwatch.db"
        shutil.copyfile(sqlite_template, path)
        url = f"sqlite:///{path}"
        engine = make_engine(url)
        yield Database("sqlite", url, engine)
        engine.dispose()
        return
    if postgres_url is None:
        require_service(f"{PG_ENV} is not set: PostgreSQL tests not run")
    assert postgres_url is not None
    if postgres_url.startswith("unreachable:"):
        require_service(f"PostgreSQL at {PG_ENV} is unreachable ({postgres_url[12:]})")
    engine = make_engine(postgres_url)
    try:
        yield Database("postgresql", postgres_url, engine)
    finally:
        _truncate_all(engine)
        engine.dispose()


@pytest.fixture
def settings(db: Database, tmp_path: Path) -> Settings:
    return db.settings(tmp_path)


@pytest.fixture
def shared_corpus() -> Path:
    """../shared/corpus when present (tests that read real data skip cleanly without it)."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not present")
    return corpus


# -- CI rules -----------------------------------------------------------------------------------


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    global _pg_tests_passed
    if report.when == "call" and report.passed and "[postgresql" in report.nodeid:
        _pg_tests_passed += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not IN_CI or hasattr(session.config, "workerinput"):
        return
    if session.config.option.collectonly or session.testscollected == 0:
        return
    if _pg_tests_passed == 0:
        print("\nCI=true: no PostgreSQL-parametrised test ran; failing the session")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No FUNDWATCH_* setting of the developer's shell leaks into a test; cwd is a temp dir."""
    for name in list(os.environ):
        if name.startswith("FUNDWATCH_") and name != PG_ENV:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


FILES = Path(__file__).resolve().parent / "files"


@pytest.fixture
def files() -> Path:
    """The project's own fixture files (written for these tests)."""
    return FILES


@pytest.fixture
def run_cli(db: Database, tmp_path: Path) -> Any:
    """Run `fundwatch ARGS` in-process against the test database; returns click's Result."""
    from click.testing import CliRunner

    from cli import main

    def run(*args: str, input: str | None = None) -> Any:
        runner = CliRunner()
        base = ["--database-url", db.url, "--data-dir", str(tmp_path)]
        return runner.invoke(main, [*base, *args], input=input, catch_exceptions=False)

    return run
