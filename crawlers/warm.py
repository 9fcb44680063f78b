"""What every crawl process needs loaded, imported once by the crawl launcher's fork server.

Each crawl still runs in a process of its own (the Twisted reactor cannot restart), but the
process is forked from a server that has already imported Scrapy, SQLAlchemy, feedparser,
the spiders and pipelines, and read the language model: a crawl starts in milliseconds
instead of spending about 1.5 s of CPU on imports. Nothing here installs a reactor, opens a
database or starts a thread, so forking stays safe.
"""

from __future__ import annotations

# ruff: noqa: F401  (imported for their side effect: being loaded before the fork)
import feedparser
import scrapy.crawler
import scrapy.http
import sqlalchemy.dialects.postgresql.psycopg
import sqlalchemy.dialects.sqlite.pysqlite
from sqlalchemy.orm import configure_mappers

import crawlers.middlewares
import crawlers.pipelines
import crawlers.run_one
import crawlers.runner
import crawlers.settings
import crawlers.spiders.feed
import crawlers.spiders.ft_portal
import crawlers.spiders.html_listing
import crawlers.spiders.json_api
import crawlers.store
import models.db
from crawlers.language import _identifier
from crawlers.normalise import _month_names


def _load_scrapy_components() -> None:
    """Import (not build) Scrapy's default middlewares, extensions, handlers and the like:
    each crawl builds them, and importing them is most of Scrapy's start-up."""
    from scrapy.settings import default_settings
    from scrapy.utils.misc import load_object

    for name in dir(default_settings):
        value = getattr(default_settings, name)
        paths = list(value) + list(value.values()) if isinstance(value, dict) else [value]
        for path in paths:
            if isinstance(path, str) and path.startswith(("scrapy.", "twisted.")):
                try:
                    load_object(path)
                except Exception:  # an optional dependency missing: the crawl imports it
                    continue


_load_scrapy_components()
configure_mappers()  # SQLAlchemy's mapper set-up, done once instead of in every crawl
_identifier()
_month_names("en")
