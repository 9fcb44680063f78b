"""Hand calls to the classifier (when it is installed) and store its tags.

A call is *pending* while its `classifier_version` is NULL: the store (`store_call`) clears
it on every new call and every call whose content changed, so a crawl only stores calls and
never loads the classifier. `classify_pending` then classifies the pending calls in batches,
in a process of its own (`python -m crawlers.classify`, started by `fundwatch crawl` and the
scheduler). `classify_calls` classifies calls inside the caller's transaction (`calls
import`, `calls reclassify`).

Manual and source tags are never overwritten (`models.callstore.set_tag`). A call whose
every tag is manual or from the source gets the classifier's version without running the
model, so it does not stay pending.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from models.call import TAG_FIELDS, Call
from models.callstore import apply_classification
from models.db import read_session, write_session

log = logging.getLogger("fundwatch.classify")

PENDING = Call.classifier_version.is_(None)
BATCH = 500  # calls per transaction (below the classifier's parallel threshold: one core)
MAX_CALLS = 200_000  # calls one run classifies at most
MAX_SECONDS = 3600.0  # one run stops starting batches after this
# After a batch fails, its calls are tried one by one; when the first few all fail too the
# classifier itself is broken: the run stops, leaving the calls pending.
BROKEN_AFTER = 3


def classifier_input(call: Call) -> dict[str, Any]:
    """A call as the classifier reads it: the calls-JSONL fields, structured ones included."""
    record: dict[str, Any] = {
        "id": call.public_id,
        "title": call.title,
        "description": call.description_text,
        "url": call.url,
        "funder": call.funder,
        "published": call.published.isoformat() if call.published else None,
    }
    if call.programme:
        record["programme"] = call.programme
    for name in ("language", "themes", "applicant_types", "countries", "max_amount_eur",
                 "funding_type", "partnership_required", "cross_border"):  # fmt: skip
        if call.origin_of(name) in ("source", "manual"):
            record[name] = getattr(call, name)
    if call.origin_of("deadline") in ("source", "manual"):
        record["deadline"] = list(call.deadlines or []) or None
    return record


def load_classifier(model_dir: Path | None) -> Any | None:
    """The classifier, or None while the classifier package is not installed."""
    try:
        from matcher.service import get_classifier
    except ImportError:
        return None
    return get_classifier(model_dir)


def needs_model(call: Call) -> bool:
    """Whether some tag of the call is the classifier's to set (not manual, not the source's)."""
    return any(call.origin_of(name) not in ("source", "manual") for name in TAG_FIELDS)


def _outputs(classifier: Any, calls: Sequence[Call], today: date) -> list[dict[str, Any] | None]:
    """The classifier's output for each call; None for a call whose every tag is given."""
    wanted = [call for call in calls if needs_model(call)]
    found = classifier.classify_many([classifier_input(c) for c in wanted], as_of=today)
    by_id = {id(call): output for call, output in zip(wanted, found, strict=True)}
    return [by_id.get(id(call)) for call in calls]


def _apply(call: Call, output: dict[str, Any] | None, *, version: str, today: date) -> None:
    if output is None:
        call.classifier_version = version
    else:
        apply_classification(call, output, version=version, today=today)


def classify_calls(
    session: Session, calls: Sequence[Call], *, today: date, model_dir: Path | None
) -> int:
    """Classify `calls` in the caller's transaction (tags as origin `auto`, the pending mark
    cleared); returns how many were classified (0 when no classifier is installed)."""
    classifier = load_classifier(model_dir)
    if classifier is None or not calls:
        return 0
    for call, output in zip(calls, _outputs(classifier, calls, today), strict=True):
        _apply(call, output, version=classifier.version, today=today)
    session.flush()
    return len(calls)


def count_pending(engine: Engine) -> int:
    with read_session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(Call).where(PENDING)) or 0)


