"""`fundwatch crawl` and `fundwatch sources test` (registered by cli.py).

Exit status of `crawl`: 0 when the crawls ran, whatever each source's result (a failing
source is a fact about the source, shown in its line and in `sources list`, not an error
of the command); 2 for a usage error (no selection, an unknown key). A classifier that
fails is reported on its line (`classified: ...`); its calls stay pending and are
classified by the next run.
"""

from __future__ import annotations

import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from cli import CliState, fail

DESCRIPTION_SHOWN = 160  # characters of each call's description `sources test` prints


def _selected_keys(
    state: CliState, keys: tuple[str, ...], due: bool, everything: bool
) -> list[str]:
    from sqlalchemy import select

    from crawlers.health import due_sources
    from models.db import read_session
    from models.source import Source

    if sum([bool(keys), due, everything]) != 1:
        fail("give source KEYs, or --due, or --all (one of them)")
    with read_session(state.engine()) as session:
        if keys:
            known = set(session.scalars(select(Source.key).where(Source.key.in_(keys))))
            unknown = [k for k in keys if k not in known]
            if unknown:
                fail(f"no source with key {', '.join(unknown)} (see `fundwatch sources list`)")
            return list(dict.fromkeys(keys))
        if due:
            now = datetime.now(state.settings.zone)
            return [s.key for s in due_sources(session, now=now, timezone=state.settings.timezone)]
        query = select(Source.key).where(Source.enabled.is_(True)).order_by(Source.key)
        return list(session.scalars(query))


@click.command("crawl")
@click.argument("keys", nargs=-1)
@click.option("--due", is_flag=True, help="Every enabled source whose schedule says it is due.")
@click.option("--all", "everything", is_flag=True, help="Every enabled source.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 8),
    default=2,
    show_default=True,
    help="How many crawl processes run at a time (each crawls one source).",
)
@click.option("--as-of", hidden=True, help="The day crawls count as today (YYYY-MM-DD).")
@click.pass_obj
def crawl(
    state: CliState,
    keys: tuple[str, ...],
    due: bool,
    everything: bool,
    jobs: int,
    as_of: str | None,
) -> None:
    """Crawl the sources KEYS (even disabled ones), or --due, or --all.

    Each source is crawled in its own process; one line per source tells what it found.
    The new and changed calls are then classified by one more process (its line starts
    with "classified"; FUNDWATCH_CLASSIFY=false in FUNDWATCH_SCRAPY_SETTINGS leaves them
    pending for the scheduler). A source that cannot be reached is reported and marked in
    its health; the command still exits 0 (2 only for a usage error).
    """
    from crawlers.classify import ClassifyOutcome
    from crawlers.runner import CrawlOutcome, run_crawls

    selected = _selected_keys(state, keys, due, everything)
    if not selected:
        click.echo("no source to crawl" + (" (none is due)" if due else ""))
        _refresh_health(state)
        return
    lock = threading.Lock()
    outcomes: list[CrawlOutcome] = []
    classified: list[ClassifyOutcome] = []
    with _Progress(len(selected)) as progress:

        def done(outcome: CrawlOutcome) -> None:
            with lock:
                outcomes.append(outcome)
                progress.advance(outcome.report.summary_line())

        run_crawls(
            state.settings,
            selected,
            jobs=jobs,
            as_of=as_of,
            on_done=done,
            on_classified=classified.append,
        )
    for outcome in classified:
        click.echo(outcome.summary_line())
    _refresh_health(state)
    failed = sum(1 for o in outcomes if not o.ok)
    click.echo(
        f"{len(outcomes)} source{'s' if len(outcomes) != 1 else ''} crawled: "
        f"{len(outcomes) - failed} ok, {failed} failed"
    )


def _refresh_health(state: CliState) -> None:
    """Staleness moves with the clock: re-derive it for every source after a crawl."""
    from crawlers.health import refresh_states
    from models.db import write_session

    now = datetime.now(state.settings.zone)
    with write_session(state.engine()) as session:
        refresh_states(session, now=now, timezone=state.settings.timezone)


