"""The `fundwatch` command: one click group, each command thin over package functions."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from models.settings import Settings, SettingsError, load_settings


@dataclass
class CliState:
    """What every command receives: the settings, loaded once on first use."""

    config: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    _settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings(self.config, **self.overrides)
            except SettingsError as exc:
                fail(str(exc))
        return self._settings

    def engine(self) -> Any:
        """The database engine, with the schema migrated to head."""
        from models.db import ensure_schema

        try:
            return ensure_schema(self.settings.resolved_database_url)
        except Exception as exc:  # an unreachable database is the user's to fix, not a traceback
            fail(f"cannot open the database {self.settings.database_url}: {first_line(exc)}")

    def today(self) -> date:
        return datetime.now(self.settings.zone).date()


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__


def fail(message: str, code: int = 2) -> NoReturn:
    """A one-line error for a user mistake; no traceback."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def warn(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="FUNDWATCH_CONFIG",
    help="TOML settings file (environment variables win over it).",
)
@click.option(
    "--data-dir", type=click.Path(file_okay=False, path_type=Path), help="Overrides DATA_DIR."
)
@click.option("--database-url", help="Overrides DATABASE_URL.")
@click.option("--mail-url", help="Overrides MAIL_URL.")
@click.version_option(package_name="fundwatch")
@click.pass_context
def main(
    ctx: click.Context,
    config: Path | None,
    data_dir: Path | None,
    database_url: str | None,
    mail_url: str | None,
) -> None:
    """fundwatch: a watch of funding calls and partnership offers for Roma inclusion."""
    if config is not None and not config.exists():
        fail(f"config file not found: {config}")
    overrides = {"data_dir": data_dir, "database_url": database_url, "mail_url": mail_url}
    ctx.obj = CliState(config=config, overrides=overrides)


# -- db -----------------------------------------------------------------------------------------


@main.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@click.pass_obj
def db_upgrade(state: CliState, revision: str) -> None:
    """Apply migrations up to REVISION."""
    from models.db import upgrade

    url = state.settings.resolved_database_url
    try:
        upgrade(url, revision)
    except Exception as exc:
        fail(f"upgrade failed on {state.settings.database_url}: {first_line(exc)}")
    click.echo(f"database at {revision}: {state.settings.database_url}")


@db.command("downgrade")
@click.argument("revision")
@click.pass_obj
def db_downgrade(state: CliState, revision: str) -> None:
    """Revert migrations down to REVISION (e.g. -1 or base)."""
    from models.db import downgrade

    try:
        downgrade(state.settings.resolved_database_url, revision)
    except Exception as exc:
        fail(f"downgrade failed: {first_line(exc)}")
    click.echo(f"database downgraded to {revision}")


@db.command("current")
@click.pass_obj
def db_current(state: CliState) -> None:
    """Print the schema revision of the database."""
    from models.db import current_revision, make_engine

    engine = make_engine(state.settings.resolved_database_url)
    click.echo(current_revision(engine) or "empty")


# -- calls --------------------------------------------------------------------------------------


@main.group()
def calls() -> None:
    """Import, export and classify calls."""


def _report_lines(path: Path, report: Any) -> None:
    for message in report.warnings:
        warn(f"{path}: warning: {message}")
    for error in report.errors:
        warn(f"{path}:{error.line}: {error.reason}")


@calls.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), help="Default: by extension.")
@click.option("--no-classify", is_flag=True, help="Store only; do not run the classifier.")
@click.pass_obj
def calls_import(state: CliState, file: Path, fmt: str | None, no_classify: bool) -> None:
    """Upsert calls from a JSONL (or CSV) FILE; bad lines are reported and skipped."""
    from models.callfile import FileProblem, import_calls, parse_calls_file
    from models.callstore import calls_to_classify
    from models.db import write_session
    from models.tagging import classify_calls

    try:
        lines, report = parse_calls_file(file, fmt=fmt)
    except FileProblem as exc:
        fail(str(exc), code=1)
    engine = state.engine()
    today = state.today()
    with write_session(engine) as session:
        import_calls(session, lines, today=today, report=report)
        classified = 0
        if not no_classify:
            changed = calls_to_classify(session, report.stored_ids)
            classified = classify_calls(
                session, changed, today=today, model_dir=state.settings.resolved_model_dir
            )
    _report_lines(file, report)
    click.echo(
        f"{file}: {report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.errors)} rejected, {classified} classified"
    )
    sys.exit(0 if report.ok else 1)


@calls.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--open-only", is_flag=True, help="Only open and forthcoming calls.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout)."
)
@click.pass_obj
def calls_export(state: CliState, fmt: str, open_only: bool, out: Path | None) -> None:
    """Write every call in the import format plus status, source_urls and tags_origin."""
    from models.callfile import EXPORT_FIELDS, export_calls, write_csv, write_jsonl
    from models.db import read_session

    engine = state.engine()
    with read_session(engine) as session, _output(out) as handle:
        records = export_calls(session, open_only=open_only)
        if fmt == "csv":
            count = write_csv(records, handle, EXPORT_FIELDS)
        else:
            count = write_jsonl(records, handle)
    if out is not None:
        click.echo(f"{count} calls written to {out}", err=True)


