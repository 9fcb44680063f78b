"""One spider class per source kind (feed, ft-portal, html, json), each reading its Source row."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawlers.spiders.base import FundwatchSpider

SPIDER_MODULES = {
    "feed": ("crawlers.spiders.feed", "FeedSpider"),
    "ft-portal": ("crawlers.spiders.ft_portal", "FtPortalSpider"),
    "html": ("crawlers.spiders.html_listing", "HtmlListingSpider"),
    "json": ("crawlers.spiders.json_api", "JsonApiSpider"),
}


def spider_for(kind: str) -> type[FundwatchSpider]:
    """The spider class of a source kind (imported on demand: each crawl needs one)."""
    from importlib import import_module

    module, name = SPIDER_MODULES[kind]
    return getattr(import_module(module), name)  # type: ignore[no-any-return]
