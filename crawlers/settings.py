"""Scrapy settings of fundwatch (the `crawlers.settings` module named in scrapy.cfg).

The polite defaults of Scrapy's project template (robots.txt obeyed, one request at a time
per domain, a delay between requests) plus AutoThrottle, a 30 s timeout, a 10 MiB response
limit (also applied to decompressed bodies, so a gzip bomb stops at 10 MiB), at most 5
redirects and http/https only. `crawl_settings()` adds what each source and deployment
sets: its politeness, the user agent naming the deployment's BASE_URL, the log level.
"""

from __future__ import annotations

from typing import Any

BOT_NAME = "fundwatch"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

USER_AGENT = "fundwatch (+http://127.0.0.1:8000)"
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy's remote control runs Python code sent to a local HTTP port: never in production.
REMOTE_CONTROL_ENABLED = False
# Only http and https: the other download handlers are switched off.
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "data": None, "s3": None}
FUNDWATCH_RETRY_AFTER_MAX = 120.0
FUNDWATCH_RETRY_AFTER_TIMES = 2

DOWNLOADER_MIDDLEWARES = {
    "crawlers.middlewares.SchemeGuardMiddleware": 650,
    "crawlers.middlewares.ConditionalGetMiddleware": 585,
    "crawlers.middlewares.RetryAfterMiddleware": 560,
    "crawlers.middlewares.HttpCountsMiddleware": 540,
}
ITEM_PIPELINES = {
    "crawlers.pipelines.NormalisePipeline": 100,
    "crawlers.pipelines.SanitisePipeline": 200,
    "crawlers.pipelines.LanguagePipeline": 300,
    "crawlers.pipelines.IdentityPipeline": 400,
    "crawlers.pipelines.StorePipeline": 900,
}
DRY_RUN_PIPELINES = {**ITEM_PIPELINES, "crawlers.pipelines.StorePipeline": None}
DRY_RUN_PIPELINES["crawlers.pipelines.DryRunPipeline"] = 900

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"


def user_agent(base_url: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("fundwatch")
    except PackageNotFoundError:
        release = "dev"
    return f"fundwatch/{release} (+{base_url}; funding-call watch)"


def crawl_settings(
    *,
    delay_s: float,
    concurrency: int,
    base_url: str,
    log_level: str = "INFO",
    dry_run: bool = False,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """This module's settings, with one source's politeness and the deployment's identity."""
    values = {name: value for name, value in globals().items() if name.isupper()}
    values.update(
        {
            "DOWNLOAD_DELAY": delay_s,
            "AUTOTHROTTLE_START_DELAY": delay_s,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "AUTOTHROTTLE_TARGET_CONCURRENCY": float(concurrency),
            "USER_AGENT": user_agent(base_url),
            "LOG_LEVEL": log_level.upper(),
        }
    )
    if dry_run:
        values["ITEM_PIPELINES"] = DRY_RUN_PIPELINES
    values.pop("DRY_RUN_PIPELINES", None)
    values.update(overrides or {})
    return values
