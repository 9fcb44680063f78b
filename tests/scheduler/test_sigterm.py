"""SIGTERM: the scheduler finishes the unit of work in hand, starts no other, and exits 0."""

from __future__ import annotations

import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from models.ops import scheduler_lock_is_free
from models.processes import run_child
from tests.conftest import Database
from tests.ops.support import child, fundwatch_env, wait_for

HERE = Path(__file__).resolve().parent


def units(out: Path) -> list[str]:
    return out.read_text().splitlines() if out.exists() else []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_lets_the_unit_in_hand_finish_then_stops(
    ops_db: Database, tmp_path: Path, signum: signal.Signals
) -> None:
    out = tmp_path / "units.txt"
    argv = [sys.executable, str(HERE / "slow_job_child.py"), ops_db.url, str(tmp_path), str(out)]
    with child(argv, env=fundwatch_env(ops_db.url, tmp_path), cwd=tmp_path) as proc:
        wait_for(lambda: "start 1" in units(out), timeout=30)
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 0, stderr
    lines = units(out)
    started = [line for line in lines if line.startswith("start")]
    last = started[-1].split()[1]
    assert lines[-1] == f"done {last}"  # the unit in hand was finished ...
    assert len(started) <= int(last) + 1  # ... and no unit was started after it
    assert '"scheduler stopped"' in stderr
    assert scheduler_lock_is_free(ops_db.engine, data_dir=tmp_path)


def stop_when(ready: Path, stop: threading.Event) -> threading.Thread:
    """Set `stop` once the child has written `ready` (its signal handler is in place)."""

    def watch() -> None:
        wait_for(ready.exists, timeout=30, interval=0.02)
        stop.set()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_a_stop_request_passes_sigterm_to_a_crawl_child(tmp_path: Path) -> None:
    """A crawl runs in a child; stopping gives it SIGTERM and waits for it to finish its
    page (Scrapy's own graceful stop), within the grace period."""
    out, ready = tmp_path / "child.txt", tmp_path / "ready"
    script = (
        "import pathlib, signal, sys, time\n"
        "stop = []\n"
        "signal.signal(signal.SIGTERM, lambda *a: stop.append(1))\n"
        f"out = open({str(out)!r}, 'a', buffering=1)\n"
        "for page in range(100):\n"
        "    if stop: sys.exit(0)\n"
        "    out.write(f'fetch {page}\\n'); time.sleep(0.3); out.write(f'stored {page}\\n')\n"
        f"    pathlib.Path({str(ready)!r}).touch()\n"
        "sys.exit(5)\n"
    )
    stop = threading.Event()
    watcher = stop_when(ready, stop)
    code = run_child([sys.executable, "-c", script], env={}, stop=stop, grace_s=10, poll_s=0.05)
    watcher.join(timeout=5)
    assert code == 0  # it stopped on its own, after the page in hand
    lines = out.read_text().splitlines()
    assert lines[-1].startswith("stored") and len(lines) < 40


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    script = (
        "import pathlib, signal, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        f"pathlib.Path({str(ready)!r}).touch()\n"
        "time.sleep(60)\n"
    )
    stop = threading.Event()
    stop_when(ready, stop)
    started = time.monotonic()
    code = run_child([sys.executable, "-c", script], env={}, stop=stop, grace_s=1, poll_s=0.05)
    assert code == -signal.SIGKILL and time.monotonic() - started < 30
