"""The scheduler's crawls: one job per enabled source, each started as a process or on Scrapyd.

`sync_crawl_jobs` keeps the crawl jobs in step with the sources table (the scheduler runs it
every minute, so a source added, edited or disabled takes effect without a restart).

CRAWL_BACKEND=local runs `python -m crawlers.run_one KEY` (the one-source crawl process that
`fundwatch crawl` starts too) and waits for it: Scrapy's reactor cannot restart inside one
process. On a stop request the child gets SIGTERM, which Scrapy treats as "finish the
requests in flight, store their items, then stop".
CRAWL_BACKEND=scrapyd POSTs schedule.json to SCRAPYD_URL and returns at once: Scrapyd runs
the spider, whose pipelines write to the same database. SCRAPYD_URL may list several nodes
separated by commas; the one with the fewest pending and running jobs gets the crawl.
"""

from __future__ import annotations

import io
import logging
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine, select

from crawlers.context import SourceConfig
from crawlers.report import SUMMARY_PREFIX, RunReport
from crawlers.schedule import parse_schedule, schedule_interval
from models.db import read_session
from models.processes import run_child
from models.settings import Settings
from models.source import Source

log = logging.getLogger("fundwatch.crawl")

# Every scheduler job: one instance at a time, missed runs merged into one (issue 7).
JOB_OPTIONS: dict[str, Any] = {"max_instances": 1, "coalesce": True, "replace_existing": True}
CRAWL_PREFIX = "crawl:"
CRAWL_JOB = "scheduler:crawl_job"
SCRAPYD_PROJECT = "fundwatch"
# One spider per source kind (crawlers/spiders); Scrapyd knows a spider by its `name`.
SPIDER_FOR_KIND = {"feed": "feed", "ft-portal": "ft-portal", "html": "html", "json": "json"}
SPIDER_SOURCE_ARGUMENT = "source"
SCRAPYD_TIMEOUT_S = 60.0  # schedule.json may run `scrapy list` first (seconds under load)
EGG_SETTINGS_MODULE = "fundwatch_scrapyd_settings"
PER_JOB_SETTINGS = (
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_START_DELAY",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "USER_AGENT",
    "LOG_LEVEL",
)
EXIT_NO_SOURCE = 3  # crawlers.run_one's status for an unknown key


@dataclass(frozen=True)
class Dispatch:
    """What became of one crawl request."""

    backend: str
    ok: bool
    detail: str


def crawl_locally(settings: Settings, key: str, *, stop: threading.Event) -> Dispatch:
    """Crawl in a fresh process, as `fundwatch crawl` does (crawlers/runner.py: the same
    environment, log file and crash record), but passing a stop request on as SIGTERM."""
    from crawlers.runner import child_environment as crawl_environment
    from crawlers.runner import record_crash

    log_dir = Path(settings.data_dir).resolve() / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "crawlers.run_one", key]
    with (
        tempfile.TemporaryFile(mode="w+", encoding="utf-8") as output,
        open(log_dir / f"crawl-{key}.log", "w", encoding="utf-8") as log_file,
    ):
        code = run_child(
            argv, env=crawl_environment(settings), stop=stop, stdout=output, stderr=log_file
        )
        output.seek(0)
        report = run_report(output.read())
    if report is None:
        reason = f"the crawl process ended with status {code} and no report"
        if code != EXIT_NO_SOURCE:
            record_crash(settings, key, reason)  # so the source's health shows it
        return Dispatch("local", False, reason)
    return Dispatch("local", report.status != "failed", report.summary_line())


def run_report(output: str) -> RunReport | None:
    """The crawl process's report: its last `FUNDWATCH-RUN {json}` line."""
    for line in reversed(output.splitlines()):
        if line.startswith(SUMMARY_PREFIX):
            try:
                return RunReport.from_json(line[len(SUMMARY_PREFIX) :])
            except (ValueError, TypeError):
                return None
    return None


# -- keeping one crawl job per enabled source ------------------------------------------------------


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.invalid)

    def __str__(self) -> str:
        parts = [f"{name} {', '.join(keys)}" for name, keys in vars(self).items() if keys]
        return "; ".join(parts)


def same_trigger(a: BaseTrigger, b: BaseTrigger) -> bool:
    return (str(a), str(getattr(a, "timezone", ""))) == (str(b), str(getattr(b, "timezone", "")))


def first_run_time(trigger: BaseTrigger, last_run_at: datetime | None, now: datetime) -> datetime:
    """When a newly scheduled (or rescheduled) source is next due: now if it never ran or
    its next run after the last one is already past, else that next run."""
    if last_run_at is None:
        return now
    if isinstance(trigger, IntervalTrigger):
        due = last_run_at + trigger.interval
    else:
        due = trigger.get_next_fire_time(None, last_run_at) or now
    return max(due, now)


