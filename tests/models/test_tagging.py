"""Pending classification: the store marks calls pending, `classify_pending` tags and clears
them in batches, a classifier that fails leaves them pending for the next run.

These load the shipped model in this process (a few seconds, once per test process)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from models.call import TAG_FIELDS, Call
from models.callstore import CallRecord, store_call
from models.db import read_session, write_session
from models.tagging import PendingClassifier, PendingReport, classify_pending, count_pending
from tests.conftest import Database

TODAY = date(2026, 11, 20)
# Every tag field, as a source states it: the classifier has nothing to add.
ALL_GIVEN = {
    "language": "en",
    "themes": ["education"],
    "applicant_types": ["ngo"],
    "countries": ["HU"],
    "deadline": [date(2027, 2, 1)],
    "max_amount_eur": 10000.0,
    "funding_type": "grant",
    "partnership_required": False,
    "cross_border": False,
}


def record(n: int, **extra: Any) -> CallRecord:
    values: dict[str, Any] = {
        "title": f"Grants for Roma school mediators in municipalities, round {n}",
        "source_key": "desk",
        "item_id": f"call-{n}",
        "url": f"https://desk.example/calls/{n}",
        "description_text": (
            "Municipalities in Hungary and Slovakia may apply with a Roma-led partner for "
            "grants of up to EUR 40 000 to employ school mediators. Deadline: 31 March 2027."
        ),
        "deadlines": [date(2027, 3, 31)],
    }
    values.update(extra)
    return CallRecord(**values)


def store(db: Database, *records: CallRecord) -> None:
    with write_session(db.engine) as session:
        for one in records:
            store_call(session, one, today=TODAY)


def calls_by_id(db: Database) -> dict[str, Call]:
    with read_session(db.engine) as session:
        return {c.public_id: c for c in session.scalars(select(Call))}


def broken_model(folder: Path) -> Path:
    """A model folder as a bad `fundwatch train` could leave it: saved by another version."""
    folder.mkdir()
    (folder / "meta.json").write_text(json.dumps({"sklearn_version": "0.1", "labels": []}))
    (folder / "model.skops").write_bytes(b"not a model")
    return folder


def test_the_store_marks_new_and_changed_calls_pending_not_unchanged_ones(db: Database) -> None:
    store(db, record(0), record(1))
    assert count_pending(db.engine) == 2
    classify_pending(db.engine, today=TODAY, model_dir=None)
    store(db, record(0), record(1, deadlines=[date(2027, 4, 30)]))  # call 1's deadline moved
    pending = [k for k, c in calls_by_id(db).items() if c.classifier_version is None]
    assert pending == ["desk:call-1"]


def test_classify_pending_tags_the_calls_and_clears_the_mark(db: Database) -> None:
    given = record(2, tags=ALL_GIVEN)
    store(db, record(0), record(1), given)
    report = classify_pending(db.engine, today=TODAY, model_dir=None, batch=2)
    calls = calls_by_id(db)
    assert (report.classified, report.batches, report.remaining, report.error) == (3, 2, 0, None)
    assert {c.classifier_version for c in calls.values()} == {report.version}
    tagged = calls["desk:call-0"]
    assert tagged.countries == ["HU", "SK"] and tagged.max_amount_eur == 40000
    assert tagged.tags_origin["countries"] == "auto" and tagged.evidence["countries"]["HU"]
    # Every tag of call 2 is the source's: kept as given, and the call is no longer pending.
    kept = calls["desk:call-2"]
    assert {name: kept.origin_of(name) for name in TAG_FIELDS} == dict.fromkeys(
        TAG_FIELDS, "source"
    )
    assert (kept.countries, kept.max_amount_eur) == (["HU"], 10000)
    again = classify_pending(db.engine, today=TODAY, model_dir=None)
    assert (again.classified, again.version) == (0, None)  # nothing pending: no model loaded


def test_a_classifier_that_fails_leaves_the_calls_pending_for_the_next_run(
    db: Database, tmp_path: Path
) -> None:
    store(db, record(0), record(1))
    failed = classify_pending(db.engine, today=TODAY, model_dir=broken_model(tmp_path / "model"))
    assert (failed.classified, failed.remaining) == (0, 2)
    assert failed.error is not None and failed.error.startswith(
        "cannot load the classifier: ModelVersionError"
    )
    assert count_pending(db.engine) == 2
    fixed = classify_pending(db.engine, today=TODAY, model_dir=None)
    assert (fixed.classified, fixed.remaining, fixed.error) == (2, 0, None)


def test_a_call_changed_while_it_was_classified_stays_pending(db: Database) -> None:
    store(db, record(0), record(1))
    worker = PendingClassifier(db.engine, today=TODAY, model_dir=None)
    worker._load()
    with read_session(db.engine) as session:
        read = list(session.scalars(select(Call).order_by(Call.id)))
    report = PendingReport()
    outputs = worker._classify(read, report)
    assert outputs is not None
    store(db, record(1, title="Grants for Roma school mediators, round 1 (extended)"))  # a crawl
    worker._store(read, outputs, report)
    pending = [k for k, c in calls_by_id(db).items() if c.classifier_version is None]
    assert (report.classified, report.changed, pending) == (1, 1, ["desk:call-1"])
    assert classify_pending(db.engine, today=TODAY, model_dir=None).classified == 1


def test_calls_import_classifies_inline_and_clears_the_mark(run_cli: Any, files: Path, db) -> None:
    result = run_cli("calls", "import", str(files / "calls.jsonl"))
    assert result.exit_code == 0 and "4 new" in result.output and "4 classified" in result.output
    assert count_pending(db.engine) == 0


def test_calls_imported_unclassified_stay_pending_until_reclassified(
    run_cli: Any, files: Path, db
) -> None:
    assert run_cli("calls", "import", "--no-classify", str(files / "calls.jsonl")).exit_code == 0
    assert count_pending(db.engine) == 4  # the scheduler's classify-pending job would tag them
    assert "4 calls classified" in run_cli("calls", "reclassify").output
    assert count_pending(db.engine) == 0
