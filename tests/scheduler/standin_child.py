"""A stand-in for `fundwatch scheduler` / `fundwatch serve` under the supervisor tests.

Usage: python standin_child.py NAME DIR CRASHES
Appends `NAME started` to DIR/NAME.log; the first CRASHES runs exit 3 after 0.2 s (a crash);
later runs wait for SIGTERM (at most 60 s), then append `NAME got SIGTERM` and exit 0.
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

name, folder, crashes = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
log = folder / f"{name}.log"
runs = log.read_text().count("started") if log.exists() else 0
with log.open("a") as handle:
    handle.write(f"{name} started\n")
if runs < crashes:
    time.sleep(0.2)
    sys.exit(3)
stopping = False


def on_term(signum: int, _frame: object) -> None:
    global stopping
    stopping = True
    with log.open("a") as handle:
        handle.write(f"{name} got {signal.Signals(signum).name}\n")


signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGINT, on_term)
deadline = time.monotonic() + 60
while not stopping and time.monotonic() < deadline:
    time.sleep(0.05)
sys.exit(0 if stopping else 4)