@calls.command("reclassify")
@click.option("--all", "everything", is_flag=True, help="Every call, not only stale ones.")
@click.pass_obj
def calls_reclassify(state: CliState, everything: bool) -> None:
    """Re-run the classifier (manual and source tags are kept)."""
    from sqlalchemy import select

    from models.call import Call
    from models.db import write_session
    from models.tagging import classify_calls, load_classifier

    classifier = load_classifier(state.settings.resolved_model_dir)
    if classifier is None:
        fail("the classifier is not installed")
    engine = state.engine()
    total = 0
    with write_session(engine) as session:
        query = select(Call)
        if not everything:
            query = query.where(
                (Call.classifier_version.is_(None))
                | (Call.classifier_version != classifier.version)
            )
        batch = list(session.scalars(query))
        for start in range(0, len(batch), 500):
            total += classify_calls(
                session,
                batch[start : start + 500],
                today=state.today(),
                model_dir=state.settings.resolved_model_dir,
            )
    click.echo(f"{total} calls classified with {classifier.version}")


# -- participants -------------------------------------------------------------------------------


@main.group()
def participants() -> None:
    """Import and export participants (members) and their contacts."""


@participants.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), help="Default: by extension.")
@click.pass_obj
def participants_import(state: CliState, file: Path, fmt: str | None) -> None:
    """Upsert participants from a JSONL or CSV FILE; bad lines are reported and skipped."""
    from models.db import write_session
    from models.linefile import FileProblem
    from models.participantfile import import_participants, parse_participants_file

    try:
        lines, report = parse_participants_file(file, fmt=fmt)
    except FileProblem as exc:
        fail(str(exc), code=1)
    with write_session(state.engine()) as session:
        import_participants(session, lines, report=report)
    _report_lines(file, report)
    click.echo(
        f"{file}: {report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.errors)} rejected"
    )
    sys.exit(0 if report.ok else 1)


@participants.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True, help="Output format.")  # fmt: skip
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout)."
)
@click.pass_obj
def participants_export(state: CliState, fmt: str, out: Path | None) -> None:
    """Write every participant in the import format."""
    from models.callfile import write_csv, write_jsonl
    from models.db import read_session
    from models.participantfile import EXPORT_FIELDS, export_participants

    with read_session(state.engine()) as session, _output(out) as handle:
        records = export_participants(session)
        if fmt == "csv":
            write_csv(records, handle, EXPORT_FIELDS)
        else:
            write_jsonl(records, handle)


# -- sources ------------------------------------------------------------------------------------


@main.group()
def sources() -> None:
    """The watched sources: import, export, list, test."""


@sources.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--default", "use_default", is_flag=True, help="Load the shipped catalogue.")
@click.pass_obj
def sources_import(state: CliState, file: Path | None, use_default: bool) -> None:
    """Add or update sources from a YAML FILE (or the default catalogue)."""
    from crawlers.sourcefile import (
        default_catalogue_text,
        parse_sources,
        read_sources_file,
        upsert_sources,
    )
    from models.db import write_session

    if (file is None) == (not use_default):
        fail("give a FILE or --default (not both)")
    if use_default:
        entries, errors = parse_sources(default_catalogue_text())
        label = "default catalogue"
    else:
        assert file is not None
        entries, errors = read_sources_file(file)
        label = str(file)
    with write_session(state.engine()) as session:
        report = upsert_sources(session, entries)
    for error in errors:
        warn(f"{label}: {error}")
    click.echo(
        f"{label}: {report.created} created, {report.updated} updated, {len(errors)} rejected"
    )
    sys.exit(0 if not errors else 1)


@sources.command("export")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout)."
)
@click.pass_obj
def sources_export(state: CliState, out: Path | None) -> None:
    """Write every source in the sources YAML format."""
    from sqlalchemy import select

    from crawlers.sourcefile import dump_sources
    from models.db import read_session
    from models.source import Source

    with read_session(state.engine()) as session, _output(out) as handle:
        handle.write(dump_sources(session.scalars(select(Source).order_by(Source.key))))


@sources.command("list")
@click.pass_obj
def sources_list(state: CliState) -> None:
    """Each source with its state, last success and last error."""
    from sqlalchemy import select

    from models.db import read_session
    from models.source import Source

    with read_session(state.engine()) as session:
        rows = list(session.scalars(select(Source).order_by(Source.key)))
    if not rows:
        click.echo("no sources (fundwatch sources import --default loads the catalogue)")
        return
    for source in rows:
        state_label = source.state if source.enabled else "disabled"
        success = (
            source.last_success_at.strftime("%Y-%m-%d %H:%M") if source.last_success_at else "never"
        )
        error = (source.last_error or "").splitlines()[0][:80] if source.last_error else "-"
        click.echo(
            f"{source.key:<32} {source.kind:<9} {state_label:<9} "
            f"last success {success:<16}  last error {error}"
        )


class _output:
    """A file opened for writing, or stdout."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.handle: Any = None

    def __enter__(self) -> Any:
        if self.path is None:
            return sys.stdout
        self.handle = open(self.path, "w", encoding="utf-8", newline="")
        return self.handle

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


# -- commands of the other parts, registered when their module exists -------------------------

_OPTIONAL_COMMANDS: list[tuple[str, list[str], click.Group | None]] = [
    ("matcher.commands", ["classify", "train", "evaluate"], None),
    ("crawlers.commands", ["crawl"], None),
    ("crawlers.commands", ["sources_test"], sources),
    ("notifier.commands", ["digest"], None),
    ("notifier.demo.command", ["demo"], None),
    ("notifier.offers_commands", ["offers"], None),
    ("web.commands", ["serve", "admin", "tokens"], None),
    ("scheduler", ["scheduler_command", "run_command"], None),
    ("models.backup", ["backup_command", "restore_command"], db),
]


def _register() -> None:
    for module, names, group in _OPTIONAL_COMMANDS:
        try:
            mod = __import__(module, fromlist=names)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                continue
            raise
        for name in names:
            command = getattr(mod, name, None)
            if isinstance(command, click.Command):
                (group or main).add_command(command)


_register()

if __name__ == "__main__":
    main()
