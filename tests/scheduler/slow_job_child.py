"""A scheduler process whose only job works in units of 0.4 s (run by test_sigterm.py).

It is the real `run_scheduler` (lock, signal handlers, shutdown) with FIXED_JOBS swapped for
one job that writes `start N` and `done N` to a file around each unit, checking for a stop
request between units, as every job of scheduler.py does.

Usage: python slow_job_child.py DATABASE_URL DATA_DIR OUT_FILE
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import scheduler
from models.db import ensure_schema
from models.logs import configure_logging
from models.settings import Settings


def slow_units(rt: scheduler.Runtime) -> None:
    out = Path(sys.argv[3])
    for unit in range(50):
        if rt.stop.is_set():
            return
        with out.open("a") as handle:
            handle.write(f"start {unit}\n")
        time.sleep(0.4)
        with out.open("a") as handle:
            handle.write(f"done {unit}\n")


if __name__ == "__main__":
    scheduler.slow_units_job = scheduler._job(slow_units)  # type: ignore[attr-defined]
    scheduler.FIXED_JOBS[:] = [
        scheduler.JobSpec("slow-units", "slow_units_job", scheduler._cron(second="*"), 30)
    ]
    settings = Settings(database_url=sys.argv[1], data_dir=Path(sys.argv[2]), secret_key="k" * 40)
    configure_logging("INFO")
    sys.exit(scheduler.run_scheduler(settings, ensure_schema(settings.resolved_database_url)))
