"""`fundwatch db backup FILE` and `db restore FILE`: checked copies, on SQLite and PostgreSQL."""

from __future__ import annotations

import stat
from pathlib import Path

from sqlalchemy import delete, select

from models.db import read_session, write_session
from models.ops import SchedulerLock
from models.source import Source
from tests.conftest import Database
from tests.ops.support import add_source


def source_keys(db: Database) -> list[str]:
    with read_session(db.engine) as session:
        return sorted(session.scalars(select(Source.key)))


def test_a_backup_restores_the_database_as_it_was(ops_db: Database, run_cli, tmp_path) -> None:
    add_source(ops_db.engine, "kept-feed")
    backup = tmp_path / "backups" / "fundwatch.backup"
    backup.parent.mkdir()
    result = run_cli("db", "backup", str(backup))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"backup written: {backup}")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # it holds members' addresses

    with write_session(ops_db.engine) as session:  # life goes on, then something goes wrong
        session.execute(delete(Source))
    add_source(ops_db.engine, "later-feed")
    result = run_cli("db", "restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    assert "database restored" in result.output and "schema revision" in result.output
    ops_db.engine.dispose()  # drop pooled connections that saw the old file or tables
    assert source_keys(ops_db) == ["kept-feed"]


def test_a_sqlite_backup_is_one_checked_file(ops_db: Database, run_cli, tmp_path) -> None:
    if ops_db.name != "sqlite":
        return
    backup = tmp_path / "copy.db"
    result = run_cli("db", "backup", str(backup))
    assert "integrity_check ok" in result.output
    assert backup.read_bytes()[:16] == b"SQLite format 3\x00"
    assert not Path(f"{backup}-wal").exists()  # self-contained: no WAL beside it
    assert not list(tmp_path.glob(".copy.db.*"))  # no temporary file left


def test_a_backup_never_overwrites_without_force(ops_db: Database, run_cli, tmp_path) -> None:
    backup = tmp_path / "existing.backup"
    backup.write_text("precious")
    result = run_cli("db", "backup", str(backup))
    assert result.exit_code == 1 and "use --force" in result.stderr
    assert backup.read_text() == "precious"
    assert run_cli("db", "backup", str(backup), "--force").exit_code == 0


def test_a_damaged_backup_is_refused_and_the_database_untouched(
    ops_db: Database, run_cli, tmp_path
) -> None:
    add_source(ops_db.engine, "live-feed")
    backup = tmp_path / "fundwatch.backup"
    assert run_cli("db", "backup", str(backup)).exit_code == 0
    data = backup.read_bytes()
    backup.write_bytes(data[: len(data) // 2])  # cut short, as by a full disk
    result = run_cli("db", "restore", str(backup), "--yes")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: restore failed:") and result.stderr.count("\n") == 1
    assert source_keys(ops_db) == ["live-feed"]


def test_a_backup_of_the_other_kind_is_refused(ops_db: Database, run_cli, tmp_path) -> None:
    wrong = tmp_path / "wrong.backup"
    wrong.write_bytes(b"PGDMP" + b"\0" * 100 if ops_db.name == "sqlite" else b"SQLite format 3\0")
    result = run_cli("db", "restore", str(wrong), "--yes")
    assert result.exit_code == 1 and "restore failed" in result.stderr


def test_restore_refuses_while_a_scheduler_runs(ops_db: Database, run_cli, tmp_path) -> None:
    backup = tmp_path / "fundwatch.backup"
    assert run_cli("db", "backup", str(backup)).exit_code == 0
    lock = SchedulerLock(ops_db.engine, data_dir=tmp_path)
    lock.acquire()
    try:
        result = run_cli("db", "restore", str(backup), "--yes")
    finally:
        lock.release()
    assert result.exit_code == 1 and "stop the service first" in result.stderr
