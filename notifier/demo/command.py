"""`fundwatch demo`: the whole pipeline offline, on a bundled funder site served on loopback.

Serves the demo site, crawls it with the real crawlers (each source in its own process, the
classifier in the pipeline), imports the demo participants, posts demo partnership offers,
builds and sends every contact's digest through MAIL_URL (by default one .eml per message in
DATA_DIR/outbox), prints a summary and exits; `--serve` then keeps the web app up.
"""

from __future__ import annotations

import asyncio
import errno
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import click
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from models.settings import Settings

DEMO_PORT = 8731


def _import_demo(engine: Engine, settings: Settings, today: date) -> tuple[int, int]:
    from models.db import write_session
    from models.participantfile import import_participants, parse_participants_file
    from notifier.offer_demo import post_demo_offers

    path = Path(str(resources.files("notifier.demo").joinpath("participants.jsonl")))
    lines, report = parse_participants_file(path)
    with write_session(engine) as session:
        import_participants(session, lines, report=report)
    if report.errors:
        raise click.ClickException(f"demo participants: {report.errors[0]}")
    with write_session(engine) as session:
        offers = post_demo_offers(session, settings=settings, today=today)
    return len(lines), offers


def _crawl_demo_site(engine: Engine, settings: Settings, today: date, port: int) -> list[Any]:
    from crawlers.runner import run_crawls
    from crawlers.sourcefile import SourceEntry, upsert_sources
    from models.db import write_session
    from notifier.demo.site import demo_sources, serve_demo_site

    try:
        site = serve_demo_site(today, port=port)
        base_url = site.__enter__()
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        site = serve_demo_site(today, port=0)
        base_url = site.__enter__()
    try:
        entries = [SourceEntry.model_validate(raw) for raw in demo_sources(base_url)]
        with write_session(engine) as session:
            upsert_sources(session, entries)
        click.echo(f"demo site: {base_url} ({len(entries)} sources)")
        return run_crawls(settings, [e.key for e in entries], jobs=2, as_of=today.isoformat())
    finally:
        site.__exit__(None, None, None)


def _summary(engine: Engine) -> list[tuple[str, str, int]]:
    from models.db import read_session
    from models.digest import Digest
    from models.participant import Contact, Participant

    with read_session(engine) as session:
        rows = session.execute(
            select(Participant.name, Contact.email, func.coalesce(func.sum(Digest.item_count), 0))
            .join(Contact, Contact.participant_id == Participant.id)
            .outerjoin(Digest, Digest.contact_id == Contact.id)
            .where(Participant.public_id.like("demo-%"))
            .group_by(Participant.name, Contact.email)
            .order_by(Participant.name)
        ).all()
    return [(str(name), str(email), int(items)) for name, email, items in rows]


@click.command("demo")
@click.option("--serve", is_flag=True, help="Afterwards keep the web app up on loopback.")
@click.option(
    "--port", type=int, default=8000, show_default=True, help="Web app port with --serve."
)
@click.option(
    "--site-port",
    type=int,
    default=DEMO_PORT,
    show_default=True,
    help="Port of the demo funder site (a free one is used if it is taken).",
)
@click.pass_obj
def demo(state: Any, serve: bool, port: int, site_port: int) -> None:
    """Run the whole pipeline offline on a bundled demo site, print a summary, exit."""
    from models.call import Call
    from models.db import read_session
    from notifier.build import build_digests
    from notifier.sender import journal_dir, send_due
    from notifier.transports import transport_for

    settings: Settings = state.settings
    engine = state.engine()
    today = state.today()
    outcomes = _crawl_demo_site(engine, settings, today, site_port)
    for outcome in outcomes:
        click.echo(f"  crawled {outcome.key}: {outcome.report.summary_line()}")
    participants, offers = _import_demo(engine, settings, today)
    click.echo(f"participants: {participants} demo members; {offers} partnership offers posted")
    report = build_digests(engine, settings, as_of=today)
    click.echo(f"digests: {report.summary()}")
    transport = transport_for(settings, max_connections=4)
    sent = asyncio.run(
        send_due(engine, transport, journal_directory=journal_dir(settings.data_dir))
    )
    click.echo(f"delivery: {sent.summary()}")
    with read_session(engine) as session:
        calls = session.scalar(select(func.count()).select_from(Call)) or 0
        tagged = session.scalar(
            select(func.count()).select_from(Call).where(Call.classifier_version.is_not(None))
        )
    click.echo(f"calls: {calls} stored, {tagged} classified")
    click.echo("matches per member (calls listed in its digests):")
    for name, email, items in _summary(engine):
        click.echo(f"  {name:<40} {email:<40} {items}")
    where = settings.outbox_dir or settings.mail_url
    click.echo(f"mail: {where}")
    if serve:
        import uvicorn

        from web.app import create_app

        click.echo(f"web app: http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
