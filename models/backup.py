"""`fundwatch db backup FILE` and `fundwatch db restore FILE`, checked, on SQLite and PostgreSQL.

SQLite: the online backup API copies a consistent snapshot while the service keeps writing
(WAL readers never block writers), then `PRAGMA integrity_check` runs on the copy before it
is renamed into place, so FILE is always a whole, checked database. Restore checks FILE the
same way and copies it into the live database with the same API (one write transaction).

PostgreSQL: `pg_dump --format=custom`, then `pg_restore --list` reads the whole archive back
as the check. Restore is `pg_restore --clean --single-transaction`: all or nothing.
The password goes to pg_dump in PGPASSWORD, never on a command line other users can read.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from sqlalchemy.engine import URL, make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
PG_TIMEOUT_S = 6 * 3600


class BackupError(RuntimeError):
    """A backup or restore that cannot be done or did not check out; one line for people."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    detail: str


# -- SQLite ----------------------------------------------------------------------------------------


def sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def sqlite_integrity(path: Path) -> str:
    """'ok', or the first problems PRAGMA integrity_check reports (BackupError if unreadable)."""
    with open(path, "rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{path} is not an SQLite database")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is damaged: {exc}") from None
    finally:
        conn.close()
    result = "; ".join(str(r[0]) for r in rows[:5])
    return result


def backup_sqlite(url: URL, dest: Path) -> BackupReport:
    source = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"no database at {source}")
    temporary = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    temporary.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(temporary)
    try:
        src.backup(dst)  # all pages in one step: one consistent snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        dst.close()
        src.close()
    try:
        check = sqlite_integrity(temporary)
        if check != "ok":
            raise BackupError(f"the copy failed its integrity check: {check}")
        os.chmod(temporary, 0o600)  # it holds members' addresses
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, dest)
    finally:
        temporary.unlink(missing_ok=True)
    return BackupReport(dest, dest.stat().st_size, "SQLite online backup, integrity_check ok")


def restore_sqlite(url: URL, backup: Path) -> BackupReport:
    check = sqlite_integrity(backup)
    if check != "ok":
        raise BackupError(f"{backup} failed its integrity check: {check}")
    target = sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=30)
    try:
        # Through SQLite, not a file copy: open connections and the WAL stay consistent.
        src.backup(dst)
        rows = dst.execute("PRAGMA integrity_check").fetchall()
    finally:
        dst.close()
        src.close()
    if rows != [("ok",)]:
        raise BackupError(f"the restored database failed its integrity check: {rows[:3]}")
    return BackupReport(target, target.stat().st_size, "restored, integrity_check ok")


# -- PostgreSQL --------------------------------------------------------------------------------


def libpq_environment(url: URL) -> dict[str, str]:
    """The PG* variables for pg_dump/pg_restore: no secret in the process list."""
    env = dict(os.environ)
    pairs = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
        "PGSSLMODE": url.query.get("sslmode"),
    }
    for name, value in pairs.items():
        if value:
            env[name] = str(value)
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (it comes with the PostgreSQL client)")
    return path


def _run(argv: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=PG_TIMEOUT_S, check=False
    )
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{Path(argv[0]).name} failed: {lines[0] if lines else done.returncode}")
    return done.stdout


def pg_archive_entries(path: Path, env: dict[str, str]) -> int:
    """Read a custom-format archive's table of contents; its entry count (the check)."""
    with open(path, "rb") as handle:
        if handle.read(len(PGDUMP_MAGIC)) != PGDUMP_MAGIC:
            raise BackupError(f"{path} is not a pg_dump custom-format archive")
    listing = _run([_pg_tool("pg_restore"), "--list", str(path)], env)
    entries = [line for line in listing.splitlines() if line and not line.startswith(";")]
    if not any(" TABLE DATA " in line for line in entries):
        raise BackupError(f"{path} holds no table data")
    return len(entries)


def backup_postgres(url: URL, dest: Path) -> BackupReport:
    env = libpq_environment(url)
    temporary = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    try:
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={temporary}"], env)
        entries = pg_archive_entries(temporary, env)
        os.chmod(temporary, 0o600)
        os.replace(temporary, dest)
    finally:
        temporary.unlink(missing_ok=True)
    return BackupReport(dest, dest.stat().st_size, f"pg_dump archive, {entries} entries listed")


def restore_postgres(url: URL, backup: Path) -> BackupReport:
    env = libpq_environment(url)
    entries = pg_archive_entries(backup, env)
    argv = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error"]
    _run([*argv, "--single-transaction", f"--dbname={url.database}", str(backup)], env)
    return BackupReport(backup, backup.stat().st_size, f"restored {entries} archive entries")


# -- dispatch and commands ---------------------------------------------------------------------


def backup_database(database_url: str, dest: Path) -> BackupReport:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return backup_sqlite(url, dest)
    if url.get_backend_name() == "postgresql":
        return backup_postgres(url, dest)
    raise BackupError(f"no backup method for {url.get_backend_name()}")


def restore_database(database_url: str, backup: Path) -> BackupReport:
    url = make_url(database_url)
    if not backup.is_file():
        raise BackupError(f"no such file: {backup}")
    if url.get_backend_name() == "sqlite":
        return restore_sqlite(url, backup)
    if url.get_backend_name() == "postgresql":
        return restore_postgres(url, backup)
    raise BackupError(f"no restore method for {url.get_backend_name()}")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.pass_obj
def backup_command(state: Any, file: Path, force: bool) -> None:
    """Write a checked backup of the database to FILE (SQLite copy or pg_dump archive)."""
    from cli import fail

    if file.exists() and not force:
        fail(f"{file} exists (use --force to overwrite it)", code=1)
    try:
        report = backup_database(state.settings.resolved_database_url, file)
    except (BackupError, OSError, sqlite3.Error, subprocess.TimeoutExpired) as exc:
        fail(f"backup failed: {exc}", code=1)
    click.echo(f"backup written: {report.path} ({report.size} bytes; {report.detail})")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
@click.pass_obj
def restore_command(state: Any, file: Path, yes: bool) -> None:
    """Replace the database with the backup FILE (checked first; stop the service before)."""
    from cli import fail
    from models.db import current_revision, make_engine
    from models.ops import scheduler_lock_is_free

    settings = state.settings
    engine = make_engine(settings.resolved_database_url)
    try:
        if not scheduler_lock_is_free(engine, data_dir=settings.data_dir):
            fail("a scheduler is running on this database; stop the service first", code=1)
    finally:
        engine.dispose()
    if not yes and not click.confirm(f"Replace the database {settings.database_url} with {file}?"):
        fail("restore cancelled", code=1)
    try:
        report = restore_database(settings.resolved_database_url, file)
    except (BackupError, OSError, sqlite3.Error, subprocess.TimeoutExpired) as exc:
        fail(f"restore failed: {exc}", code=1)
    engine = make_engine(settings.resolved_database_url)
    try:
        revision = current_revision(engine) or "none"
    finally:
        engine.dispose()
    click.echo(f"database restored from {file} ({report.detail}; schema revision {revision})")
