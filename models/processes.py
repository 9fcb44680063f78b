"""Child processes of fundwatch: what they inherit, running one to its end, supervising two.

- `child_environment(settings)`: the parent's resolved settings as FUNDWATCH_* variables, so
  a child sees exactly the settings its parent had (from options, environment or TOML).
- `run_child(argv, stop=...)`: a crawl or a training run to its end; on a stop request it gets
  SIGTERM and a grace period to finish the unit in hand, then SIGKILL.
- `supervise(children)`: `fundwatch run`'s scheduler and web server; a crashed child is
  restarted with backoff, SIGTERM/SIGINT is passed to both, it returns when both stopped.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from models.settings import Settings

log = logging.getLogger("fundwatch.processes")

# `python -c` rather than `-m cli`: running cli as __main__ would import it twice.
FUNDWATCH_ARGV = (sys.executable, "-c", "import cli; cli.main(prog_name='fundwatch')")
CHILD_TIMEOUT_S = 2 * 3600
STOP_GRACE_S = 90.0


def child_environment(settings: Settings, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a child fundwatch process: the parent's settings, every one.

    The parent may have its settings from command-line options or a TOML file; writing each
    resolved value as FUNDWATCH_<NAME> (which beats the TOML file) gives the child the same.
    A value the parent read from a FUNDWATCH_<NAME>_FILE stays in its file: a container
    secret is not copied into the environment of every child.
    """
    env = dict(os.environ if base is None else base)
    for name, value in settings.model_dump().items():
        key = f"FUNDWATCH_{name.upper()}"
        text = _as_text(value)
        if text is not None and _file_holds(env.get(f"{key}_FILE"), text) and key not in env:
            continue
        env.pop(f"{key}_FILE", None)
        if text is None:
            env.pop(key, None)
        else:
            env[key] = text
    return env


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, Path):
        return str(value.resolve())
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _file_holds(path: str | None, text: str) -> bool:
    if not path:
        return False
    try:
        return Path(path).read_text(encoding="utf-8").strip() == text
    except OSError:
        return False


def run_child(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    stop: threading.Event,
    timeout_s: float = CHILD_TIMEOUT_S,
    grace_s: float = STOP_GRACE_S,
    poll_s: float = 0.5,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run argv to its end; SIGTERM it when `stop` is set or it runs past `timeout_s`.

    After SIGTERM it has `grace_s` to finish the unit in hand before SIGKILL. Returns the
    exit code (negative: killed by that signal).
    """
    # Its own session: a terminal's Ctrl-C reaches it once, through here; Scrapy takes a
    # second signal as "stop now, unclean".
    proc = subprocess.Popen(
        list(argv), env=dict(env), stdout=stdout, stderr=stderr, start_new_session=True
    )
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return proc.wait(timeout=poll_s)
        except subprocess.TimeoutExpired:
            pass
        if stop.is_set() or time.monotonic() > deadline:
            reason = "stop requested" if stop.is_set() else "timed out"
            log.warning("child stopping", extra={"pid": proc.pid, "reason": reason})
            proc.send_signal(signal.SIGTERM)
            try:
                return proc.wait(timeout=grace_s)
            except subprocess.TimeoutExpired:
                log.error("child killed after grace", extra={"pid": proc.pid, "grace_s": grace_s})
                proc.kill()
                return proc.wait(timeout=30)


# -- supervising long-lived children ------------------------------------------------------------


@dataclass
class Child:
    name: str
    argv: list[str]
    proc: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    crashes: int = 0  # consecutive crashes, each within `stable_s` of its start
    restart_at: float = 0.0
    finished: bool = False


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the child gets SIGTERM if the supervisor dies (even by SIGKILL)."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def supervise(
    children: Sequence[tuple[str, Sequence[str]]],
    *,
    env: Mapping[str, str],
    stop: threading.Event | None = None,
    backoff_s: tuple[float, float] = (1.0, 60.0),
    stable_s: float = 60.0,
    max_crashes: int = 8,
    grace_s: float = 120.0,
    poll_s: float = 0.2,
) -> int:
    """Run each child; restart a crashed one after 1, 2, 4 … 60 s; stop all on a signal.

    A child that exits 0 by itself is done; one that dies (non-zero, or a signal) is
    restarted, until it crashes `max_crashes` times in a row within `stable_s` of starting:
    then every child is stopped and the result is 1. The first SIGTERM/SIGINT is passed on
    as SIGTERM to each child (each in its own session, so a terminal's Ctrl-C reaches them
    once, through here); a second one kills them. Returns once every child has stopped.
    """
    stop = stop or threading.Event()
    force = threading.Event()
    _install_supervisor_signals(stop, force)
    kids = [Child(name, list(argv)) for name, argv in children]
    result = 0
    for kid in kids:
        _start(kid, env)
    while not stop.is_set() and not all(k.finished for k in kids):
        now = time.monotonic()
        for kid in kids:
            if kid.finished:
                continue
            if kid.proc is None:
                if now >= kid.restart_at:
                    _start(kid, env)
                continue
            code = kid.proc.poll()
            if code is None:
                continue
            kid.proc = None
            if code == 0:
                log.info("child exited", extra={"child": kid.name})
                kid.finished = True
                continue
            kid.crashes = kid.crashes + 1 if now - kid.started < stable_s else 1
            if kid.crashes > max_crashes:
                log.error(
                    "child keeps crashing; stopping everything",
                    extra={"child": kid.name, "exit_code": code},
                )
                kid.finished = True
                result = 1
                stop.set()
                break
            delay = min(backoff_s[0] * 2 ** (kid.crashes - 1), backoff_s[1])
            kid.restart_at = now + delay
            log.warning(
                "child crashed; restarting",
                extra={"child": kid.name, "exit_code": code, "in_s": delay},
            )
        stop.wait(poll_s)
    _stop_children(kids, force=force, grace_s=grace_s, poll_s=poll_s)
    return result


def _start(kid: Child, env: Mapping[str, str]) -> None:
    kid.proc = subprocess.Popen(
        kid.argv, env=dict(env), start_new_session=True, preexec_fn=_die_with_parent
    )
    kid.started = time.monotonic()
    log.info("child started", extra={"child": kid.name, "pid": kid.proc.pid})


def _stop_children(
    kids: Sequence[Child], *, force: threading.Event, grace_s: float, poll_s: float
) -> None:
    alive = [k for k in kids if k.proc is not None and k.proc.poll() is None]
    for kid in alive:
        assert kid.proc is not None
        log.info("stopping child", extra={"child": kid.name, "pid": kid.proc.pid})
        kid.proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while alive and time.monotonic() < deadline and not force.is_set():
        time.sleep(poll_s)
        alive = [k for k in alive if k.proc is not None and k.proc.poll() is None]
    for kid in alive:
        assert kid.proc is not None
        log.error("child killed", extra={"child": kid.name, "pid": kid.proc.pid})
        kid.proc.kill()
    for kid in kids:
        if kid.proc is not None:
            code = kid.proc.wait(timeout=30)
            log.info("child stopped", extra={"child": kid.name, "exit_code": code})


def _install_supervisor_signals(stop: threading.Event, force: threading.Event) -> None:
    if threading.current_thread() is not threading.main_thread():
        return

    def handle(signum: int, _frame: Any) -> None:
        (force if stop.is_set() else stop).set()
        log.info("signal received", extra={"signal": signal.Signals(signum).name})

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
