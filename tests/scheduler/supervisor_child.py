"""`supervise()` (what `fundwatch run` runs) over stand-in children; run by test_supervisor.py.

Usage: python supervisor_child.py DIR MAX_CRASHES NAME:CRASHES [NAME:CRASHES ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.logs import configure_logging
from models.processes import supervise

folder = Path(sys.argv[1])
standin = str(Path(__file__).with_name("standin_child.py"))
children = []
for spec in sys.argv[3:]:
    name, crashes = spec.split(":")
    children.append((name, [sys.executable, standin, name, str(folder), crashes]))
configure_logging("INFO")
code = supervise(
    children,
    env={"PATH": "/usr/bin:/bin"},
    backoff_s=(0.1, 0.4),
    stable_s=30.0,
    max_crashes=int(sys.argv[2]),
    grace_s=10.0,
    poll_s=0.05,
)
sys.exit(code)
