"""Helpers of the scheduler and operations tests: child processes, waiting, fixture data."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from models.db import write_session
from models.source import Source

ROOT = Path(__file__).resolve().parents[2]
FUNDWATCH = [sys.executable, "-c", "import cli; cli.main(prog_name='fundwatch')"]
# Tables the scheduler creates outside Alembic; the shared PostgreSQL test database keeps
# them between tests unless dropped.
OPS_TABLES = ("apscheduler_jobs", "fundwatch_locks")


def drop_ops_tables(engine: Engine) -> None:
    with engine.begin() as conn:
        for name in OPS_TABLES:
            conn.execute(text(f"DROP TABLE IF EXISTS {name}"))


def fundwatch_env(database_url: str, data_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of a `fundwatch` child: the test database, DATA_DIR, file:// mail."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDWATCH_")}
    env.update(
        FUNDWATCH_DATABASE_URL=database_url,
        FUNDWATCH_DATA_DIR=str(data_dir),
        FUNDWATCH_MAIL_URL=f"file://{data_dir / 'outbox'}",
        FUNDWATCH_SECRET_KEY="test-secret-key-" + "x" * 40,
        PYTHONPATH=str(ROOT),
    )
    env.update({f"FUNDWATCH_{k.upper()}": v for k, v in settings.items()})
    return env


def wait_for(predicate: Callable[[], Any], *, timeout: float, interval: float = 0.05) -> Any:
    """Poll until predicate() is truthy (returned) or the timeout passes (AssertionError)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"not true within {timeout} s: {predicate}")


@contextmanager
def child(
    argv: Sequence[str], *, env: dict[str, str], cwd: Path
) -> Iterator[subprocess.Popen[str]]:
    """A child process with stdout/stderr captured; killed if the test leaves it running."""
    proc = subprocess.Popen(
        list(argv), env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def add_source(engine: Engine, key: str, **values: Any) -> None:
    """A source row; by default a disabled feed on a closed loopback port (never crawled)."""
    row: dict[str, Any] = {
        "key": key,
        "name": key.replace("-", " ").title(),
        "kind": "feed",
        "url": "http://127.0.0.1:9/feed.xml",
        "schedule": "every 6h",
        "enabled": False,
    }
    row.update(values)
    with write_session(engine) as session:
        session.add(Source(**row))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]
