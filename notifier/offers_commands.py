"""`fundwatch offers …`: thin commands over notifier.offers (post, list, interest, close, fill,
extend, report, remind).

A refused input (unknown participant, call or offer, own offer, expired offer, bad
countries or ids...) is one line on stderr and exit code 1, and the transaction is rolled
back, so the database is unchanged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

import click
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from notifier.offer_input import OfferRefused

REFUSED = 1


def _state(ctx: click.Context) -> Any:
    return ctx.find_root().obj


def _refuse(message: str) -> NoReturn:
    from cli import fail

    fail(message, code=REFUSED)


@contextmanager
def _writing(state: Any) -> Iterator[Session]:
    """A write transaction; a refusal inside it rolls back and ends the command."""
    from models.db import write_session

    try:
        with write_session(state.engine()) as session:
            yield session
    except OfferRefused as exc:
        _refuse(str(exc))


def _day(value: datetime | None, state: Any) -> date:
    return value.date() if value is not None else state.today()


@click.group("offers")
def offers() -> None:
    """Cross-border partnership offers: post, answer, close, extend, track."""


@offers.command("post")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--json", "json_text", metavar="TEXT", help="The offer as a JSON object.")
@click.pass_context
def post(ctx: click.Context, file: Path | None, json_text: str | None) -> None:
    """Post the offer in FILE (YAML) or --json; prints the new offer's id.

    Fields: participant, kind (seeking-partners|offering-to-join), title, description,
    call, themes, countries (codes, group ids or [any]), roles, applicant_types, languages,
    expires (YYYY-MM-DD; default: the call's deadline), share_contact (default false).
    """
    from notifier.offer_input import parse_offer, read_offer_text
    from notifier.offers import post_offer

    state = _state(ctx)
    if (file is None) == (json_text is None):
        _refuse("give a FILE or --json (one of them)")
    try:
        if file is not None:
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                _refuse(f"{file}: cannot read: {exc}")
            raw = read_offer_text(text, fmt="yaml")
        else:
            assert json_text is not None
            raw = read_offer_text(json_text, fmt="json")
        data = parse_offer(raw)
    except OfferRefused as exc:
        _refuse(str(exc))
    with _writing(state) as session:
        offer = post_offer(session, data=data, as_of=state.today())
        offer_id = offer.id
    click.echo(offer_id)


@offers.command("list")
@click.option("--participant", "participant_ref", metavar="ID", help="Only this poster's offers.")
@click.option("--open", "open_only", is_flag=True, help="Only open offers that have not expired.")
@click.option(
    "--fitting", metavar="ID", help="Only live offers that fit this participant, with why."
)
@click.pass_context
def list_command(
    ctx: click.Context, participant_ref: str | None, open_only: bool, fitting: str | None
) -> None:
    """Offers, newest first: id, status, expiry, poster, call, interests, title."""
    from models.db import read_session
    from models.offer import Interest
    from notifier.offers import list_offers, offers_fitting, participant_by_ref

    state = _state(ctx)
    today = state.today()
    try:
        with read_session(state.engine()) as session:
            if fitting is not None:
                member = participant_by_ref(session, ref=fitting)
                for item in offers_fitting(session, participant=member, as_of=today):
                    reasons = "; ".join(item.fit.describe("en"))
                    click.echo(f"{item.offer.id}\t{item.offer.title}\t{reasons}")
                return
            rows = list_offers(
                session, participant_ref=participant_ref, open_only=open_only, as_of=today
            )
            counts = dict(
                session.execute(
                    select(Interest.offer_id, func.count()).group_by(Interest.offer_id)
                ).all()
            )
            _print_offers(session, rows, counts, today=today)
    except OfferRefused as exc:
        _refuse(str(exc))


def _print_offers(
    session: Session, rows: list[Any], counts: dict[int, int], *, today: date
) -> None:
    from models.call import Call
    from models.participant import Participant

    if not rows:
        click.echo("no offers")
        return
    posters = dict(session.execute(select(Participant.id, Participant.public_id)).all())
    call_ids = {row.call_id for row in rows if row.call_id is not None}
    calls = dict(
        session.execute(select(Call.id, Call.public_id).where(Call.id.in_(call_ids))).all()
    )
    for offer in rows:
        status = "expired" if offer.status == "open" and offer.expires_on < today else offer.status
        click.echo(
            "\t".join(
                [
                    str(offer.id),
                    status,
                    offer.expires_on.isoformat(),
                    posters.get(offer.participant_id, "?"),
                    calls.get(offer.call_id, "-") if offer.call_id else "-",
                    f"{counts.get(offer.id, 0)} interests",
                    offer.title,
                ]
            )
        )


@offers.command("interest")
@click.argument("offer_id", type=int)
@click.option("--from", "member", required=True, metavar="ID", help="The interested participant.")
@click.option("--message", required=True, help="What the interested member proposes.")
@click.option(
    "--share-contact",
    is_flag=True,
    help="The interested member agrees to share its contact details (double opt-in).",
)
@click.option(
    "--queue-only", is_flag=True, help="Queue the poster's mail; leave delivery to `digest send`."
)
@click.pass_context
def interest(
    ctx: click.Context,
    offer_id: int,
    member: str,
    message: str,
    share_contact: bool,
    queue_only: bool,
) -> None:
    """Express a member's interest in OFFER_ID; the poster is emailed at once."""
    from notifier.offers import express_interest

    state = _state(ctx)
    with _writing(state) as session:
        recorded = express_interest(
            session,
            offer_id=offer_id,
            participant_ref=member,
            message=message,
            share_contact=share_contact,
            settings=state.settings,
            as_of=state.today(),
        )
        interest_id, notified = recorded.id, recorded.notified_at is not None
    if not notified:
        click.echo(
            "warning: no contact of the poster can be mailed; the interest waits on the "
            "offer's page",
            err=True,
        )
    elif not queue_only:
        _deliver_now(state)
    click.echo(interest_id)


def _deliver_now(state: Any) -> None:
    """One pass of the outbox sender, so the poster hears of the interest at once."""
    from notifier.sender import journal_dir, send_due
    from notifier.transports import transport_for

    transport = transport_for(state.settings, max_connections=1)
    journal = journal_dir(state.settings.data_dir)
    report = asyncio.run(send_due(state.engine(), transport, journal_directory=journal))
    if report.deferred or report.failed:
        click.echo(f"mail: {report.summary()} (retried by `digest send`)", err=True)


def _one_offer_change(
    ctx: click.Context, change: Callable[..., Any], done: str, **kwargs: Any
) -> None:
    state = _state(ctx)
    with _writing(state) as session:
        offer = change(session, **kwargs)
        line = done.format(id=offer.id, expires=offer.expires_on.isoformat())
    click.echo(line)


@offers.command("close")
@click.argument("offer_id", type=int)
@click.pass_context
def close(ctx: click.Context, offer_id: int) -> None:
    """Close OFFER_ID (withdrawn by its poster)."""
    from notifier.offers import close_offer

    _one_offer_change(ctx, close_offer, "offer {id} closed", offer_id=offer_id)


@offers.command("fill")
@click.argument("offer_id", type=int)
@click.pass_context
def fill(ctx: click.Context, offer_id: int) -> None:
    """Mark OFFER_ID filled (its poster found partners)."""
    from notifier.offers import fill_offer

    _one_offer_change(ctx, fill_offer, "offer {id} filled", offer_id=offer_id)


@offers.command("extend")
@click.argument("offer_id", type=int)
@click.option(
    "--until",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The new expiry date, YYYY-MM-DD.",
)
@click.pass_context
def extend(ctx: click.Context, offer_id: int, until: datetime) -> None:
    """Move the expiry of OFFER_ID later (an expired offer opens again)."""
    from notifier.offers import extend_offer

    today = _state(ctx).today()
    _one_offer_change(
        ctx,
        extend_offer,
        "offer {id} open until {expires}",
        offer_id=offer_id,
        until=until.date(),
        as_of=today,
    )


@offers.command("report")
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report as CSV to FILE.",
)
@click.pass_context
def report(ctx: click.Context, csv_file: Path | None) -> None:
    """Per call and per theme: offers, interests, introductions, countries, unanswered offers."""
    from models.db import read_session
    from notifier.offer_report import format_report, tracking_report, write_report_csv

    state = _state(ctx)
    with read_session(state.engine()) as session:
        rows = tracking_report(session, as_of=state.today())
    if csv_file is None:
        click.echo(format_report(rows))
        return
    with open(csv_file, "w", encoding="utf-8", newline="") as handle:
        count = write_report_csv(rows, handle)
    click.echo(f"{count} rows written to {csv_file}", err=True)


@offers.command("remind")
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day to act for, YYYY-MM-DD (default: today in TIMEZONE).",
)
@click.pass_context
def remind(ctx: click.Context, as_of: datetime | None) -> None:
    """Close expired offers and remind posters of offers expiring within 7 days."""
    from notifier.offers import run_offer_upkeep

    state = _state(ctx)
    day = _day(as_of, state)
    with _writing(state) as session:
        done = run_offer_upkeep(session, settings=state.settings, as_of=day)
    click.echo(f"{day.isoformat()}: {done.summary()}")
