"""Item pipelines, each with one job, in this order (see `crawlers/settings.py`):

normalise (whitespace, absolute URLs, dates in the page's language, amounts to EUR) ->
sanitise (description HTML through nh3) -> detect language -> identity (the call's own id,
a `CallRecord`) -> store (dedupe, change tracking, upsert; new and changed calls are left
pending classification: `crawlers.store`), or, in a dry run, print.

A bad item is logged on the run and dropped; the crawl goes on. `PageDone` markers pass
through untouched to the store, which writes the page's validators with its items.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawlers.context import CrawlContext
from crawlers.items import FundingCall
from crawlers.language import detect_language
from crawlers.normalise import (
    absolute_url,
    call_status,
    clean_text,
    language_code,
    parse_amount,
    to_date,
    to_dates,
)
from crawlers.report import DRY_RUN_PREFIX
from models.callstore import CallRecord
from models.richtext import description_parts

# An EU portal topic or call identifier: CERV-2026-EQUAL, HORIZON-CL2-2027-01-DEMOCRACY-06.
TOPIC_ID = re.compile(r"\b(?:[A-Z][A-Z0-9]{1,14}-){1,3}20\d\d(?:-[A-Za-z0-9]+){1,8}\b")
TITLE_MAX = 1000
DRY_RUN_DESCRIPTION_MAX = 5000


class _Step:
    """A pipeline step: built from the crawler, reaching the crawl's context through it."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    @property
    def ctx(self) -> CrawlContext:
        return self.crawler.spider.ctx  # type: ignore[union-attr,no-any-return]


def _drop(ctx: CrawlContext, item: FundingCall, reason: str) -> DropItem:
    report = ctx.report
    report.items_failed += 1
    report.warn(reason, url=item.url or item.page_url, title=(item.title or "")[:100])
    return DropItem(reason)


class NormalisePipeline(_Step):
    """Whitespace, absolute http(s) URLs, dates, statuses and amounts."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FundingCall):
            return item
        try:
            normalise_call(item)
        except Exception as exc:  # one odd value must not stop the crawl
            raise _drop(self.ctx, item, f"cannot normalise: {type(exc).__name__}: {exc}") from exc
        problems = item.problems()
        if problems:
            raise _drop(self.ctx, item, "; ".join(problems))
        return item


def normalise_call(item: FundingCall) -> None:
    language = language_code(item.language)
    item.language = language
    item.title = clean_text(item.title)[:TITLE_MAX]
    item.url = absolute_url(item.page_url, item.url) if item.url else None
    item.extra_urls = [u for u in (absolute_url(item.page_url, x) for x in item.extra_urls) if u]
    item.own_id = (item.own_id or "").strip() or None
    item.item_id = (str(item.item_id).strip() if item.item_id else "") or None
    item.deadlines = list(to_dates(list(item.deadlines or []), language))
    item.published = to_date(item.published, language)
    item.opening_date = to_date(item.opening_date, language)
    item.status = call_status(item.status)
    item.programme = clean_text(item.programme) or None
    item.funder = clean_text(item.funder) or None
    currency = (item.currency or "").strip().upper() or None
    amounts: dict[str, float | None] = {}
    for name in ("amount", "budget", "min_amount"):
        parsed = parse_amount(getattr(item, name), default_currency=currency)
        amounts[name] = parsed[0] if parsed else None
        # The grant size's currency wins; else the first currency any amount states.
        if parsed and parsed[1] and (name == "amount" or currency is None):
            currency = parsed[1]
    item.amount, item.budget, item.min_amount = (
        amounts["amount"],
        amounts["budget"],
        amounts["min_amount"],
    )
    item.currency = currency
    # Amounts count in EUR only where the currency is EUR (no exchange rates are guessed).
    item.amount_eur = item.amount if currency == "EUR" else None


class SanitisePipeline(_Step):
    """The description as safe HTML (nh3: no scripts, styles, handlers, iframes) and text."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FundingCall):
            return item
        raw = item.description or item.summary or ""
        html, text = description_parts(raw)
        item.description_html = html
        item.description_text = text
        return item


class LanguagePipeline(_Step):
    """The call's language, from its text (py3langid), else the page's or source's."""

    def open_spider(self) -> None:
        from crawlers.language import preload

        preload()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FundingCall):
            return item
        declared = item.language or language_code(self.ctx.source.language)
        text = f"{item.title}\n{item.description_text[:2400]}"
        item.detected_language = detect_language(text, declared=declared)
        return item


class IdentityPipeline(_Step):
    """The call's own id (given, or an EU topic id in its title) and its `CallRecord`."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FundingCall):
            return item
        source = self.ctx.source
        own_id = item.own_id
        if own_id is None:
            found = set(TOPIC_ID.findall(item.title))
            own_id = found.pop() if len(found) == 1 else None
        tags: dict[str, Any] = {}
        origins: dict[str, str] | None = None
        if source.tags:
            # The source's default themes: origin auto, so the classifier may replace them.
            tags["themes"] = list(source.tags)
            origins = {"themes": "auto"}
        item.record = CallRecord(
            title=item.title,
            source_key=source.key,
            own_id=own_id,
            item_id=item.item_id,
            url=item.url,
            description_html=item.description_html,
            description_text=item.description_text,
            funder=item.funder,
            programme=item.programme,
            language=item.detected_language,
            published=item.published,  # type: ignore[arg-type]
            opening_date=item.opening_date,  # type: ignore[arg-type]
            deadlines=list(item.deadlines) or None,  # type: ignore[arg-type]
            source_status=item.status,
            min_amount=item.min_amount,  # type: ignore[arg-type]
            max_amount=item.amount,  # type: ignore[arg-type]
            total_amount=item.budget,  # type: ignore[arg-type]
            currency=item.currency,
            max_amount_eur=item.amount_eur,
            tags=tags,
            tags_origin=origins,
            source_id=source.id,
            extra_urls=list(item.extra_urls),
            extra_ids=list(item.extra_ids),
        )
        return item


class StorePipeline(_Step):
    """Dedupe, change tracking and upsert in batches (new and changed calls stay pending)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.writer: Any = None
        # The run is recorded once the spider has closed: only then is its reason known
        # ("finished", or "shutdown" when the crawl was stopped before the end).
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def open_spider(self) -> None:
        from crawlers.store import BatchWriter

        if self.ctx.dry_run:
            return
        self.writer = BatchWriter(self.ctx)
        self.writer.start_run()

    def process_item(self, item: Any) -> Any:
        if self.writer is not None:
            self.writer.add(item)
        return item

    def close_spider(self) -> None:
        if self.writer is not None:
            self.writer.store_rest()

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.writer is not None:
            self.writer.finish(reason=reason)


class DryRunPipeline(_Step):
    """`sources test`: print what would be stored, one JSON line per call; store nothing.

    The line carries the description as plain text (cut at DRY_RUN_DESCRIPTION_MAX
    characters), so the web's "test before saving" classifies what the store would."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, FundingCall) and item.record is not None:
            self.ctx.report.items_new += 1
            record = item.record
            line = {
                "title": record.title,
                "url": record.url,
                "id": record.own_id or record.fallback_public_id(),
                "deadlines": [d.isoformat() for d in record.deadlines or []],
                "status": record.source_status,
                "amount": record.max_amount,
                "budget": record.total_amount,
                "currency": record.currency,
                "language": record.language,
                "published": record.published.isoformat() if record.published else None,
                "programme": record.programme,
                "description": record.description_text[:DRY_RUN_DESCRIPTION_MAX],
            }
            sys.stdout.write(DRY_RUN_PREFIX + json.dumps(line, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        return item