def sync_crawl_jobs(
    scheduler: BaseScheduler, engine: Engine, *, timezone: str, now: datetime
) -> SyncReport:
    """Make the crawl jobs match the enabled sources: add, reschedule, remove.

    Runs every minute, so a source the Taskforce adds, edits or disables takes effect
    without a restart. A job whose schedule is unchanged is left alone (its next run kept).
    """
    report = SyncReport()
    with read_session(engine) as session:
        rows = session.execute(
            select(Source.key, Source.schedule, Source.last_run_at).where(Source.enabled.is_(True))
        ).all()
    existing = {job.id: job for job in scheduler.get_jobs() if job.id.startswith(CRAWL_PREFIX)}
    wanted: set[str] = set()
    for key, schedule, last_run_at in rows:
        job_id = CRAWL_PREFIX + key
        wanted.add(job_id)
        try:
            trigger = parse_schedule(schedule, timezone=timezone)
        except ValueError as exc:  # import validates schedules; a hand-edited row may not be
            report.invalid.append(key)
            log.error("source schedule invalid", extra={"source": key, "error": str(exc)})
            continue
        job = existing.get(job_id)
        if job is not None and same_trigger(job.trigger, trigger):
            continue
        scheduler.add_job(
            CRAWL_JOB,
            trigger=trigger,
            args=(key,),
            id=job_id,
            name=f"crawl {key}",
            executor="crawls",
            misfire_grace_time=crawl_grace_s(schedule, timezone),
            next_run_time=first_run_time(trigger, last_run_at, now),
            **JOB_OPTIONS,
        )
        (report.added if job is None else report.updated).append(key)
    for job_id in sorted(existing.keys() - wanted):
        scheduler.remove_job(job_id)
        report.removed.append(job_id.removeprefix(CRAWL_PREFIX))
    return report


def crawl_grace_s(schedule: str, timezone: str) -> int:
    """A late crawl still runs if it is less than one interval late (15 min to a day)."""
    interval = schedule_interval(schedule, timezone=timezone)
    return int(min(max(interval, timedelta(minutes=15)), timedelta(days=1)).total_seconds())


# -- Scrapyd ---------------------------------------------------------------------------------------


class ScrapydError(RuntimeError):
    pass


def scrapyd_nodes(scrapyd_url: str) -> list[str]:
    return [part.strip().rstrip("/") for part in scrapyd_url.split(",") if part.strip()]


def _load(node: str, client: httpx.Client) -> int:
    answer = client.get(f"{node}/daemonstatus.json").json()
    return int(answer.get("pending", 0)) + int(answer.get("running", 0))


def job_in_flight(node: str, key: str, client: httpx.Client) -> str | None:
    """The id of a pending or running job of this source on `node`, if any."""
    answer = client.get(f"{node}/listjobs.json", params={"project": SCRAPYD_PROJECT}).json()
    for job in [*answer.get("pending", []), *answer.get("running", [])]:
        if str(job.get("id", "")).startswith(f"{key}--"):
            return str(job["id"])
    return None


def schedule_on_scrapyd(
    scrapyd_url: str,
    *,
    key: str,
    kind: str,
    scrapy_settings: dict[str, Any] | None = None,
    client: httpx.Client | None = None,
    now: float | None = None,
) -> Dispatch:
    """POST schedule.json for the source's spider; skip if that source's job is in flight.

    The job id starts with the source key, so a crawl slower than its schedule is not
    queued twice. `scrapy_settings` go as `setting=NAME=VALUE` (Scrapyd's way to set them
    per job). Nodes that do not answer are skipped; ScrapydError when none accepts.
    """
    spider = SPIDER_FOR_KIND.get(kind)
    if spider is None:
        raise ScrapydError(f"no spider for source kind {kind!r}")
    own_client = client is None
    http = client or httpx.Client(timeout=SCRAPYD_TIMEOUT_S)
    try:
        loads: list[tuple[int, str]] = []
        for node in scrapyd_nodes(scrapyd_url):
            try:
                running = job_in_flight(node, key, http)
                if running:
                    return Dispatch("scrapyd", True, f"already in flight as {running} on {node}")
                loads.append((_load(node, http), node))
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("scrapyd node unavailable", extra={"node": node, "error": str(exc)})
        for _load_count, node in sorted(loads):
            job_id = f"{key}--{int(now if now is not None else time.time())}"
            form: dict[str, Any] = {
                "project": SCRAPYD_PROJECT,
                "spider": spider,
                "jobid": job_id,
                SPIDER_SOURCE_ARGUMENT: key,
                "setting": [f"{name}={value}" for name, value in (scrapy_settings or {}).items()],
            }
            try:
                answer = http.post(f"{node}/schedule.json", data=form).json()
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("scrapyd schedule failed", extra={"node": node, "error": str(exc)})
                continue
            if answer.get("status") == "ok":
                return Dispatch("scrapyd", True, f"job {answer.get('jobid', job_id)} on {node}")
            log.warning("scrapyd refused", extra={"node": node, "answer": answer})
        raise ScrapydError(f"no Scrapyd node accepted the crawl of {key}")
    finally:
        if own_client:
            http.close()


