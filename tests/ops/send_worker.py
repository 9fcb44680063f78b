"""One `digest send --loop` worker (the real sender, notifier.sender.send_loop) with a short
lease, so a test can watch a dead worker's rows come back after their lease.

Usage: python send_worker.py DATABASE_URL SMTP_URL JOURNAL_DIR LEASE_S
Each worker is given its own journal folder: workers on different machines, where the
journal of a dead one cannot be recovered and only the lease brings its rows back.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import timedelta
from pathlib import Path

from models.db import make_engine
from notifier.sender import SendOptions, send_loop
from notifier.transports import SmtpConfig, SmtpTransport


async def main() -> None:
    url, smtp_url, journal, lease_s = sys.argv[1:5]
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    config = SmtpConfig.from_url(smtp_url, sender="fundwatch@fw.test", local_hostname="fw.test")
    options = SendOptions(batch=50, lease=timedelta(seconds=float(lease_s)), flush_interval=0.2)
    total = await send_loop(
        make_engine(url),
        SmtpTransport(config, max_connections=2),
        journal_directory=Path(journal),
        interval=0.2,
        stop=stop,
        options=options,
    )
    print(total.summary(), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