@dataclass
class PendingReport:
    """What one `classify_pending` run did."""

    classified: int = 0  # calls whose pending mark was cleared
    failed: int = 0  # calls the classifier failed on: left pending for the next run
    changed: int = 0  # calls changed by a crawl while being classified: left pending
    remaining: int = 0  # calls pending when the run ended
    batches: int = 0
    seconds: float = 0.0
    version: str | None = None
    error: str | None = None
    failed_ids: list[int] = field(default_factory=list)

    def add(self, other: PendingReport) -> None:
        """Fold a later pass of the same process into this report."""
        for name in ("classified", "failed", "changed", "batches"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failed_ids += other.failed_ids
        self.remaining = other.remaining
        self.version = other.version or self.version
        self.error = other.error or self.error

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["failed_ids"] = data["failed_ids"][:50]
        return data


class PendingClassifier:
    """Classifies pending calls, batch by batch; loads the model when a call first needs it.

    Each batch is read in a read session, classified with no transaction open (the
    classifier takes seconds; a write lock held that long would stall the crawls), then
    written in one write transaction that re-reads the calls (FOR UPDATE SKIP LOCKED on
    PostgreSQL) and skips any a crawl changed meanwhile: those stay pending for the next
    pass. A batch the database refuses stops the run; its calls stay pending.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        today: date,
        model_dir: Path | None,
        batch: int = BATCH,
    ) -> None:
        self.engine = engine
        self.today = today
        self.model_dir = model_dir
        self.batch = max(1, batch)
        self.classifier: Any = None
        self.failed: set[int] = set()  # not tried again by this object

    def _load(self) -> None:
        if self.classifier is None:
            classifier = load_classifier(self.model_dir)
            if classifier is None:
                raise RuntimeError("the classifier is not installed")
            self.classifier = classifier

    def run(
        self,
        *,
        max_calls: int = MAX_CALLS,
        max_seconds: float = MAX_SECONDS,
        stop: Callable[[], bool] | None = None,
    ) -> PendingReport:
        """One pass over the pending calls, oldest first, bounded in calls and time."""
        report = PendingReport()
        started = time.monotonic()
        last_id = 0
        for _ in range(max_calls // self.batch + 1):
            if report.classified + report.failed >= max_calls:
                break
            if time.monotonic() - started > max_seconds or (stop is not None and stop()):
                break
            with read_session(self.engine) as session:
                query = select(Call).where(PENDING, Call.id > last_id).order_by(Call.id)
                calls = list(session.scalars(query.limit(self.batch)))
            if not calls:
                break
            last_id = calls[-1].id
            calls = [call for call in calls if call.id not in self.failed]
            if not calls:
                continue
            try:
                self._load()
            except Exception as exc:  # a model of another version, a broken model folder
                report.error = f"cannot load the classifier: {type(exc).__name__}: {exc}"[:500]
                log.error("classifier not loaded", extra={"error": report.error})
                break
            outputs = self._classify(calls, report)
            if outputs is None:
                break
            report.batches += 1
            try:
                self._store(calls, outputs, report)
            except Exception as exc:  # the database refused the batch: its calls stay pending
                report.error = f"cannot store the tags: {type(exc).__name__}: {exc}"[:500]
                log.error("classified batch not stored", extra={"error": report.error})
                break
        report.version = self.classifier.version if self.classifier is not None else None
        report.remaining = count_pending(self.engine)
        report.seconds = round(time.monotonic() - started, 3)
        return report

    def _classify(
        self, calls: list[Call], report: PendingReport
    ) -> list[dict[str, Any] | Exception | None] | None:
        """Outputs for the batch; after an error, call by call (an exception for each call
        that fails). None when the classifier fails on everything: it is broken."""
        try:
            return list(_outputs(self.classifier, calls, self.today))
        except Exception as exc:
            log.warning(
                "classifier failed on a batch; trying its calls one by one",
                extra={"error": f"{type(exc).__name__}: {exc}"[:300], "calls": len(calls)},
            )
        results: list[dict[str, Any] | Exception | None] = []
        for n, call in enumerate(calls):
            try:
                results.append(_outputs(self.classifier, [call], self.today)[0])
            except Exception as exc:
                results.append(exc)
                if n + 1 >= BROKEN_AFTER and all(isinstance(r, Exception) for r in results):
                    report.error = f"classifier failed: {type(exc).__name__}: {exc}"[:500]
                    log.error("classifier failed on every call", extra={"error": report.error})
                    return None
        return results

    def _store(
        self,
        calls: list[Call],
        outputs: list[dict[str, Any] | Exception | None],
        report: PendingReport,
    ) -> None:
        """One write transaction: the tags of every call of the batch still as it was read."""
        read = {
            call.id: (call.content_hash, output)
            for call, output in zip(calls, outputs, strict=True)
        }
        version = self.classifier.version
        with write_session(self.engine) as session:
            # PostgreSQL: rows a crawl is writing right now are skipped (never waited for,
            # so no deadlock): they stay pending for the next pass. SQLite: the write lock.
            query = (
                select(Call)
                .where(Call.id.in_(list(read)), PENDING)
                .order_by(Call.id)
                .with_for_update(skip_locked=True)
            )
            for call in session.scalars(query):
                content_hash, output = read[call.id]
                if call.content_hash != content_hash:
                    report.changed += 1
                elif isinstance(output, Exception):
                    report.failed += 1
                    report.failed_ids.append(call.id)
                    self.failed.add(call.id)
                    log.warning(
                        "classifier failed on a call; it stays pending",
                        extra={"call": call.public_id, "error": f"{output}"[:300]},
                    )
                else:
                    _apply(call, output, version=version, today=self.today)
                    report.classified += 1


def classify_pending(
    engine: Engine,
    *,
    today: date,
    model_dir: Path | None,
    batch: int = BATCH,
    max_calls: int = MAX_CALLS,
    max_seconds: float = MAX_SECONDS,
    stop: Callable[[], bool] | None = None,
) -> PendingReport:
    """Classify the pending calls (one transaction per batch); the model is loaded only when
    some call is pending. A classifier that fails leaves its calls pending (retried by the
    next run) and says so in the report's `error`; no call is ever lost."""
    worker = PendingClassifier(engine, today=today, model_dir=model_dir, batch=batch)
    return worker.run(max_calls=max_calls, max_seconds=max_seconds, stop=stop)
