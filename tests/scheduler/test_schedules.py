"""Each fixed job fires at its time in TIMEZONE; every job is single-instance and coalesced.

Time is frozen or travelled with time_machine; fire times come from the jobs' triggers, and
one test lets a real scheduler thread fire a job across a travelled 07:00.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from apscheduler.schedulers.background import BackgroundScheduler

import scheduler
from models.db import make_engine
from models.settings import Settings
from tests.ops.support import add_source

BRUSSELS = ZoneInfo("Europe/Brussels")
NEW_YORK = ZoneInfo("America/New_York")
# A Wednesday, in the week before the spring change of clocks in Europe (29 March 2026).
EPOCH = datetime(2026, 3, 25, 9, 0, tzinfo=BRUSSELS)


@pytest.fixture
def make_scheduler(
    tmp_path: Path, sqlite_template: Path
) -> Iterator[type[BackgroundScheduler] | object]:
    path = tmp_path / "fundwatch.db"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    built: list[BackgroundScheduler] = []

    def build(timezone: str = "Europe/Brussels") -> BackgroundScheduler:
        settings = Settings(
            data_dir=tmp_path, database_url=f"sqlite:///{path}", timezone=timezone,
            secret_key="k" * 40,
        )  # fmt: skip
        built.append(scheduler.build_scheduler(settings, engine=engine, persistent=False))
        return built[-1]

    build.engine = engine  # type: ignore[attr-defined]
    yield build
    for item in built:
        scheduler.stop_scheduler(item, wait=False)
    engine.dispose()


def next_fire(sched: BackgroundScheduler, job_id: str) -> datetime:
    job = sched.get_job(job_id)
    assert job is not None, job_id
    return job.next_run_time


@pytest.mark.parametrize(
    ("job_id", "now", "expected"),
    [
        # Daily 07:00 local, across the change to summer time (07:00 CEST is 05:00 UTC).
        ("digest-daily", datetime(2026, 3, 28, 8, 0), datetime(2026, 3, 29, 7, 0)),
        ("digest-daily", datetime(2026, 3, 29, 6, 59), datetime(2026, 3, 29, 7, 0)),
        # Weekly on Monday 07:00: from a Wednesday, and from just after a Monday's run.
        ("digest-weekly", datetime(2026, 3, 25, 9, 0), datetime(2026, 3, 30, 7, 0)),
        ("digest-weekly", datetime(2026, 3, 30, 7, 0, 1), datetime(2026, 4, 6, 7, 0)),
        # Monthly on the 1st at 07:00.
        ("digest-monthly", datetime(2026, 3, 25, 9, 0), datetime(2026, 4, 1, 7, 0)),
        ("digest-monthly", datetime(2026, 12, 1, 7, 30), datetime(2027, 1, 1, 7, 0)),
        ("housekeeping", datetime(2026, 3, 25, 9, 0), datetime(2026, 3, 26, 3, 30)),
        ("retrain", datetime(2026, 3, 25, 9, 0), datetime(2026, 3, 26, 2, 30)),
        ("offers", datetime(2026, 3, 25, 9, 0), datetime(2026, 3, 26, 6, 30)),
        ("health-summary", datetime(2026, 3, 25, 9, 0), datetime(2026, 3, 30, 8, 0)),
        ("purge-signups", datetime(2026, 3, 25, 9, 0), datetime(2026, 3, 26, 3, 45)),
    ],
)
def test_fixed_jobs_fire_at_their_local_time(make_scheduler, job_id, now, expected) -> None:
    with time_machine.travel(now.replace(tzinfo=BRUSSELS), tick=False):
        sched = make_scheduler()
        assert next_fire(sched, job_id) == expected.replace(tzinfo=BRUSSELS)


def test_digest_times_follow_the_configured_time_zone(make_scheduler) -> None:
    with time_machine.travel(EPOCH, tick=False):
        sched = make_scheduler("America/New_York")
    # 09:00 in Brussels is 04:00 in New York: the digests go out three hours later, at
    # 07:00 EDT (11:00 UTC), not at 07:00 Brussels time.
    fire = next_fire(sched, "digest-daily")
    assert fire == datetime(2026, 3, 25, 7, 0, tzinfo=NEW_YORK)
    assert fire.astimezone(ZoneInfo("UTC")).hour == 11


def test_frequent_jobs_run_every_few_minutes(make_scheduler) -> None:
    with time_machine.travel(EPOCH, tick=False):
        sched = make_scheduler()
    minutes = {job_id: (next_fire(sched, job_id) - EPOCH).total_seconds() / 60
               for job_id in ("sync-sources", "heartbeat", "outbox-retry", "source-health",
                              "classify-pending")}  # fmt: skip
    assert minutes == {"sync-sources": 1, "heartbeat": 1, "outbox-retry": 5, "source-health": 10,
                       "classify-pending": 10}  # fmt: skip


def test_every_job_is_single_instance_coalesced_with_a_grace_time(make_scheduler) -> None:
    add_source(make_scheduler.engine, "enabled-feed", enabled=True)
    sched = make_scheduler()
    jobs = sched.get_jobs()
    assert {j.id for j in jobs} == {s.id for s in scheduler.FIXED_JOBS} | {"crawl:enabled-feed"}
    for job in jobs:
        assert (job.max_instances, job.coalesce) == (1, True), job.id
        assert job.misfire_grace_time and job.misfire_grace_time > 0, job.id
    assert scheduler.JOB_OPTIONS["replace_existing"] is True


def test_a_source_cron_schedule_is_read_in_the_time_zone(make_scheduler) -> None:
    # Weekdays at 06:00 local; last crawled on Friday morning, so next is Monday 06:00.
    friday = datetime(2026, 3, 27, 6, 0, 5, tzinfo=BRUSSELS)
    add_source(make_scheduler.engine, "weekday-feed", enabled=True, schedule="0 6 * * mon-fri",
               last_run_at=friday)  # fmt: skip
    with time_machine.travel(datetime(2026, 3, 27, 9, 0, tzinfo=BRUSSELS), tick=False):
        sched = make_scheduler()
    assert next_fire(sched, "crawl:weekday-feed") == datetime(2026, 3, 30, 6, 0, tzinfo=BRUSSELS)


def test_numeric_cron_weekdays_mean_what_crontab_means() -> None:
    """APScheduler 3 numbers Monday 0; crontab (and the Taskforce) mean Monday by 1."""
    from crawlers.schedule import parse_schedule

    trigger = parse_schedule("0 6 * * 1-5", timezone="Europe/Brussels")
    friday_after_run = datetime(2026, 3, 27, 6, 0, 5, tzinfo=BRUSSELS)
    assert trigger.get_next_fire_time(None, friday_after_run) == datetime(
        2026, 3, 30, 6, 0, tzinfo=BRUSSELS
    )


def test_a_real_scheduler_fires_the_daily_digest_at_seven_local(
    make_scheduler, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Travel to 06:59:59 Brussels with the clock ticking; the scheduler thread fires the job
    about a second later, at 07:00 local, with the daily frequency."""
    fired: list[tuple[str, datetime]] = []
    done = threading.Event()

    def record(frequency: str) -> None:
        fired.append((frequency, datetime.now(BRUSSELS)))
        done.set()

    monkeypatch.setattr(scheduler, "digest_job", record)
    for name in ("heartbeat_job", "sync_sources_job", "outbox_job", "source_health_job",
                 "classify_job"):  # fmt: skip
        monkeypatch.setattr(scheduler, name, lambda *args: None)
    with time_machine.travel(datetime(2026, 3, 29, 6, 59, 59, tzinfo=BRUSSELS), tick=True):
        sched = make_scheduler()
        sched.resume()
        assert done.wait(timeout=10)
    frequency, moment = fired[0]
    assert frequency == "daily"
    assert (moment.hour, moment.minute) == (7, 0)
