"""`fundwatch serve`, `fundwatch admin add`, `fundwatch tokens create` (cli.py registers them)."""

from __future__ import annotations

import secrets
from typing import Any

import click

from models.account import AdminUser, ApiToken, secret_hash


def _state(ctx: click.Context) -> Any:
    return ctx.find_root().obj


@click.command("serve")
@click.option("--host", default=None, help="Address to listen on (default: HOST setting).")
@click.option("--port", type=int, default=None, help="Port to listen on (default: PORT setting).")
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=1,
    show_default=True,
    help="Worker processes (one per CPU core serves the most requests).",
)
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int) -> None:
    """Run the web app (uvicorn)."""
    import os

    import uvicorn

    from web.app import create_app

    state = _state(ctx)
    settings = state.settings
    engine = state.engine()  # migrates the schema once, before any worker starts
    options: dict[str, Any] = {
        "host": host or settings.host,
        "port": port or settings.port,
        "log_level": settings.log_level.lower(),
        "proxy_headers": True,
    }
    if workers == 1:
        uvicorn.run(create_app(settings, engine=engine), **options)
        return
    # Worker processes build their own app from the environment: hand them the command
    # line's overrides that way (the config file path is already in FUNDWATCH_CONFIG).
    for name, value in state.overrides.items():
        if value is not None:
            os.environ[f"FUNDWATCH_{name.upper()}"] = str(value)
    settings.get_secret_key()  # a generated key is written once here, before workers race to

    uvicorn.run("web.app:app_from_environment", factory=True, workers=workers, **options)


@click.group("admin")
def admin() -> None:
    """Taskforce members (the admin role)."""


@admin.command("add")
@click.argument("email")
@click.pass_context
def admin_add(ctx: click.Context, email: str) -> None:
    """Give EMAIL the admin role; it then logs in by magic link like members."""
    from cli import fail
    from models.db import write_session
    from web import queries
    from web.auth import normalise_email

    address = normalise_email(email)
    if address is None:
        fail(f"not an email address: {email}")
    with write_session(_state(ctx).engine()) as session:
        if queries.admin_by_email(session=session, email=address) is not None:
            click.echo(f"{address} is already an admin")
            return
        session.add(AdminUser(email=address))
    click.echo(f"{address} is now an admin")


@click.group("tokens")
def tokens() -> None:
    """API tokens for the JSON API (sent as Authorization: Bearer)."""


@tokens.command("create")
@click.option("--admin", "is_admin", is_flag=True, help="The token acts with the admin role.")
@click.option("--name", default="api", show_default=True, help="A name to recognise it by.")
@click.option("--email", default=None, help="Act for the member contact with this address.")
@click.pass_context
def tokens_create(ctx: click.Context, is_admin: bool, name: str, email: str | None) -> None:
    """Create an API token and print it once (only its hash is stored)."""
    from cli import fail
    from models.db import write_session
    from web import queries

    token = "fw_" + secrets.token_urlsafe(32)
    with write_session(_state(ctx).engine()) as session:
        contact_id = None
        if email is not None:
            contact = queries.contact_by_email(session=session, email=email)
            if contact is None:
                fail(f"no contact with the address {email}")
            contact_id = contact.id
        session.add(
            ApiToken(
                token_hash=secret_hash(token),
                name=name[:200],
                is_admin=is_admin,
                contact_id=contact_id,
            )
        )
    click.echo(token)
