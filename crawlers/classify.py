"""Classifying the calls crawls stored pending, in one process of its own.

    python -m crawlers.classify [--as-of YYYY-MM-DD] [--follow DONE_FILE] [--max-seconds S]

Crawl processes never load the classifier (scikit-learn and the model cost ~250 MB in each);
they store new and changed calls with `classifier_version` NULL. This process classifies
them (`models.tagging.PendingClassifier`: batches of 500, one transaction each, bounded in
calls and time), loading the model only when some call is pending. `fundwatch crawl` starts
it beside its crawls as soon as a call is pending (crawls that change nothing start no
classifier), with `--follow DONE_FILE`: it classifies calls as the crawls store them and
ends with a last pass once DONE_FILE exists (the crawls ended). The scheduler starts it
after each local crawl and every 10 minutes (calls stored by Scrapyd crawls, retries).

The last line on stdout is `FUNDWATCH-CLASSIFY {json}`: counts, seconds, this process's peak
memory, the error if any. Exit status 0, or 1 when the classifier could not be loaded or
failed on every call (the calls stay pending; the next run tries again). SIGTERM: the batch
in hand is finished and stored, then the process stops.

`FUNDWATCH_CLASSIFY` (in `FUNDWATCH_SCRAPY_SETTINGS`, default true): false makes `fundwatch
crawl` and the scheduler's crawl job leave the calls pending; the scheduler's periodic
`classify-pending` job still classifies them.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from crawlers.run_one import peak_rss_mb, scrapy_overrides
from models.settings import Settings

CLASSIFY_PREFIX = "FUNDWATCH-CLASSIFY "
CLASSIFY_SETTING = "FUNDWATCH_CLASSIFY"
FOLLOW_POLL_S = 0.25  # how often a following classifier looks for new pending calls
WATCH_S = 0.5  # how often `fundwatch crawl` looks for a first pending call
MAX_SECONDS = 3600.0  # a run stops starting batches after this long
FOLLOW_MAX_SECONDS = 3 * 3600.0  # following crawls: their own time limit (2 h) and then some
STOP_GRACE_S = 120.0  # after SIGTERM: time to finish the batch in hand


def classify_enabled(overrides: Mapping[str, Any] | None = None) -> bool:
    """Whether crawls classify their calls when done: FUNDWATCH_CLASSIFY in the Scrapy
    overrides given, else in FUNDWATCH_SCRAPY_SETTINGS (default true)."""
    values = scrapy_overrides() if overrides is None else overrides
    return str(values.get(CLASSIFY_SETTING, True)).lower() not in ("false", "0", "no")


# -- the classifying process ----------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.classify")
    parser.add_argument("--as-of", help="the day counted as today (YYYY-MM-DD)")
    parser.add_argument(
        "--follow", type=Path, help="classify as calls arrive until this file exists"
    )
    parser.add_argument("--max-seconds", type=float, default=MAX_SECONDS)
    parser.add_argument("--max-calls", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args(argv)

    from models.db import make_engine
    from models.logs import configure_logging
    from models.settings import SettingsError, load_settings
    from models.tagging import PendingClassifier, PendingReport

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)  # to stderr: DATA_DIR/logs/classify.log
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    today = date.fromisoformat(args.as_of) if args.as_of else datetime.now(settings.zone).date()
    engine = make_engine(settings.resolved_database_url)
    worker = PendingClassifier(
        engine, today=today, model_dir=settings.resolved_model_dir, batch=args.batch
    )
    started = time.monotonic()
    report = PendingReport()
    try:
        for _ in range(int(args.max_seconds / FOLLOW_POLL_S) + 2):
            crawls_done = args.follow is None or args.follow.exists()
            left = args.max_seconds - (time.monotonic() - started)
            one = worker.run(
                max_calls=max(0, args.max_calls - report.classified),
                max_seconds=left,
                stop=stop.is_set,
            )
            report.add(one)
            if crawls_done or one.error or stop.is_set() or left <= 0:
                break
            if not one.classified:
                stop.wait(FOLLOW_POLL_S)
    finally:
        engine.dispose()
    report.seconds = round(time.monotonic() - started, 3)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = round(usage.ru_utime + usage.ru_stime, 3)
    line = {**report.to_dict(), "peak_rss_mb": peak_rss_mb(), "cpu_s": cpu_s}
    print(CLASSIFY_PREFIX + json.dumps(line, ensure_ascii=False), flush=True)
    if report.error:
        print(f"error: {report.error}", file=sys.stderr)
    return 1 if report.error else 0


# -- starting it ----------------------------------------------------------------------------


@dataclass
class ClassifyOutcome:
    """What the classifying process reported (or why it reported nothing)."""

    returncode: int
    classified: int = 0
    failed: int = 0
    remaining: int = 0
    seconds: float = 0.0  # the process's whole life
    after_crawls_s: float = 0.0  # of which after the crawls ended (the wait they added)
    peak_rss_mb: float | None = None
    cpu_s: float | None = None  # the process's CPU time (user + system)
    error: str | None = None
    followed: bool = False
    started: bool = True  # False: no call was pending, no process was started

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and self.error is None

    def summary_line(self) -> str:
        if not self.started:
            return "classified: 0 calls (none pending)"
        if self.followed:
            parts = [
                f"classified: {self.classified} calls in {self.seconds:.1f} s, beside the "
                f"crawls ({self.after_crawls_s:.1f} s after they ended)"
            ]
        else:
            parts = [f"classified: {self.classified} calls in {self.seconds:.1f} s"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.remaining:
            parts.append(f"{self.remaining} still pending")
        if self.error:
            parts.append(f"error: {self.error.splitlines()[0][:200]}")
        if self.peak_rss_mb:
            parts.append(f"peak {self.peak_rss_mb:.0f} MB")
        return " | ".join(parts)


class ClassifierProcess:
    """`python -m crawlers.classify` as a child (a plain new interpreter, never forked from
    the crawl fork server), with the parent's settings; its log is DATA_DIR/logs/classify.log.

    `follow=True` starts it while crawls run: it classifies as they store calls, until
    `finish()` tells it they ended. A stop request (`stop`) reaches it as SIGTERM.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        as_of: str | None = None,
        follow: bool = False,
        stop: threading.Event | None = None,
        scrapy_overrides: dict[str, Any] | None = None,
    ) -> None:
        from crawlers.runner import child_environment

        self.scratch = tempfile.TemporaryDirectory(prefix="fundwatch-classify-")
        folder = Path(self.scratch.name)
        self.done_file = folder / "crawls-done" if follow else None
        self.stdout_path = folder / "stdout"
        log_dir = Path(settings.data_dir).resolve() / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / "classify.log"
        max_seconds = FOLLOW_MAX_SECONDS if follow else MAX_SECONDS
        argv = [sys.executable, "-m", "crawlers.classify", "--max-seconds", str(max_seconds)]
        if as_of:
            argv += ["--as-of", as_of]
        if self.done_file is not None:
            argv += ["--follow", str(self.done_file)]
        self.stop = stop or threading.Event()
        env = child_environment(settings, scrapy_overrides=scrapy_overrides)
        self.result: int | None = None
        self.thread = threading.Thread(
            target=self._run, args=(argv, env, max_seconds + STOP_GRACE_S), daemon=True
        )
        self.thread.start()

    def _run(self, argv: list[str], env: dict[str, str], timeout_s: float) -> None:
        from models.processes import run_child

        with (
            open(self.stdout_path, "w", encoding="utf-8") as out,
            open(self.log_path, "w", encoding="utf-8") as err,
        ):
            self.result = run_child(
                argv, env=env, stop=self.stop, timeout_s=timeout_s, stdout=out, stderr=err
            )

    def finish(self) -> ClassifyOutcome:
        """Tell a following classifier the crawls ended; wait for its end and its report."""
        ended = time.monotonic()
        if self.done_file is not None:
            self.done_file.touch()
        try:
            while self.thread.is_alive():
                self.thread.join(1.0)
            outcome = _outcome(self.result, self.stdout_path, self.log_path)
            outcome.followed = self.done_file is not None
            outcome.after_crawls_s = round(time.monotonic() - ended, 3)
            return outcome
        finally:
            self.scratch.cleanup()


