"""Starting crawls: one process per source, running `crawlers.run_one`.

The Twisted reactor cannot restart inside one process, so every crawl gets its own. Where
the platform has fork servers (Linux, macOS), each crawl process is forked from a server
that already imported what crawls need (`crawlers.warm`): a fresh process, no reactor, but
no second of imports per source either. Elsewhere it is `python -m crawlers.run_one`.

Crawl processes store new and changed calls pending classification; `run_crawls` has them
classified by one more process (`crawlers.classify`, a new interpreter, not forked from the
crawl fork server) that runs beside the crawls and ends after them.

The parent passes its settings through the environment (`FUNDWATCH_*`, resolved: absolute
DATA_DIR, database URL and model folder), reads the child's one-line JSON report, and
keeps the child's log in `DATA_DIR/logs/crawl-<key>.log`. A child that crashes or hangs is
recorded as a failed run: one source never breaks the others.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawlers.classify import ClassifierBesideCrawls, ClassifyOutcome, classify_enabled
from crawlers.report import DRY_RUN_PREFIX, SUMMARY_PREFIX, RunReport
from crawlers.run_one import SCRAPY_SETTINGS_ENV
from models.settings import ENV_PREFIX, Settings

DEFAULT_TIMEOUT_S = 2 * 60 * 60  # a crawl of one source that takes two hours is stuck
TIMED_OUT = -9
_FORKSERVER_LOCK = threading.Lock()
try:
    from multiprocessing import popen_forkserver as _popen_forkserver

    HAVE_FORKSERVER = "forkserver" in multiprocessing.get_all_start_methods()
except ImportError:  # no fork servers here (Windows): crawls start as new interpreters
    HAVE_FORKSERVER = False


@dataclass
class CrawlOutcome:
    key: str
    report: RunReport
    returncode: int
    items: list[dict[str, Any]] = field(default_factory=list)
    log_tail: str = ""

    @property
    def ok(self) -> bool:
        return self.report.status == "ok"


def child_environment(
    settings: Settings, *, scrapy_overrides: dict[str, Any] | None = None
) -> dict[str, str]:
    """This process's environment with the settings written out as FUNDWATCH_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    values = settings.model_dump()
    values["data_dir"] = Path(settings.data_dir).resolve()
    values["database_url"] = settings.resolved_database_url
    values["model_dir"] = settings.resolved_model_dir
    values.pop("secret_key", None)  # a crawl signs nothing
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            value = ",".join(str(v) for v in value)
        env[f"{ENV_PREFIX}{name.upper()}"] = str(value)
    if scrapy_overrides:
        env[SCRAPY_SETTINGS_ENV] = json.dumps(scrapy_overrides)
    elif os.environ.get(SCRAPY_SETTINGS_ENV):
        env[SCRAPY_SETTINGS_ENV] = os.environ[SCRAPY_SETTINGS_ENV]
    return env


def run_crawl(
    settings: Settings,
    key: str,
    *,
    source: dict[str, Any] | None = None,
    dry_run: bool = False,
    as_of: str | None = None,
    scrapy_overrides: dict[str, Any] | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> CrawlOutcome:
    """Crawl one source in a child process and return its report.

    `source` (a sources-file entry) is crawled instead of the stored source `key` (dry runs
    of `sources test`, which need no database).
    """
    command: list[str] = []
    source_file: Path | None = None
    if source is not None:
        with tempfile.NamedTemporaryFile(
            "w", suffix=".json", prefix="fundwatch-source-", delete=False, encoding="utf-8"
        ) as handle:
            json.dump(source, handle, default=str)
        source_file = Path(handle.name)
        command += ["--source-file", str(source_file)]
    else:
        command.append(key)
    if dry_run:
        command.append("--dry-run")
    if as_of:
        command += ["--as-of", as_of]
    log_dir = Path(settings.data_dir).resolve() / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"crawl-{key}{'-test' if dry_run else ''}.log"
    env = child_environment(settings, scrapy_overrides=scrapy_overrides)
    with tempfile.TemporaryDirectory(prefix="fundwatch-crawl-") as scratch:
        stdout_path = Path(scratch) / "stdout"
        try:
            returncode = launch(
                command,
                env=env,
                stdout=stdout_path,
                log=log_path,
                timeout=timeout,
            )
            stdout = (
                stdout_path.read_text(encoding="utf-8", errors="replace")
                if stdout_path.exists()
                else ""
            )
        finally:
            if source_file is not None:
                source_file.unlink(missing_ok=True)
    return _outcome(settings, key, stdout, returncode, log_path, dry_run=dry_run)


def _forkserver() -> Any:
    """The class of crawl processes, forked from a server that preloaded crawlers.warm (the
    preload is fixed when the server starts: on the first crawl of this process)."""
    with _FORKSERVER_LOCK:
        multiprocessing.get_context("forkserver").set_forkserver_preload(["crawlers.warm"])
    return CrawlProcess


if HAVE_FORKSERVER:

    class _NoMainPopen(_popen_forkserver.Popen):  # type: ignore[misc]
        """multiprocessing's fork-server Popen, minus one step: the child does not import the
        parent's __main__ again (Python 3.11's fork server would, in every child: for the
        `fundwatch` command that is the whole CLI, seconds of imports per crawl)."""

        def _launch(self, process_obj: Any) -> None:
            # popen_forkserver.Popen._launch (CPython 3.11-3.13) with the main module left out.
            from multiprocessing import forkserver, spawn, util
            from multiprocessing.context import reduction, set_spawning_popen

            prep_data = spawn.get_preparation_data(process_obj._name)
            prep_data.pop("init_main_from_path", None)
            prep_data.pop("init_main_from_name", None)
            buf = io.BytesIO()
            set_spawning_popen(self)
            try:
                reduction.dump(prep_data, buf)
                reduction.dump(process_obj, buf)
            finally:
                set_spawning_popen(None)
            self.sentinel, w = forkserver.connect_to_new_process(self._fds)
            parent_w = os.dup(w)
            self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))
            with open(w, "wb", closefd=True) as handle:
                handle.write(buf.getbuffer())
            self.pid = forkserver.read_signed(self.sentinel)

    class CrawlProcess(multiprocessing.context.ForkServerProcess):  # type: ignore[misc,name-defined]
        @staticmethod
        def _Popen(process_obj: Any) -> Any:
            return _NoMainPopen(process_obj)


