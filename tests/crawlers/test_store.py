"""The store step in this process: batches, bad items, validators, the pending mark."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import event, func, select, update

from crawlers.context import CrawlContext, load_source
from crawlers.items import FundingCall, PageDone
from crawlers.report import RunReport
from crawlers.store import BatchWriter
from models.call import Call, CallSource
from models.source import CrawlRun, HttpValidator
from tests.conftest import Database
from tests.crawlers.conftest import EPOCH
from tests.crawlers.offline import process


@pytest.fixture
def ctx(db: Database, tmp_path: Path, add_source: Any) -> CrawlContext:
    add_source(db, key="desk", kind="feed", url="https://desk.example/rss", funder="Desk")
    return CrawlContext(
        source=load_source(db.engine, "desk"),
        report=RunReport(source_key="desk"),
        today=EPOCH,
        settings=db.settings(tmp_path),
        engine=db.engine,
    )


def calls(
    ctx: CrawlContext, count: int, *, page: str = "https://desk.example/rss", **extra: Any
) -> list[FundingCall]:
    items = [
        FundingCall(
            source_key="desk",
            title=f"Grants for Roma inclusion projects in municipalities, round {n}",
            page_url=page,
            url=f"https://desk.example/calls/{n}",
            item_id=f"call-{n}",
            description="<p>Municipalities may apply for grants of up to EUR 20 000.</p>",
            deadlines=["30 April 2027"],
            **extra,
        )
        for n in range(count)
    ]
    return process(SimpleNamespace(ctx=ctx), items)


def count_calls(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(Call)) or 0)


def test_items_are_written_one_transaction_per_batch(db: Database, ctx: CrawlContext) -> None:
    commits: list[int] = []

    def on_commit(conn: Any) -> None:
        commits.append(1)

    items = calls(ctx, 250)
    event.listen(db.engine, "commit", on_commit)
    writer = BatchWriter(ctx, batch_size=100)
    for item in items:
        writer.add(item)
    writer.flush()
    event.remove(db.engine, "commit", on_commit)
    assert (len(commits), count_calls(db)) == (3, 250)


def test_a_bad_item_is_skipped_and_the_batch_is_stored(db: Database, ctx: CrawlContext) -> None:
    items = calls(ctx, 3)
    assert items[1].record is not None
    items[1].record.title = None  # type: ignore[assignment]  # NOT NULL: the row cannot be stored
    writer = BatchWriter(ctx)
    for item in items:
        writer.add(item)
    writer.flush()
    assert (count_calls(db), ctx.report.items_failed, ctx.report.warnings[0]["reason"][:14]) == (
        2,
        1,
        "cannot store: ",
    )


def test_a_page_with_a_failed_item_keeps_no_validator(db: Database, ctx: CrawlContext) -> None:
    good = calls(ctx, 1, page="https://desk.example/good")
    bad = calls(ctx, 1, page="https://desk.example/bad")
    bad[0].record.item_id = "other"  # type: ignore[union-attr]
    bad[0].record.url = "https://desk.example/other"  # type: ignore[union-attr]
    bad[0].record.title = None  # type: ignore[union-attr,assignment]
    writer = BatchWriter(ctx)
    for item in [*good, PageDone(url="https://desk.example/good", etag='"a"'), *bad]:
        writer.add(item)
    writer.add(PageDone(url="https://desk.example/bad", etag='"b"'))
    writer.flush()
    with db.engine.connect() as conn:
        assert list(conn.scalars(select(HttpValidator.url))) == ["https://desk.example/good"]


def pending_ids(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        query = select(Call.public_id).where(Call.classifier_version.is_(None))
        return sorted(conn.scalars(query))


def test_new_and_changed_calls_are_stored_pending_and_unchanged_ones_are_not(
    db: Database, ctx: CrawlContext
) -> None:
    writer = BatchWriter(ctx)
    for item in calls(ctx, 3):
        writer.add(item)
    writer.flush()
    assert pending_ids(db) == ["desk:call-0", "desk:call-1", "desk:call-2"]
    with db.engine.begin() as conn:  # as if classified
        conn.execute(update(Call).values(classifier_version="v1"))
    again = calls(ctx, 3)
    again[2].record.deadlines = [EPOCH.replace(year=2027, month=6)]  # type: ignore[union-attr]
    for item in again:
        writer.add(item)
    writer.flush()
    assert pending_ids(db) == ["desk:call-2"]
    assert (ctx.report.items_new, ctx.report.items_updated, ctx.report.items_unchanged) == (3, 1, 2)


def test_the_run_is_recorded_with_its_counts(db: Database, ctx: CrawlContext) -> None:
    writer = BatchWriter(ctx)
    writer.start_run()
    ctx.report.http_200 = 1
    for item in calls(ctx, 2):
        writer.add(item)
    writer.finish()
    with db.engine.connect() as conn:
        run = conn.execute(select(CrawlRun)).one()
    assert (run.status, run.items_seen, run.items_new, run.http_200) == ("ok", 2, 2, 1)


def test_source_default_themes_are_auto_tags(db: Database, tmp_path: Path, add_source: Any) -> None:
    add_source(db, key="youth", kind="feed", url="https://eyf.example/rss", tags=["youth"])
    youth = CrawlContext(
        source=load_source(db.engine, "youth"),
        report=RunReport(source_key="youth"),
        today=EPOCH,
        engine=db.engine,
    )
    item = process(
        SimpleNamespace(ctx=youth),
        [
            FundingCall(
                source_key="youth", title="Youth exchanges", page_url="https://eyf.example/rss"
            )
        ],
    )[0]
    writer = BatchWriter(youth)
    writer.add(item)
    writer.flush()
    with db.engine.connect() as conn:
        row = conn.execute(select(Call.themes, Call.tags_origin)).one()
    assert (row.themes, row.tags_origin["themes"]) == (["youth"], "auto")


def near_twins(ctx: CrawlContext, source_key: str, host: str) -> list[FundingCall]:
    """The same call as two sites list it: other URLs and ids, the same title and deadline."""
    item = FundingCall(
        source_key=source_key,
        title="Roma Inclusion in Municipal Housing: Call for Proposals 2027",
        page_url=f"https://{host}/calls",
        url=f"https://{host}/calls/housing",
        deadlines=["31 March 2027"],
    )
    return process(SimpleNamespace(ctx=ctx), [item])


def test_near_duplicate_titles_with_the_same_deadline_are_one_call(
    db: Database, ctx: CrawlContext
) -> None:
    writer = BatchWriter(ctx)
    first = near_twins(ctx, "desk", "desk.example")
    second = near_twins(ctx, "desk", "mirror.example")
    second[0].record.title = "ROMA inclusion in municipal housing - call for proposals 2027"  # type: ignore[union-attr]
    for item in [*first, *second]:  # in one batch
        writer.add(item)
    writer.flush()
    assert count_calls(db) == 1


def test_near_duplicates_across_batches_are_one_call(db: Database, ctx: CrawlContext) -> None:
    writer = BatchWriter(ctx)
    writer.add(near_twins(ctx, "desk", "desk.example")[0])
    writer.flush()
    writer.add(near_twins(ctx, "desk", "mirror.example")[0])
    writer.flush()
    with db.engine.connect() as conn:
        urls = sorted(conn.scalars(select(CallSource.url)))
    assert (count_calls(db), urls) == (
        1,
        ["https://desk.example/calls/housing", "https://mirror.example/calls/housing"],
    )


def test_same_title_with_another_deadline_is_another_call(db: Database, ctx: CrawlContext) -> None:
    writer = BatchWriter(ctx)
    first = near_twins(ctx, "desk", "desk.example")
    later = near_twins(ctx, "desk", "mirror.example")
    later[0].record.deadlines = [EPOCH.replace(year=2027, month=9, day=30)]  # type: ignore[union-attr]
    for item in [*first, *later]:
        writer.add(item)
    writer.flush()
    assert count_calls(db) == 2


def test_two_items_of_one_batch_with_the_same_id_are_one_call(
    db: Database, ctx: CrawlContext
) -> None:
    writer = BatchWriter(ctx)
    for item in [*calls(ctx, 1), *calls(ctx, 1)]:
        writer.add(item)
    writer.flush()
    assert (count_calls(db), ctx.report.items_new, ctx.report.items_unchanged) == (1, 1, 1)
