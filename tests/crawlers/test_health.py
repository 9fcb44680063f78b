"""Source health (failing, empty, stale) and which sources are due, with time pinned."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from crawlers.health import due_sources, is_due, record_run, refresh_states
from models.db import write_session
from models.source import CrawlRun, Source
from tests.conftest import Database
from tests.crawlers.conftest import EPOCH_TIME

NOW = EPOCH_TIME


def make_source(
    session: Any, key: str = "eyf", schedule: str = "every 1d", **values: Any
) -> Source:
    source = Source(
        key=key,
        name=key,
        kind="feed",
        url="https://example.org/rss",
        schedule=schedule,
        created_at=NOW - timedelta(days=30),
        **values,
    )
    session.add(source)
    session.flush()
    return source


def run(session: Any, source: Source, *, at: Any, status: str = "ok", **counts: Any) -> str:
    crawl = CrawlRun(source_id=source.id, started_at=at, finished_at=at, status=status, **counts)
    if status == "failed":
        crawl.error = "no page could be fetched: connection refused"
    session.add(crawl)
    session.flush()
    return record_run(session, source, crawl, now=at)


def test_a_source_is_failing_after_three_failed_runs(db: Database, frozen: None) -> None:
    with write_session(db.engine) as session:
        source = make_source(session)
        run(session, source, at=NOW - timedelta(days=3), items_seen=4)
        states = [
            run(session, source, at=NOW - timedelta(hours=h), status="failed") for h in (3, 2, 1)
        ]
    assert states == ["ok", "ok", "failing"]


def test_a_success_clears_failing(db: Database, frozen: None) -> None:
    with write_session(db.engine) as session:
        source = make_source(session)
        for hours in (4, 3, 2):
            run(session, source, at=NOW - timedelta(hours=hours), status="failed")
        assert run(session, source, at=NOW, items_seen=2) == "ok"


def test_a_failed_run_keeps_its_error_and_time(db: Database, frozen: None) -> None:
    with write_session(db.engine) as session:
        source = make_source(session)
        run(session, source, at=NOW, status="failed")
        assert (source.last_error, source.last_error_at, source.consecutive_failures) == (
            "no page could be fetched: connection refused",
            NOW,
            1,
        )


def test_a_source_is_empty_when_a_run_finds_nothing_where_it_used_to(
    db: Database, frozen: None
) -> None:
    with write_session(db.engine) as session:
        source = make_source(session)
        run(session, source, at=NOW - timedelta(days=1), items_seen=12, items_new=12)
        assert run(session, source, at=NOW, items_seen=0) == "empty"


def test_a_run_answered_by_304s_is_not_empty(db: Database, frozen: None) -> None:
    with write_session(db.engine) as session:
        source = make_source(session)
        run(session, source, at=NOW - timedelta(days=1), items_seen=12, items_new=12)
        assert run(session, source, at=NOW, items_seen=0, http_304=1) == "ok"


def test_a_source_that_never_found_anything_is_not_empty(db: Database, frozen: None) -> None:
    with write_session(db.engine) as session:
        source = make_source(session)
        run(session, source, at=NOW - timedelta(days=1), items_seen=0)
        assert run(session, source, at=NOW, items_seen=0) == "ok"


def test_a_source_is_stale_without_success_for_three_intervals(db: Database, frozen: None) -> None:
    with write_session(db.engine) as session:
        source = make_source(session, schedule="every 6h")
        run(session, source, at=NOW - timedelta(hours=19), items_seen=3)
        changed = refresh_states(session, now=NOW)
    assert changed == [("eyf", "ok", "stale")]


def test_a_source_within_three_intervals_is_not_stale(db: Database, frozen: None) -> None:
    with write_session(db.engine) as session:
        source = make_source(session, schedule="every 6h")
        run(session, source, at=NOW - timedelta(hours=17), items_seen=3)
        assert refresh_states(session, now=NOW) == []


@pytest.mark.parametrize(
    ("schedule", "last_run", "due"),
    [
        ("every 6h", None, True),
        ("every 6h", timedelta(hours=5), False),
        ("every 6h", timedelta(hours=6), True),
        ("0 6 * * 1", timedelta(days=1), False),  # Mondays 06:00; EPOCH is a Friday
        ("0 6 * * 1", timedelta(days=7), True),
    ],
)
def test_due(schedule: str, last_run: timedelta | None, due: bool) -> None:
    source = Source(
        key="k",
        schedule=schedule,
        enabled=True,
        last_run_at=None if last_run is None else NOW - last_run,
    )
    assert is_due(source, now=NOW) is due


def test_disabled_sources_are_never_due(db: Database, frozen: None) -> None:
    with write_session(db.engine) as session:
        make_source(session, key="on")
        make_source(session, key="off", enabled=False)
        assert [s.key for s in due_sources(session, now=NOW)] == ["on"]


def test_sources_list_shows_state_last_success_and_last_error(
    db: Database, run_cli: Any, frozen: None
) -> None:
    with write_session(db.engine) as session:
        source = make_source(session, key="ceb-calls")
        run(session, source, at=NOW - timedelta(days=2), items_seen=5)
        for hours in (3, 2, 1):
            run(session, source, at=NOW - timedelta(hours=hours), status="failed")
    lines = run_cli("sources", "list").output.splitlines()
    line = next(text for text in lines if "ceb-calls" in text)
    assert "failing" in line and "2026-11-18 09:00" in line and "connection refused" in line


def test_the_state_is_stored(db: Database, frozen: None) -> None:
    with write_session(db.engine) as session:
        source = make_source(session)
        for hours in (3, 2, 1):
            run(session, source, at=NOW - timedelta(hours=hours), status="failed")
    with db.engine.connect() as conn:
        assert conn.scalar(select(Source.state)) == "failing"