def launch(
    argv: list[str],
    *,
    env: dict[str, str],
    stdout: Path,
    log: Path,
    timeout: float,
    target: str = "crawlers.run_one",
) -> int:
    """Run `python -m TARGET ARGV` in a new process; its exit status (TIMED_OUT if killed).

    `target` is a module with a `main(argv) -> int` function (the bench runs its bare
    Scrapy spider the same way, so both start alike).
    """
    if not HAVE_FORKSERVER:
        with open(stdout, "w") as out, open(log, "w") as err:
            try:
                return subprocess.run(
                    [sys.executable, "-m", target, *argv],
                    env=env,
                    stdout=out,
                    stderr=err,
                    timeout=timeout,
                    check=False,
                ).returncode
            except subprocess.TimeoutExpired:
                return TIMED_OUT
    process = _forkserver()(
        target=_forked_main,
        args=(target, argv, env, os.getcwd(), str(stdout), str(log)),
        name=f"fundwatch-crawl {' '.join(argv)}",
    )
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.terminate()  # SIGTERM: Scrapy stops cleanly, storing what it has
        process.join(30)
        if process.is_alive():
            process.kill()
            process.join()
        return TIMED_OUT
    return int(process.exitcode or 0)


def _forked_main(
    target: str, argv: list[str], env: dict[str, str], cwd: str, stdout: str, log: str
) -> None:
    """The body of a forked crawl process: its own environment, folder, stdout and log."""
    import importlib

    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(os.open(stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
    os.dup2(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
    code = importlib.import_module(target).main(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(code)


def _outcome(
    settings: Settings, key: str, stdout: str, returncode: int, log_path: Path, *, dry_run: bool
) -> CrawlOutcome:
    report: RunReport | None = None
    items: list[dict[str, Any]] = []
    for line in stdout.splitlines():
        if line.startswith(SUMMARY_PREFIX):
            report = RunReport.from_json(line[len(SUMMARY_PREFIX) :])
        elif line.startswith(DRY_RUN_PREFIX):
            items.append(json.loads(line[len(DRY_RUN_PREFIX) :]))
    tail = _tail(log_path)
    if report is None:
        reason = {
            TIMED_OUT: "the crawl timed out and was stopped",
            3: f"no source with key {key}",
        }.get(returncode, f"the crawl process ended with status {returncode}")
        report = RunReport(source_key=key)
        report.finish(fatal=reason)
        if not dry_run and returncode != 3:
            record_crash(settings, key, reason)
    return CrawlOutcome(key, report, returncode, items, tail)


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def record_crash(settings: Settings, key: str, reason: str) -> None:
    """A crawl that died without reporting: close its open run (or add one) as failed."""
    from sqlalchemy import select

    from crawlers.health import record_run
    from models.base import utcnow
    from models.db import make_engine, write_session
    from models.source import CrawlRun, Source

    engine = make_engine(settings.resolved_database_url)
    try:
        with write_session(engine) as session:
            source = session.scalar(select(Source).where(Source.key == key))
            if source is None:
                return
            run = session.scalar(
                select(CrawlRun)
                .where(CrawlRun.source_id == source.id, CrawlRun.status == "running")
                .order_by(CrawlRun.id.desc())
                .limit(1)
            )
            now = utcnow()
            if run is None:
                run = CrawlRun(source_id=source.id, started_at=now)
                session.add(run)
            run.status, run.error, run.finished_at = "failed", reason, now
            session.flush()
            record_run(session, source, run, now=now, timezone=settings.timezone)
    finally:
        engine.dispose()


def run_crawls(
    settings: Settings,
    keys: Sequence[str],
    *,
    jobs: int = 2,
    as_of: str | None = None,
    scrapy_overrides: dict[str, Any] | None = None,
    on_done: Callable[[CrawlOutcome], None] | None = None,
    classify: bool | None = None,
    on_classified: Callable[[ClassifyOutcome], None] | None = None,
) -> list[CrawlOutcome]:
    """Crawl each source in its own process, `jobs` at a time; results in the order given.

    The calls they store pending are classified by one process of its own, started beside
    the crawls once some call is pending and ended by a last pass after them (`classify`:
    default FUNDWATCH_CLASSIFY, on unless set false); `on_classified` gets its outcome.
    """
    results: dict[str, CrawlOutcome] = {}
    if classify is None:
        classify = classify_enabled(scrapy_overrides)
    classifier = (
        ClassifierBesideCrawls(settings, as_of=as_of, scrapy_overrides=scrapy_overrides)
        if classify
        else None
    )

    def one(key: str) -> None:
        outcome = run_crawl(settings, key, as_of=as_of, scrapy_overrides=scrapy_overrides)
        results[key] = outcome
        if on_done is not None:
            on_done(outcome)

    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            list(pool.map(one, _unique(keys)))
    except BaseException:
        if classifier is not None:  # interrupted: the classifier stores its batch and stops
            classifier.finish(stop=True)
        raise
    if classifier is not None:
        classified = classifier.finish()
        if on_classified is not None:
            on_classified(classified)
    return [results[k] for k in _unique(keys)]


def _unique(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(keys))
