"""Crawl one source in this process: `python -m crawlers.run_one KEY`.

Each crawl runs in its own process because the Twisted reactor cannot be restarted; the
`crawl` command starts one of these per source (`crawlers.runner`).

    python -m crawlers.run_one KEY [--as-of YYYY-MM-DD]
    python -m crawlers.run_one --dry-run --source-file SOURCE.json

Settings come from the environment (`FUNDWATCH_*`, as everywhere); Scrapy settings can be
overridden with `FUNDWATCH_SCRAPY_SETTINGS`, a JSON object (e.g. `{"DOWNLOAD_TIMEOUT": 5}`).
The last line on stdout is `FUNDWATCH-RUN {json}`, the run's report; a dry run prints a
`FUNDWATCH-ITEM {json}` line per call it would store.

Exit status: 0 when the crawl ran (even if the source failed: that is in the report),
3 when the source does not exist, 4 when the crawl itself crashed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from crawlers.report import SUMMARY_PREFIX, RunReport

SCRAPY_SETTINGS_ENV = "FUNDWATCH_SCRAPY_SETTINGS"
EXIT_NO_SOURCE = 3
EXIT_CRASH = 4


def scrapy_overrides() -> dict[str, object]:
    raw = os.environ.get(SCRAPY_SETTINGS_ENV, "").strip()
    if not raw:
        return {}
    value = json.loads(raw)
    if not isinstance(value, dict):
        raise ValueError(f"{SCRAPY_SETTINGS_ENV} must be a JSON object")
    return value


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports KiB, macOS bytes)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _print_report(report: RunReport) -> None:
    """The last line on stdout: the run's report, with this process's memory and whether
    scikit-learn was imported in it (the classifier belongs in another process)."""
    report.peak_rss_mb = peak_rss_mb()
    report.sklearn_imported = "sklearn" in sys.modules
    print(SUMMARY_PREFIX + report.to_json(), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.run_one")
    parser.add_argument("key", nargs="?", help="the source's key")
    parser.add_argument("--source-file", type=Path, help="a JSON source entry (dry runs)")
    parser.add_argument("--dry-run", action="store_true", help="fetch and print; store nothing")
    parser.add_argument("--as-of", help="the day the crawl counts as today (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    if (args.key is None) == (args.source_file is None):
        parser.error("give a KEY or --source-file")

    from scrapy.crawler import CrawlerProcess

    from crawlers.context import SourceNotFound, open_context
    from crawlers.settings import crawl_settings
    from crawlers.spiders import spider_for
    from crawlers.store import finish_run

    source_json = args.source_file.read_text(encoding="utf-8") if args.source_file else None
    try:
        ctx = open_context(
            source_key=args.key, source_json=source_json, dry_run=args.dry_run, as_of=args.as_of
        )
    except SourceNotFound as exc:
        print(f"error: no source with key {exc}", file=sys.stderr)
        return EXIT_NO_SOURCE
    assert ctx.settings is not None
    settings = crawl_settings(
        delay_s=ctx.source.delay_s,
        concurrency=ctx.source.concurrency,
        base_url=ctx.settings.base_url,
        log_level=ctx.settings.log_level,
        dry_run=args.dry_run,
        overrides=scrapy_overrides(),
    )
    try:
        process = CrawlerProcess(settings)
        process.crawl(spider_for(ctx.source.kind), ctx=ctx)
        process.start()
    except Exception as exc:  # the run is recorded as failed; the parent goes on
        traceback.print_exc()
        ctx.report.finish(fatal=f"crawl crashed: {type(exc).__name__}: {exc}")
        if not args.dry_run:
            finish_run(ctx)
        _print_report(ctx.report)
        return EXIT_CRASH
    if ctx.report.status == "running":
        # The pipelines never closed (Scrapy stopped early): record what is known.
        ctx.report.finish()
        if not args.dry_run:
            finish_run(ctx)
    _print_report(ctx.report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