def _outcome(returncode: int | None, stdout: Path, log_path: Path) -> ClassifyOutcome:
    code = -1 if returncode is None else returncode
    try:
        lines = stdout.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for line in reversed(lines):
        if line.startswith(CLASSIFY_PREFIX):
            data = json.loads(line[len(CLASSIFY_PREFIX) :])
            known = {k: v for k, v in data.items() if k in ClassifyOutcome.__dataclass_fields__}
            return ClassifyOutcome(returncode=code, **known)
    from crawlers.runner import _tail

    tail = _tail(log_path, lines=1).strip()
    reason = f"the classifier process ended with status {code} and no report"
    return ClassifyOutcome(returncode=code, error=f"{reason}: {tail}" if tail else reason)


def has_pending(engine: Engine) -> bool:
    """Whether any call waits for classification (one cheap query; no model loaded)."""
    from sqlalchemy import select

    from models.call import Call
    from models.db import read_session

    with read_session(engine) as session:
        query = select(Call.id).where(Call.classifier_version.is_(None)).limit(1)
        return session.scalar(query) is not None


def classify_now(
    settings: Settings, *, as_of: str | None = None, stop: threading.Event | None = None
) -> ClassifyOutcome | None:
    """Classify every pending call in a child process and wait; None when none is pending."""
    from models.db import make_engine

    engine = make_engine(settings.resolved_database_url)
    try:
        if not has_pending(engine):
            return None
    finally:
        engine.dispose()
    return ClassifierProcess(settings, as_of=as_of, stop=stop).finish()


