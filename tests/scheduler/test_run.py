"""`fundwatch run` for real: the scheduler and the web server as two supervised children."""

from __future__ import annotations

import json
import shutil
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import select

import scheduler
from models.call import Call
from models.db import make_engine, read_session, write_session
from models.ops import last_heartbeat
from models.settings import Settings
from scheduler import build_scheduler
from tests.crawlers.conftest import TEST_SCRAPY_SETTINGS
from tests.crawlers.loopback import LoopbackSite
from tests.notifier.conftest import make_call, make_participant
from tests.notifier.smtpsink import SmtpSink
from tests.ops.support import FUNDWATCH, add_source, child, free_port, fundwatch_env, wait_for


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code < 500
    except httpx.HTTPError:
        return False


def test_run_serves_schedules_and_stops_both_on_sigterm(
    tmp_path: Path, sqlite_template: Path
) -> None:
    path = tmp_path / "fundwatch.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    add_source(engine, "quiet-feed")  # disabled: nothing is crawled, no catalogue loaded
    port = free_port()
    env = fundwatch_env(url, tmp_path, port=str(port), host="127.0.0.1")
    with child([*FUNDWATCH, "run"], env=env, cwd=tmp_path) as proc:
        wait_for(lambda: answers(f"http://127.0.0.1:{port}/"), timeout=60, interval=0.2)
        wait_for(lambda: last_heartbeat(engine), timeout=60, interval=0.2)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=60)
    engine.dispose()
    assert proc.returncode == 0, stderr
    events = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    stopped = {e["child"] for e in events if e["event"] == "child stopped"}
    assert stopped == {"scheduler", "web"}
    assert any(e["event"] == "scheduler stopped" for e in events)
    assert not answers(f"http://127.0.0.1:{port}/")


def test_a_short_run_crawls_a_site_and_delivers_digests_by_smtp(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """Issue 7's end-to-end run: `fundwatch run` on loopback crawls a fixture site on a short
    schedule and delivers the daily digest (due at start: it missed its 07:00) to a real SMTP
    server."""
    path = tmp_path / "fundwatch.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    site = LoopbackSite().start()
    site.add_file("/feed.xml", "feed.xml")
    sink = SmtpSink()
    sink.start()
    try:
        add_source(engine, "desk-feed", enabled=True, url=site.url("/feed.xml"),
                   schedule="every 1m", politeness={"delay_s": 0, "concurrency": 2})  # fmt: skip
        with write_session(engine) as session:
            make_call(session)
            make_participant(session, email="alice@cluj.example.ro", frequency="daily")
        port = free_port()
        env = fundwatch_env(url, tmp_path, port=str(port), mail_url=sink.url)
        env["FUNDWATCH_SCRAPY_SETTINGS"] = json.dumps(TEST_SCRAPY_SETTINGS)
        settings = Settings(**{k[10:].lower(): v for k, v in env.items()
                               if k.startswith("FUNDWATCH_") and k[10:].lower() in Settings.model_fields})  # fmt: skip
        # The scheduler was down at 07:00 today: the stored daily digest job is overdue.
        stored = build_scheduler(settings, engine=engine)
        stored.modify_job("digest-daily", next_run_time=datetime.now(UTC) - timedelta(minutes=5))
        scheduler.stop_scheduler(stored, wait=False)
        with child([*FUNDWATCH, "run"], env=env, cwd=tmp_path) as proc:
            wait_for(lambda: calls_titled(engine, "Small grants for municipal Roma mediators, 2027 round"),
                     timeout=90, interval=0.3)  # fmt: skip
            wait_for(lambda: [m for m in sink.received() if m.rcpt_tos == ["alice@cluj.example.ro"]],
                     timeout=90, interval=0.2)  # fmt: skip
            proc.send_signal(signal.SIGTERM)
            _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 0, stderr
        [mail] = [m for m in sink.received() if m.rcpt_tos == ["alice@cluj.example.ro"]]
        assert "https://funder.example.org/calls/" in mail.content.decode("utf-8", "replace")
    finally:
        sink.shutdown()
        site.stop()
        engine.dispose()


def calls_titled(engine, title: str) -> bool:
    with read_session(engine) as session:
        return session.scalar(select(Call.id).where(Call.title == title)) is not None
