"""Housekeeping: old crawl runs pruned (each source keeps its newest), passed calls closed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import time_machine
from sqlalchemy import func, select

import scheduler
from models.call import Call, TagFeedback
from models.db import read_session, write_session
from models.ops import prune_crawl_runs, refresh_call_statuses
from models.source import CrawlRun, Source
from tests.conftest import Database
from tests.ops.support import add_source, utc

NOW = utc(2026, 11, 25, 3, 30)
TODAY = date(2026, 11, 25)


def add_runs(db: Database, key: str, ages_in_days: list[int]) -> None:
    with write_session(db.engine) as session:
        source = session.scalar(select(Source).where(Source.key == key))
        for age in ages_in_days:
            started = NOW - timedelta(days=age)
            session.add(CrawlRun(source_id=source.id, started_at=started, finished_at=started,
                                 status="ok"))  # fmt: skip


def run_ages(db: Database, key: str) -> list[int]:
    with read_session(db.engine) as session:
        rows = session.scalars(
            select(CrawlRun.started_at).join(Source).where(Source.key == key)
            .order_by(CrawlRun.started_at.desc())
        )  # fmt: skip
        return [(NOW - started).days for started in rows]


def test_old_runs_are_pruned_but_each_source_keeps_its_newest(ops_db: Database) -> None:
    add_source(ops_db.engine, "hourly")
    add_source(ops_db.engine, "monthly")
    add_runs(ops_db, "hourly", [1, 2, 3, 100, 120, 200])
    add_runs(ops_db, "monthly", [95, 125, 155, 185])  # all old: the newest 3 stay
    with write_session(ops_db.engine) as session:
        deleted = prune_crawl_runs(session, now=NOW, keep_days=90, keep_last=3)
    assert deleted == 3 + 1
    assert run_ages(ops_db, "hourly") == [1, 2, 3]
    assert run_ages(ops_db, "monthly") == [95, 125, 155]


def make_call(session, public_id: str, deadlines: list[date], **values) -> Call:
    call = Call(public_id=public_id, title=public_id, status=values.pop("status", "open"), **values)
    call.set_deadlines(deadlines, today=TODAY - timedelta(days=30))
    session.add(call)
    return call


def statuses(db: Database) -> dict[str, tuple[str, date | None]]:
    with read_session(db.engine) as session:
        return {c.public_id: (c.status, c.next_deadline) for c in session.scalars(select(Call))}


def test_calls_whose_deadlines_passed_are_closed(ops_db: Database) -> None:
    with write_session(ops_db.engine) as session:
        make_call(session, "PASSED", [date(2026, 11, 24)])
        make_call(session, "TWO-STAGE", [date(2026, 11, 1), date(2027, 2, 1)])
        make_call(session, "ROLLING", [])
        make_call(session, "TODAY", [TODAY])
        make_call(session, "STARTS", [date(2027, 3, 1)], status="forthcoming",
                  opening_date=date(2026, 11, 20))  # fmt: skip
    with write_session(ops_db.engine) as session:
        report = refresh_call_statuses(session, today=TODAY)
    assert (report.closed, report.opened) == (1, 1)
    assert statuses(ops_db) == {
        "PASSED": ("closed", date(2026, 11, 24)),
        "TWO-STAGE": ("open", date(2027, 2, 1)),  # the next cut-off becomes the deadline
        "ROLLING": ("open", None),
        "TODAY": ("open", TODAY),  # the deadline day itself is still open
        "STARTS": ("open", date(2027, 3, 1)),
    }
    with write_session(ops_db.engine) as session:  # a second run finds nothing to do
        again = refresh_call_statuses(session, today=TODAY)
    assert (again.closed, again.opened) == (0, 0)


def test_the_housekeeping_job_prunes_and_closes(ops_db: Database, tmp_path: Path) -> None:
    add_source(ops_db.engine, "old-feed")
    add_runs(ops_db, "old-feed", [1] + [200] * 12)
    with write_session(ops_db.engine) as session:
        make_call(session, "PASSED", [date(2026, 11, 24)])
    rt = scheduler.Runtime(settings=ops_db.settings(tmp_path), engine=ops_db.engine)
    with time_machine.travel(NOW, tick=False):
        result = scheduler.housekeeping(rt)
    assert result == {"runs_pruned": 3, "calls_closed": 1, "calls_opened": 0}


def test_retraining_waits_for_new_tag_corrections(
    ops_db: Database, tmp_path: Path, monkeypatch
) -> None:
    """No correction: no training. With corrections, `fundwatch train --data DIR` runs in its
    own process with the corrected calls in DIR as labelled records, and once it succeeds
    the corrections it saw are marked trained."""
    from matcher.trainer import load_labelled, model_labels, target_matrix

    runs: list[list[str]] = []

    def fake_run_child(argv, **kwargs) -> int:
        runs.append(list(argv))
        return 0

    monkeypatch.setattr(scheduler, "run_child", fake_run_child)
    rt = scheduler.Runtime(settings=ops_db.settings(tmp_path), engine=ops_db.engine)
    assert scheduler.retrain_if_corrected(rt) is None and runs == []
    with write_session(ops_db.engine) as session:
        call = make_call(session, "CERV-2027-X", [date(2027, 1, 1)], programme="CERV",
                         themes=["housing"], applicant_types=["ngo"], funding_type="grant")  # fmt: skip
        session.flush()
        session.add(TagFeedback(call_id=call.id, field="themes", old_value=[],
                                new_value=["housing"]))  # fmt: skip
    assert scheduler.retrain_if_corrected(rt) == {"corrections": 1, "calls": 1, "exit_code": 0}
    assert runs[0][-3:] == ["train", "--data", str(tmp_path / "training-corrections")]
    [record] = load_labelled([tmp_path / "training-corrections" / "taskforce.jsonl"])
    assert (record["id"], record["group"]) == ("taskforce-CERV-2027-X", "CERV")
    assert record["gold"]["themes"] == ["housing"] and record["gold"]["deadline"] == "2027-01-01"
    labels = model_labels()
    assert target_matrix([record], labels)[0][labels.index("theme:housing")] == 1
    with read_session(ops_db.engine) as session:
        untrained = session.scalar(
            select(func.count()).select_from(TagFeedback).where(TagFeedback.trained_at.is_(None))
        )
    assert untrained == 0
    assert scheduler.retrain_if_corrected(rt) is None and len(runs) == 1


def test_the_schedulers_own_tables_stay_out_of_alembic(ops_db: Database, tmp_path: Path) -> None:
    """apscheduler_jobs and fundwatch_locks are not models: autogenerate must not see them."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from models.base import Base
    from models.db import include_object
    from models.ops import ensure_ops_tables

    ensure_ops_tables(ops_db.engine)
    sched = scheduler.build_scheduler(ops_db.settings(tmp_path), engine=ops_db.engine)
    scheduler.stop_scheduler(sched, wait=False)
    with ops_db.engine.connect() as conn:
        options = {"compare_type": True, "include_object": include_object}
        assert compare_metadata(MigrationContext.configure(conn, opts=options), Base.metadata) == []
