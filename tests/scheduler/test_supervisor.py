"""`fundwatch run`'s supervisor: restarts a crashed child with backoff, passes SIGTERM and
SIGINT to both children, and exits once both have stopped. Real processes throughout."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.ops.support import child, wait_for

HERE = Path(__file__).resolve().parent


def supervisor(tmp_path: Path, *specs: str, max_crashes: int = 5) -> list[str]:
    script = str(HERE / "supervisor_child.py")
    return [sys.executable, script, str(tmp_path), str(max_crashes), *specs]


def log_of(tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.log"
    return path.read_text() if path.exists() else ""


def events(stderr: str) -> list[dict]:
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_crashed_child_is_restarted_and_a_signal_stops_both(
    tmp_path: Path, signum: signal.Signals
) -> None:
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[1])}
    with child(supervisor(tmp_path, "scheduler:2", "web:0"), env=env, cwd=tmp_path) as proc:
        # The scheduler stand-in crashes twice, then stays up (third start).
        wait_for(lambda: log_of(tmp_path, "scheduler").count("started") == 3, timeout=20)
        wait_for(lambda: "started" in log_of(tmp_path, "web"), timeout=20)
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr
    # Each child got exactly one SIGTERM: the first signal is passed on once, as SIGTERM.
    assert log_of(tmp_path, "scheduler").count("got SIGTERM") == 1
    assert log_of(tmp_path, "web").count("got SIGTERM") == 1
    assert log_of(tmp_path, "web").count("started") == 1  # the healthy child was left alone
    crashes = [e for e in events(stderr) if e["event"] == "child crashed; restarting"]
    assert [e["in_s"] for e in crashes] == [0.1, 0.2]  # exponential backoff
    stopped = {e["child"] for e in events(stderr) if e["event"] == "child stopped"}
    assert stopped == {"scheduler", "web"}


def test_a_child_crashing_in_a_loop_stops_the_supervisor(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[1])}
    argv = supervisor(tmp_path, "scheduler:99", "web:0", max_crashes=3)
    with child(argv, env=env, cwd=tmp_path) as proc:
        _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert log_of(tmp_path, "scheduler").count("started") == 4  # first run + 3 restarts
    assert "got SIGTERM" in log_of(tmp_path, "web")  # the other child was stopped cleanly
    assert "child keeps crashing; stopping everything" in stderr


def test_children_get_sigterm_when_the_supervisor_is_killed(tmp_path: Path) -> None:
    """Even SIGKILL of `fundwatch run` leaves no orphan: the children get SIGTERM (Linux)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux only")
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[1])}
    with child(supervisor(tmp_path, "scheduler:0", "web:0"), env=env, cwd=tmp_path) as proc:
        wait_for(lambda: "started" in log_of(tmp_path, "scheduler"), timeout=20)
        wait_for(lambda: "started" in log_of(tmp_path, "web"), timeout=20)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    for name in ("scheduler", "web"):
        wait_for(lambda name=name: "got SIGTERM" in log_of(tmp_path, name), timeout=10)
