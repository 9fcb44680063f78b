"""The command line: help everywhere, one-line errors, exit codes."""

from __future__ import annotations

import click
from click.testing import CliRunner

from cli import main


def _all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _all_commands(command, (*prefix, name))


def test_every_option_has_help() -> None:
    missing = []
    for path, command in _all_commands(main):
        for param in command.params:
            if isinstance(param, click.Option) and not param.help:
                missing.append(f"{' '.join(path)} {param.opts[0]}")
    assert missing == []


def test_every_command_answers_help() -> None:
    runner = CliRunner()
    for path, _command in _all_commands(main):
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0, path


def test_bad_setting_is_a_one_line_error(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FUNDWATCH_SECRET_KEY", "change-me")
    monkeypatch.setenv("FUNDWATCH_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["sources", "list"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "FUNDWATCH_SECRET_KEY" in result.stderr


def test_unreachable_database_is_a_one_line_error(tmp_path) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    result = CliRunner().invoke(
        main, ["--database-url", url, "--data-dir", str(tmp_path), "sources", "list"]
    )
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("error: cannot open the database")
        and "Traceback" not in result.output
    )


def test_missing_config_file(tmp_path) -> None:
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "none.toml"), "sources", "list"])
    assert result.exit_code == 2 and "config file not found" in result.stderr
