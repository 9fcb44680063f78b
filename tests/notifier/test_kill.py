"""`fundwatch digest send` killed at random points and restarted loses nothing.

The sender runs as a subprocess against the test database (a SQLite file, and PostgreSQL)
and a real SMTP server on loopback; it is killed with SIGKILL a few times while messages
are going out, then run to the end. Every recipient ends with its digest, and there are no
more duplicates than kills (only a message the server accepted in the instant before the
kill, not yet in the sender's journal, can go out twice).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from models.db import read_session
from models.digest import OutboxMessage
from tests.notifier.test_delivery import queue_digests

FUNDWATCH = str(Path(sys.executable).with_name("fundwatch"))
KILLS = 4


def sender(db, settings, sink) -> subprocess.Popen[bytes]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "FUNDWATCH_DATA_DIR": str(settings.data_dir),
        "FUNDWATCH_DATABASE_URL": db.url,
        "FUNDWATCH_MAIL_URL": sink.url,
        "FUNDWATCH_SECRET_KEY": settings.get_secret_key(),
        "FUNDWATCH_BASE_URL": settings.base_url,
    }
    return subprocess.Popen(
        [FUNDWATCH, "digest", "send", "--concurrency", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for_more_mail(sink, seen: int, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        if len(sink.received()) > seen:
            return
        time.sleep(0.01)


def test_killed_senders_lose_nothing_and_duplicate_at_most_once_per_kill(
    db, settings, smtp_sink
) -> None:
    # Queued "now" by the real clock: the sender subprocess runs on it, not on a pinned one.
    expected = queue_digests(db, settings, 150, now=datetime.now(UTC) - timedelta(minutes=1))
    smtp_sink.set_faults(delay=0.01)  # about 200 messages a second: kills land mid-send
    rng = random.Random(11)
    kills = 0
    for _round in range(KILLS):
        process = sender(db, settings, smtp_sink)
        wait_for_more_mail(smtp_sink, len(smtp_sink.received()), process, seconds=20)
        time.sleep(rng.uniform(0.0, 0.25))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=20)
    final = sender(db, settings, smtp_sink)
    out, err = final.communicate(timeout=60)
    assert final.returncode == 0, err.decode()
    counts = smtp_sink.count_by_message_id()
    missing = [r for r, mid in expected.items() if counts[mid] == 0]
    assert missing == []
    duplicates = sum(counts.values()) - len(counts)
    assert kills >= 2 and duplicates <= kills, (kills, duplicates)
    assert set(counts) == set(expected.values())
    with read_session(db.engine) as session:
        assert Counter(session.scalars(select(OutboxMessage.status))) == Counter({"sent": 150})
    assert b"sent" in out or b"sent" in err