class ClassifierBesideCrawls:
    """The classifier process of `fundwatch crawl`: started, following the crawls, as soon
    as some call is pending (looked for every WATCH_S), so crawls that change nothing cost no
    process; `finish()` after the crawls ends it (or runs it once, if the last calls came
    after the last look)."""

    def __init__(
        self,
        settings: Settings,
        *,
        as_of: str | None = None,
        scrapy_overrides: dict[str, Any] | None = None,
    ) -> None:
        from models.db import make_engine

        self.settings = settings
        self.options: dict[str, Any] = {"as_of": as_of, "scrapy_overrides": scrapy_overrides}
        self.engine = make_engine(settings.resolved_database_url)
        self.crawls_done = threading.Event()
        self.process: ClassifierProcess | None = None
        self.watcher = threading.Thread(target=self._watch, daemon=True)
        self.watcher.start()

    def _watch(self) -> None:
        for _ in range(int(FOLLOW_MAX_SECONDS / WATCH_S)):
            try:
                pending = has_pending(self.engine)
            except Exception:  # the database is busy or away: look again, or at the end
                pending = False
            if pending:
                self.process = ClassifierProcess(self.settings, follow=True, **self.options)
                return
            if self.crawls_done.wait(WATCH_S):
                return

    def finish(self, *, stop: bool = False) -> ClassifyOutcome:
        """After the crawls: the classifier's outcome (`stop`: interrupted, store the batch in
        hand and end)."""
        self.crawls_done.set()
        self.watcher.join()
        try:
            if self.process is None and not stop and has_pending(self.engine):
                self.process = ClassifierProcess(self.settings, **self.options)
        except Exception as exc:  # the crawls are done and stored: report, never raise
            return ClassifyOutcome(returncode=-1, error=f"{type(exc).__name__}: {exc}"[:300])
        finally:
            self.engine.dispose()
        if self.process is None:
            return ClassifyOutcome(returncode=0, started=False)
        if stop:
            self.process.stop.set()
        return self.process.finish()


if __name__ == "__main__":
    sys.exit(main())