# -- deploying to Scrapyd ------------------------------------------------------------------------

_EGG_SETTINGS = '''"""Scrapy settings of Scrapyd jobs: fundwatch's, from the installed package."""
from importlib.metadata import version as _version

from crawlers.settings import *  # noqa: F403

if _version("fundwatch") != {version!r}:
    raise RuntimeError(
        f"this Scrapyd node runs fundwatch {{_version('fundwatch')}}, the deployed project is "
        "{version}: pip install fundwatch=={version} on the node, or deploy again"
    )
'''


def build_egg(version: str) -> bytes:
    """The egg Scrapyd is given: it names the settings module; the code is installed.

    Scrapyd imports a project from its egg (a zip). fundwatch reads data files beside its
    modules (the classifier model, the taxonomy) and needs compiled dependencies, none of
    which work from a zip; so every Scrapyd node `pip install`s the same fundwatch (which
    it needs for Scrapy, SQLAlchemy and the rest anyway), and the egg only tells Scrapyd
    where the settings are and refuses a node whose installed version differs.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as egg:
        egg.writestr("EGG-INFO/PKG-INFO", f"Metadata-Version: 2.1\nName: {SCRAPYD_PROJECT}\n"
                     f"Version: {version}\n")  # fmt: skip
        egg.writestr("EGG-INFO/entry_points.txt", f"[scrapy]\nsettings = {EGG_SETTINGS_MODULE}\n")
        egg.writestr("EGG-INFO/top_level.txt", f"{EGG_SETTINGS_MODULE}\n")
        egg.writestr(f"{EGG_SETTINGS_MODULE}.py", _EGG_SETTINGS.format(version=version))
    return buffer.getvalue()


def deploy_to_scrapyd(scrapyd_url: str, *, client: httpx.Client | None = None) -> list[str]:
    """addversion.json on every node of SCRAPYD_URL; one line per node (ScrapydError if one
    refuses: a cluster where some nodes lack the project would fail crawls at random)."""
    from importlib.metadata import version

    release = version("fundwatch")
    egg = build_egg(release)
    lines: list[str] = []
    with client or httpx.Client(timeout=120) as http:
        for node in scrapyd_nodes(scrapyd_url):
            form = {"project": SCRAPYD_PROJECT, "version": release}
            try:
                answer = http.post(
                    f"{node}/addversion.json", data=form, files={"egg": ("fundwatch.egg", egg)}
                ).json()
            except (httpx.HTTPError, ValueError) as exc:
                raise ScrapydError(f"{node}: {exc}") from exc
            if answer.get("status") != "ok":
                raise ScrapydError(f"{node} refused the project: {answer.get('message', answer)}")
            lines.append(f"{node}: fundwatch {release}, {answer.get('spiders')} spiders")
    return lines


def main(argv: list[str] | None = None) -> int:
    """`python -m crawlers.dispatch deploy [SCRAPYD_URL]`: deploy to every Scrapyd node."""
    import argparse

    from models.settings import SettingsError, load_settings

    parser = argparse.ArgumentParser(prog="python -m crawlers.dispatch")
    parser.add_argument("command", choices=["deploy"])
    parser.add_argument("scrapyd_url", nargs="?", help="default: the SCRAPYD_URL setting")
    args = parser.parse_args(argv)
    try:
        url = args.scrapyd_url or load_settings().scrapyd_url
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not url:
        print("error: give SCRAPYD_URL (argument or FUNDWATCH_SCRAPYD_URL)", file=sys.stderr)
        return 2
    try:
        for line in deploy_to_scrapyd(url):
            print(line)
    except ScrapydError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def scrapyd_job_settings(settings: Settings, source: SourceConfig) -> dict[str, Any]:
    """What `python -m crawlers.run_one` sets per crawl, for a Scrapyd job: the source's
    politeness, the user agent naming BASE_URL, the log level, and FUNDWATCH_SCRAPY_SETTINGS
    overrides."""
    from crawlers.run_one import scrapy_overrides
    from crawlers.settings import crawl_settings

    values = crawl_settings(
        delay_s=source.delay_s,
        concurrency=source.concurrency,
        base_url=settings.base_url,
        log_level=settings.log_level,
    )
    chosen = {name: values[name] for name in PER_JOB_SETTINGS}
    chosen.update(scrapy_overrides())
    return chosen


def dispatch_crawl(settings: Settings, source: SourceConfig, *, stop: threading.Event) -> Dispatch:
    """Crawl one source with the configured backend."""
    if settings.crawl_backend == "scrapyd":
        assert settings.scrapyd_url is not None  # Settings refuses scrapyd without a URL
        try:
            return schedule_on_scrapyd(
                settings.scrapyd_url,
                key=source.key,
                kind=source.kind,
                scrapy_settings=scrapyd_job_settings(settings, source),
            )
        except ScrapydError as exc:
            return Dispatch("scrapyd", False, str(exc))
    return crawl_locally(settings, source.key, stop=stop)


if __name__ == "__main__":
    sys.exit(main())
