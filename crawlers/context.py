"""Everything one crawl shares: the source, the settings, the database, the run report.

A crawl process crawls one source. The spider builds the context when Scrapy creates it
(`open_context`), and the middlewares and pipelines reach it through `spider.ctx`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, select

from crawlers.pagecache import PageCache
from crawlers.report import RunReport
from models.settings import Settings
from models.source import HttpValidator, Source

# After this long without a 200 a page is fetched unconditionally once: a listing answered
# by 304 is not followed to its detail pages, so this bounds how long a change made only on
# a detail page can go unseen.
REVALIDATE_AFTER = timedelta(days=7)


class SourceNotFound(LookupError):
    pass


@dataclass(frozen=True)
class SourceConfig:
    """A snapshot of a Source row (or of a sources-file entry, for dry runs)."""

    key: str
    name: str
    kind: str
    url: str
    settings: dict[str, Any] = field(default_factory=dict)
    language: str | None = None
    funder: str | None = None
    tags: list[str] = field(default_factory=list)
    politeness: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    @classmethod
    def from_row(cls, row: Source) -> SourceConfig:
        return cls(
            id=row.id,
            key=row.key,
            name=row.name,
            kind=row.kind,
            url=row.url,
            settings=dict(row.settings or {}),
            language=row.language,
            funder=row.funder,
            tags=list(row.tags or []),
            politeness=dict(row.politeness or {}),
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceConfig:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, default=str)

    @property
    def delay_s(self) -> float:
        return float(self.politeness.get("delay_s", 1.0))

    @property
    def concurrency(self) -> int:
        # Per-domain concurrency stays at 1-2 whatever a source file asks.
        return max(1, min(2, int(self.politeness.get("concurrency", 1))))


def load_source(engine: Engine, key: str) -> SourceConfig:
    from models.db import read_session

    with read_session(engine) as session:
        row = session.scalar(select(Source).where(Source.key == key))
        if row is None:
            raise SourceNotFound(key)
        return SourceConfig.from_row(row)


@dataclass
class Validator:
    etag: str | None
    last_modified: str | None
    fetched_at: datetime


class ValidatorLookup:
    """ETag / Last-Modified stored for a URL (HttpValidator), read when a request goes out.

    The validators of a site are read in one query the first time one of its URLs is asked
    for (a crawl asks for thousands of pages of one or two sites).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.by_url: dict[str, Validator] = {}
        self.origins: set[str] = set()

    def _load(self, origin: str) -> None:
        query = select(
            HttpValidator.url,
            HttpValidator.etag,
            HttpValidator.last_modified,
            HttpValidator.fetched_at,
        ).where(HttpValidator.url.startswith(origin + "/", autoescape=True))
        with self.engine.connect() as conn:
            for url, etag, last_modified, fetched in conn.execute(query):
                if fetched.tzinfo is None:
                    fetched = fetched.replace(tzinfo=UTC)
                self.by_url[url] = Validator(etag, last_modified, fetched)
        self.origins.add(origin)

    def get(self, url: str, *, now: datetime | None = None) -> Validator | None:
        """The stored validators, or None when none are stored or they are too old to trust."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.origins:
            self._load(origin)
        found = self.by_url.get(url[:2000])
        if found is None or not (found.etag or found.last_modified):
            return None
        if (now or datetime.now(UTC)) - found.fetched_at > REVALIDATE_AFTER:
            return None
        return found


@dataclass
class CrawlContext:
    source: SourceConfig
    report: RunReport
    today: date
    dry_run: bool = False
    settings: Settings | None = None
    engine: Engine | None = None
    validators: ValidatorLookup | None = None
    page_cache: PageCache | None = None

    @property
    def conditional(self) -> bool:
        """Conditional GET is used by real runs; a dry run always fetches everything."""
        return not self.dry_run and self.validators is not None


def open_context(
    *,
    source_key: str | None,
    source_json: str | None,
    dry_run: bool,
    as_of: str | None,
    settings: Settings | None = None,
) -> CrawlContext:
    """The context of one crawl: settings from the environment, the source from the database
    (or from `source_json`, a sources-file entry, for `sources test --file`)."""
    from models.settings import load_settings

    if settings is None:
        settings = load_settings()
    engine: Engine | None = None
    if source_json:
        source = SourceConfig.from_dict(json.loads(source_json))
    else:
        if not source_key:
            raise SourceNotFound("no source given (spider argument source=KEY)")
        from models.db import make_engine

        # The schema is the starter's business (`fundwatch crawl` and the scheduler migrate
        # it, a container migrates at start): checking it again costs every crawl ~50 ms.
        engine = make_engine(settings.resolved_database_url)
        source = load_source(engine, source_key)
    today = date.fromisoformat(as_of) if as_of else datetime.now(settings.zone).date()
    ctx = CrawlContext(
        source=source,
        report=RunReport(source_key=source.key),
        today=today,
        dry_run=dry_run,
        settings=settings,
        engine=None if dry_run else engine,
    )
    if not dry_run and engine is not None:
        ctx.validators = ValidatorLookup(engine)
        ctx.page_cache = PageCache(Path(settings.data_dir) / "crawl-cache" / source.key)
    return ctx
