"""One scheduler per database: a second one refuses to run, with a one-line error."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from models.ops import SchedulerLock, SchedulerLockHeld, scheduler_lock_is_free
from tests.conftest import Database
from tests.ops.support import FUNDWATCH, add_source, child, fundwatch_env, wait_for

HERE = Path(__file__).resolve().parent


def test_a_second_scheduler_refuses_to_run(ops_db: Database, tmp_path: Path) -> None:
    add_source(ops_db.engine, "quiet-feed")  # not empty: no default catalogue is loaded
    first = SchedulerLock(ops_db.engine, data_dir=tmp_path)
    first.acquire()
    try:
        done = subprocess.run(
            [*FUNDWATCH, "scheduler"],
            env=fundwatch_env(ops_db.url, tmp_path),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        first.release()
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: another scheduler is running on this database")


def test_the_lock_is_exclusive_within_one_process_too(ops_db: Database, tmp_path: Path) -> None:
    first = SchedulerLock(ops_db.engine, data_dir=tmp_path)
    first.acquire()
    try:
        assert not scheduler_lock_is_free(ops_db.engine, data_dir=tmp_path)
        second = SchedulerLock(ops_db.engine, data_dir=tmp_path)
        try:
            second.acquire()
        except SchedulerLockHeld:
            pass
        else:
            raise AssertionError("a second lock was granted")
    finally:
        first.release()
    assert scheduler_lock_is_free(ops_db.engine, data_dir=tmp_path)


def test_a_killed_scheduler_leaves_no_lock_behind(ops_db: Database, tmp_path: Path) -> None:
    """SIGKILL gives no chance to clean up: the OS (flock) or the server (advisory lock on a
    closed connection) must release it, or a crash would need a person to start again."""
    out = tmp_path / "units.txt"
    argv = [sys.executable, str(HERE / "slow_job_child.py"), ops_db.url, str(tmp_path), str(out)]
    with child(argv, env=fundwatch_env(ops_db.url, tmp_path), cwd=tmp_path) as proc:
        wait_for(lambda: out.exists() and "start 0" in out.read_text(), timeout=30)
        assert not scheduler_lock_is_free(ops_db.engine, data_dir=tmp_path)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    wait_for(lambda: scheduler_lock_is_free(ops_db.engine, data_dir=tmp_path), timeout=10)
