"""Writing a crawl to the database: its calls in batches, its validators, its CrawlRun.

One write transaction per batch of items (SQLite writes ~30,000 rows/s batched against
~250/s with a commit per row). `models.callstore.store_call` does identity, aliases, dedupe
and change tracking, and stores new and changed calls pending classification
(`classifier_version` NULL): a crawl process never loads the classifier (scikit-learn and
its model are ~250 MB); `crawlers.classify` tags the pending calls in a process of its own.

A page's validators (ETag / Last-Modified) are written in the same transaction as its
items, and only when all of them were stored: a page is never answered by a 304 before
what it said is in the database. A listing that leads to detail pages keeps its validators
until the end of the run, and only when none of its detail pages failed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crawlers.context import CrawlContext
from crawlers.identity import BatchIndex, already_stored, identity_keys
from crawlers.items import FundingCall, PageDone
from models.base import utcnow
from models.call import Call, CallSource
from models.callstore import CallRecord, StoreResult, store_call
from models.db import write_session
from models.source import CrawlRun, HttpValidator, Source

logger = logging.getLogger(__name__)
BATCH_SIZE = 200
URL_MAX = 2000
# An unchanged call's last-seen time is moved at most this often (a write saved per crawl).
LAST_SEEN_RESOLUTION = timedelta(days=1)


class BatchWriter:
    def __init__(self, ctx: CrawlContext, *, batch_size: int = BATCH_SIZE) -> None:
        assert ctx.engine is not None, "a crawl that stores needs a database"
        self.ctx = ctx
        self.engine = ctx.engine
        self.batch_size = batch_size
        self.items: list[FundingCall] = []
        self.pages: list[PageDone] = []
        self.listings: dict[str, PageDone] = {}
        self.failed_pages: set[str] = set()
        self.run_id: int | None = None

    # -- the run ---------------------------------------------------------------------------------

    def start_run(self) -> None:
        source_id = self.ctx.source.id
        if source_id is None:
            return
        with write_session(self.engine) as session:
            run = CrawlRun(source_id=source_id, started_at=utcnow(), status="running")
            session.add(run)
            session.flush()
            self.run_id = run.id
        self.ctx.report.run_id = self.run_id

    def store_rest(self) -> None:
        """The last batch, then the validators of listings whose pages all went well."""
        self.flush()
        report = self.ctx.report
        kept = [
            page
            for url, page in self.listings.items()
            if url not in report.failed_parents and url not in self.failed_pages
        ]
        self.listings = {}
        if kept:
            with write_session(self.engine) as session:
                write_validators(session, kept)

    def finish(self, *, reason: str = "finished") -> None:
        """The CrawlRun and the source's health. A crawl stopped before its end (`reason`
        "shutdown": a timeout, a stopping scheduler) is a failed run, whatever it stored."""
        self.store_rest()
        stopped = (
            None if reason == "finished" else f"the crawl was stopped before the end ({reason})"
        )
        self.ctx.report.finish(fatal=stopped)
        finish_run(self.ctx)

    # -- items -----------------------------------------------------------------------------------

    def add(self, item: Any) -> None:
        if isinstance(item, PageDone):
            if item.has_validator and len(item.url) <= URL_MAX:
                if item.listing:
                    self.listings[item.url] = item
                else:
                    self.pages.append(item)
        elif isinstance(item, FundingCall) and item.record is not None:
            self.items.append(item)
            if item.page_done is not None:
                self.add(item.page_done)
        if len(self.items) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.items and not self.pages:
            return
        items, pages = self.items, self.pages
        self.items, self.pages = [], []
        try:
            counts = self._write(items, pages, careful=False)
        except Exception:
            logger.warning("a batch failed; storing its items one by one", exc_info=True)
            counts = self._write(items, pages, careful=True)
        report = self.ctx.report
        report.items_new += counts["new"]
        report.items_updated += counts["updated"]
        report.items_unchanged += counts["unchanged"]

    def _write(
        self, items: list[FundingCall], pages: list[PageDone], *, careful: bool
    ) -> dict[str, int]:
        """One transaction; `careful` puts each item in a savepoint, so a bad one is skipped."""
        counts = {"new": 0, "updated": 0, "unchanged": 0}
        now = utcnow()
        failed: set[str] = set()
        with write_session(self.engine) as session:
            index = BatchIndex.load(session, [i.record for i in items if i.record is not None])
            pending: set[str] = set()
            unchanged: list[int] = []
            for item in items:
                record = item.record
                assert record is not None
                keys = identity_keys(record)
                if keys & pending:
                    # store_call must see the earlier record of this batch in the database.
                    session.flush()
                    pending.clear()
                try:
                    with session.begin_nested() if careful else nullcontext():
                        with session.no_autoflush:
                            known, result = self._store_one(session, record, index, now)
                        if careful:
                            session.flush()
                except Exception as exc:
                    if not careful:
                        raise
                    failed.add(item.page_url)
                    self.ctx.report.items_failed += 1
                    reason = str(exc).splitlines()[0][:200] if str(exc) else ""
                    self.ctx.report.warn(
                        f"cannot store: {type(exc).__name__}: {reason}",
                        url=item.url or item.page_url,
                    )
                    continue
                pending |= keys
                if result is None:
                    assert known is not None
                    counts["unchanged"] += 1
                    unchanged.append(known)
                    continue
                index.remember(record, result.call.public_id)
                counts[result.outcome] += 1
            session.flush()
            bump_last_seen(session, unchanged, source_key=self.ctx.source.key, now=now)
            self.failed_pages |= failed
            write_validators(session, [p for p in pages if p.url not in failed])
        return counts

    def _store_one(
        self, session: Session, record: CallRecord, index: BatchIndex, now: datetime
    ) -> tuple[int | None, StoreResult | None]:
        """(id of the unchanged call, None) or (None, what store_call did)."""
        if index.may_be_stored(record):
            known = already_stored(session, record)
            if known is not None:
                return known, None
        else:
            twin = index.near_duplicate(record)
            if twin is not None:
                # A copy: a batch that fails is stored again item by item, from the records.
                record = replace(record, extra_ids=[*record.extra_ids, twin])
        result = store_call(session, record, today=self.ctx.today, now=now, fuzzy=False)
        return None, result


def bump_last_seen(session: Session, ids: list[int], *, source_key: str, now: datetime) -> None:
    """Move the last-seen time of unchanged calls, at most once a day (one UPDATE each table)."""
    if not ids:
        return
    cutoff = now - LAST_SEEN_RESOLUTION
    session.execute(
        update(Call)
        .where(Call.id.in_(ids), Call.last_seen_at < cutoff)
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(CallSource)
        .where(
            CallSource.call_id.in_(ids),
            CallSource.source_key == source_key,
            CallSource.last_seen_at < cutoff,
        )
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )


def write_validators(session: Session, pages: Iterable[PageDone]) -> None:
    """Upsert the ETag / Last-Modified of each page (one query for the existing rows)."""
    wanted = {page.url: page for page in pages if page.has_validator}
    if not wanted:
        return
    now = utcnow()
    existing = {
        row.url: row
        for row in session.scalars(select(HttpValidator).where(HttpValidator.url.in_(list(wanted))))
    }
    for url, page in wanted.items():
        row = existing.get(url)
        if row is None:
            row = HttpValidator(url=url)
            session.add(row)
        row.etag = (page.etag or None) and page.etag[:500]
        row.last_modified = (page.last_modified or None) and page.last_modified[:100]
        row.fetched_at = now


def finish_run(ctx: CrawlContext) -> None:
    """Write the run's counts and problems to its CrawlRun, and the source's health."""
    from crawlers.health import record_run

    report = ctx.report
    if ctx.engine is None or ctx.source.id is None:
        return
    now = utcnow()
    with write_session(ctx.engine) as session:
        run = session.get(CrawlRun, report.run_id) if report.run_id else None
        if run is None:
            run = CrawlRun(source_id=ctx.source.id, started_at=now)
            session.add(run)
        run.finished_at = now
        run.status = report.status
        run.http_200 = report.http_200
        run.http_304 = report.http_304
        run.http_errors = report.http_errors
        run.items_seen = report.items_seen
        run.items_new = report.items_new
        run.items_updated = report.items_updated
        run.items_unchanged = report.items_unchanged
        warnings = list(report.warnings)
        if report.warnings_dropped:
            warnings.append({"reason": f"{report.warnings_dropped} more warnings not kept"})
        run.warnings = warnings
        run.error = report.error
        session.flush()
        report.run_id = run.id
        source = session.get(Source, ctx.source.id)
        if source is not None:
            timezone = ctx.settings.timezone if ctx.settings else "UTC"
            record_run(session, source, run, now=now, timezone=timezone)
