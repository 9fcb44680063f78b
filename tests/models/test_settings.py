"""Settings: precedence, validation, derived paths, and every setting documented."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from models.settings import Settings, SettingsError, load_settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_defaults_are_embedded(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'fundwatch.db'}"
    assert settings.outbox_dir == tmp_path / "outbox"
    assert settings.timezone == "Europe/Brussels"


def test_environment_beats_toml_and_options_beat_environment(tmp_path: Path, monkeypatch) -> None:
    config = tmp_path / "fw.toml"
    config.write_text('timezone = "Europe/Paris"\nbase_url = "https://from.toml"\nport = 9000\n')
    monkeypatch.setenv("FUNDWATCH_BASE_URL", "https://from.env")
    settings = load_settings(config, data_dir=tmp_path, port=9100)
    assert settings.timezone == "Europe/Paris"
    assert settings.base_url == "https://from.env"
    assert settings.port == 9100


def test_comma_separated_taskforce_emails(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FUNDWATCH_TASKFORCE_EMAILS", "a@x.example, b@y.example")
    assert load_settings(data_dir=tmp_path).taskforce_emails == ["a@x.example", "b@y.example"]


def test_secret_from_file_variable(monkeypatch, tmp_path: Path) -> None:
    secret = tmp_path / "key"
    secret.write_text("k" * 40 + "\n")
    monkeypatch.setenv("FUNDWATCH_SECRET_KEY_FILE", str(secret))
    assert load_settings(data_dir=tmp_path).get_secret_key() == "k" * 40


@pytest.mark.parametrize("value", ["change-me", "secret", "short-key"])
def test_placeholder_secret_is_refused_in_one_line(value: str, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FUNDWATCH_SECRET_KEY", value)
    with pytest.raises(SettingsError) as error:
        load_settings(data_dir=tmp_path)
    assert "\n" not in str(error.value) and "SECRET_KEY" in str(error.value)


def test_secret_is_generated_once_with_private_mode(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    key = settings.get_secret_key()
    assert len(key) >= 32 and key == settings.get_secret_key()
    assert stat.S_IMODE(os.stat(tmp_path / "secret.key").st_mode) == 0o600


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FUNDWATCH_MAIL_URL", "ftp://x"),
        ("FUNDWATCH_TIMEZONE", "Mars/Olympus"),
        ("FUNDWATCH_CRAWL_BACKEND", "scrapyd"),
    ],
)
def test_bad_values_fail_loudly(name: str, value: str, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError):
        load_settings(data_dir=tmp_path)


def test_mail_url_paths(tmp_path: Path) -> None:
    assert load_settings(data_dir=tmp_path, mail_url="file:///var/mail/fw").outbox_dir == Path(
        "/var/mail/fw"
    )
    assert load_settings(data_dir=tmp_path, mail_url="smtp://u:p@127.0.0.1:25").outbox_dir is None


def test_unknown_toml_setting_is_an_error(tmp_path: Path) -> None:
    config = tmp_path / "fw.toml"
    config.write_text('databse_url = "x"\n')
    with pytest.raises(SettingsError, match="databse_url"):
        load_settings(config, data_dir=tmp_path)


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    missing = [
        f"FUNDWATCH_{name.upper()}"
        for name in Settings.model_fields
        if f"`FUNDWATCH_{name.upper()}`" not in readme
    ]
    assert missing == [], f"settings missing from README.md: {missing}"