class _Progress:
    """A rich progress bar on a terminal; plain lines otherwise (logs, pipes, tests)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> _Progress:
        if sys.stdout.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(
                TextColumn("crawling"), BarColumn(), MofNCompleteColumn(), transient=True
            )
            self.bar.start()
            self.task = self.bar.add_task("crawl", total=self.total)
        return self

    def advance(self, line: str) -> None:
        if self.bar is not None:
            self.bar.console.print(line, markup=False, highlight=False)
            self.bar.advance(self.task)
        else:
            click.echo(line)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@click.command("test")
@click.argument("key", required=False)
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A sources YAML file; its source (or the one named KEY) is tested, not saved.",
)
@click.option("--limit", default=25, show_default=True, help="Show at most this many calls.")
@click.pass_obj
def sources_test(state: CliState, key: str | None, file: Path | None, limit: int) -> None:
    """Dry run of one source: fetch it and print what would be stored; nothing is saved.

    Exit status 0 when the source could be fetched, 1 when it could not, 2 for a usage
    error.
    """
    from crawlers.runner import run_crawl

    source = _source_to_test(state, key, file)
    click.echo(f"testing {source['key']} ({source['kind']}) {source['url']}")
    outcome = run_crawl(state.settings, source["key"], source=source, dry_run=True)
    for item in outcome.items[:limit]:
        click.echo(_item_line(item))
    if len(outcome.items) > limit:
        click.echo(f"... and {len(outcome.items) - limit} more")
    report = outcome.report
    for warning in report.warnings[:20]:
        where = f" ({warning['url']})" if warning.get("url") else ""
        click.echo(f"warning: {warning['reason']}{where}", err=True)
    if not outcome.items and report.status == "ok":
        click.echo("warning: no call was extracted (check the selectors or field paths)", err=True)
    click.echo(
        f"{len(outcome.items)} calls would be stored; http 200x{report.http_200} "
        f"errors x{report.http_errors}; {report.status}"
        + (f": {report.error}" if report.error else "")
    )
    sys.exit(0 if report.status == "ok" else 1)


def _source_to_test(state: CliState, key: str | None, file: Path | None) -> dict[str, Any]:
    from crawlers.sourcefile import entry_values, read_sources_file

    if file is not None:
        entries, errors = read_sources_file(file)
        for error in errors:
            click.echo(f"{file}: {error}", err=True)
        if key is not None:
            entries = [e for e in entries if e.key == key]
        if len(entries) != 1:
            fail(
                f"{file}: "
                + ("no valid source" if not entries else "several sources: name one with KEY")
                + (f" {key!r}" if key and not entries else "")
            )
        values = entry_values(entries[0])
        return {**values, "id": None}
    if key is None:
        fail("give a source KEY or --file one-source.yaml")
    from sqlalchemy import select

    from crawlers.context import SourceConfig
    from models.db import read_session
    from models.source import Source

    with read_session(state.engine()) as session:
        row = session.scalar(select(Source).where(Source.key == key))
        if row is None:
            fail(f"no source with key {key} (see `fundwatch sources list`)")
        return {**SourceConfig.from_row(row).__dict__, "id": None}


def _item_line(item: dict[str, Any]) -> str:
    deadline = ", ".join(item.get("deadlines") or []) or "no deadline"
    amount = item.get("amount")
    money = f"{amount:,.0f} {item.get('currency') or ''}".strip() if amount else "-"
    description = " ".join(str(item.get("description") or "").split())
    if len(description) > DESCRIPTION_SHOWN:
        description = description[: DESCRIPTION_SHOWN - 1].rstrip() + "…"
    return (
        f"- {item['title'][:90]}\n"
        f"    deadline {deadline} | amount {money} | language {item.get('language') or '-'}"
        f" | status {item.get('status') or '-'}\n"
        f"    {item.get('url') or '(no URL)'}\n"
        f"    {description or '(no description)'}"
    )
