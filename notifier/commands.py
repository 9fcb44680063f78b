"""`fundwatch digest build|send|preview`: thin commands over notifier.build and notifier.sender."""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from models.participant import FREQUENCIES


def _state(ctx: click.Context) -> Any:
    return ctx.find_root().obj


def _as_of(state: Any, value: datetime | None) -> date:
    return value.date() if value is not None else state.today()


AS_OF = click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The digest date, YYYY-MM-DD (default: today in TIMEZONE).",
)


@click.group("digest")
def digest() -> None:
    """Build members' digests into the outbox, send them, preview one."""


@digest.command("build")
@AS_OF
@click.option(
    "--frequency",
    type=click.Choice(FREQUENCIES),
    help="Only contacts with this frequency (default: every due contact).",
)
@click.pass_context
def build(ctx: click.Context, as_of: datetime | None, frequency: str | None) -> None:
    """Queue the digest of every due contact for the period holding the date.

    A contact is due when it is confirmed, subscribed and has no digest yet for that
    period at its frequency; running build twice for a period is a no-op.
    """
    from notifier.build import build_digests

    state = _state(ctx)
    day = _as_of(state, as_of)
    engine, settings = state.engine(), state.settings
    if sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("building digests", total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            report = build_digests(
                engine, settings, as_of=day, frequency=frequency, progress=advance
            )
    else:
        report = build_digests(engine, settings, as_of=day, frequency=frequency)
    click.echo(f"{day.isoformat()}: {report.summary()}")


@digest.command("send")
@click.option("--loop", is_flag=True, help="Keep running and send messages as they fall due.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="With --loop: seconds between passes.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1, max=100),
    default=10,
    show_default=True,
    help="SMTP connections used at once.",
)
@click.pass_context
def send(ctx: click.Context, loop: bool, interval: float, concurrency: int) -> None:
    """Deliver queued and due deferred messages through MAIL_URL."""
    from notifier.sender import journal_dir, send_due, send_loop
    from notifier.transports import transport_for

    state = _state(ctx)
    engine = state.engine()
    settings = state.settings
    transport = transport_for(settings, max_connections=concurrency)
    journal = journal_dir(settings.data_dir)
    if not loop:
        report = asyncio.run(send_due(engine, transport, journal_directory=journal))
        click.echo(report.summary(), err=settings.mail_scheme == "console")
        sys.exit(0)

    async def run() -> None:
        stop = asyncio.Event()
        running = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            running.add_signal_handler(signum, stop.set)
        total = await send_loop(
            engine,
            transport,
            journal_directory=journal,
            interval=interval,
            stop=stop,
            on_pass=lambda report: click.echo(report.summary(), err=True),
        )
        click.echo(f"stopped: {total.summary()}", err=True)

    asyncio.run(run())


@digest.command("preview")
@click.argument("email")
@AS_OF
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the HTML part to FILE instead of printing the text part.",
)
@click.pass_context
def preview(ctx: click.Context, email: str, as_of: datetime | None, html_file: Path | None) -> None:
    """Show the digest EMAIL would get, without queuing anything."""
    from cli import fail
    from notifier.build import preview_digest

    state = _state(ctx)
    day = _as_of(state, as_of)
    shown = preview_digest(state.engine(), state.settings, email=email, as_of=day)
    if shown is None:
        fail(f"no contact with the address {email}")
    if shown.already_built:
        click.echo(f"note: a digest for {shown.period} is already built for {email}", err=True)
    message = shown.decision.email
    if message is None:
        click.echo(f"nothing to send to {email} for {shown.period}")
        return
    if html_file is not None:
        html_file.write_text(message.html, encoding="utf-8")
        click.echo(f"{message.subject}\nHTML written to {html_file}")
        return
    click.echo(f"Subject: {message.subject}\nTo: {message.to}\n")
    click.echo(message.text)
