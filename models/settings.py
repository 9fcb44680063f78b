"""The one typed settings object of fundwatch.

Loaded once at the edge (the CLI, the web app factory, the scheduler) and passed in; no
module below reads the environment itself. Precedence: command-line option > environment
(``FUNDWATCH_<NAME>``, or ``FUNDWATCH_<NAME>_FILE`` naming a file that holds the value) >
TOML file (``--config`` / ``FUNDWATCH_CONFIG``) > default.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

ENV_PREFIX = "FUNDWATCH_"
PLACEHOLDER_SECRETS = {"change-me", "changeme", "changethis", "secret", "please-change-me"}
MAIL_SCHEMES = ("file", "smtp", "smtp+starttls", "smtps", "console")


class SettingsError(ValueError):
    """A setting has a value fundwatch cannot run with; the message is one line for people."""


class Settings(BaseSettings):
    """Every setting of fundwatch. Each field is documented in README.md (a test checks)."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, extra="ignore", validate_default=True, frozen=True
    )

    data_dir: Path = Field(
        default_factory=Path.cwd, description="Folder for the database, outbox and secret key."
    )
    database_url: str = Field(
        "sqlite:///fundwatch.db",
        description="SQLAlchemy URL; relative SQLite paths are in DATA_DIR.",
    )
    mail_url: str = Field(
        "file://./outbox",
        description="Where mail goes: file://DIR, smtp://, smtp+starttls://, smtps://, console://",
    )
    mail_from: str = Field("fundwatch <fundwatch@localhost>", description="From address of mail.")
    base_url: str = Field("http://127.0.0.1:8000", description="Public URL of the web app.")
    secret_key: str | None = Field(
        None, description="Signing key (>= 32 chars); generated into DATA_DIR/secret.key if unset."
    )
    timezone: str = Field("Europe/Brussels", description="Time zone of schedules and digests.")
    taskforce_emails: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated addresses of the Taskforce."
    )
    crawl_backend: Literal["local", "scrapyd"] = Field("local", description="Where crawls run.")
    scrapyd_url: str | None = Field(None, description="Scrapyd URL when CRAWL_BACKEND=scrapyd.")
    log_level: str = Field("INFO", description="Logging level.")
    model_dir: Path | None = Field(
        None, description="Classifier model folder (default DATA_DIR/model, else the shipped one)."
    )
    host: str = Field("127.0.0.1", description="Address `fundwatch serve` listens on.")
    port: int = Field(8000, description="Port `fundwatch serve` listens on.")

    # -- validation -------------------------------------------------------------------------

    @field_validator("taskforce_emails", mode="before")
    @classmethod
    def _split_emails(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("mail_url")
    @classmethod
    def _known_mail_scheme(cls, value: str) -> str:
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in MAIL_SCHEMES:
            raise ValueError(f"MAIL_URL must start with one of {', '.join(MAIL_SCHEMES)}")
        return value

    @field_validator("secret_key")
    @classmethod
    def _no_placeholder_secret(cls, value: str | None) -> str | None:
        if value is not None:
            check_secret(value)
        return value

    @field_validator("base_url")
    @classmethod
    def _http_base_url(cls, value: str) -> str:
        if urlsplit(value).scheme not in ("http", "https"):
            raise ValueError("BASE_URL must be an http:// or https:// URL")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _scrapyd_needs_url(self) -> Settings:
        if self.crawl_backend == "scrapyd" and not self.scrapyd_url:
            raise ValueError("CRAWL_BACKEND=scrapyd needs SCRAPYD_URL")
        return self

    # -- sources: CLI overrides > env (+ _FILE) > TOML > defaults ---------------------------

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            _FileVariableSource(settings_cls),
            env_settings,
            _TomlSource(settings_cls),
        )

    # -- derived values -----------------------------------------------------------------------

    @property
    def resolved_database_url(self) -> str:
        """DATABASE_URL with a relative SQLite path made absolute under DATA_DIR."""
        url = self.database_url
        prefix = next((p for p in ("sqlite+pysqlite:///", "sqlite:///") if url.startswith(p)), None)
        if prefix is None:
            return url
        path, sep, query = url[len(prefix) :].partition("?")
        if path in ("", ":memory:") or path.startswith("/"):
            return url
        return f"{prefix}{(self.data_dir / path).resolve()}{sep}{query}"

    @property
    def resolved_model_dir(self) -> Path:
        """Where `fundwatch train` writes and the classifier looks first."""
        path = self.model_dir or Path("model")
        return path if path.is_absolute() else (self.data_dir / path).resolve()

    @property
    def mail_scheme(self) -> str:
        return self.mail_url.split("://", 1)[0]

    @property
    def outbox_dir(self) -> Path | None:
        """The folder of `file://DIR` delivery (everything after file://), else None."""
        if self.mail_scheme != "file":
            return None
        path = Path(unquote(self.mail_url[len("file://") :]))
        return path if path.is_absolute() else (self.data_dir / path).resolve()

    @property
    def mail_domain(self) -> str:
        """The deployment's domain, for Message-IDs and List-Id."""
        return urlsplit(self.base_url).hostname or "localhost"

    @property
    def is_https(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def get_secret_key(self) -> str:
        """SECRET_KEY, or the key kept in DATA_DIR/secret.key (created on first use, 0600)."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret.key"
        if path.exists():
            key = path.read_text(encoding="utf-8").strip()
            check_secret(key)
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(key + "\n")
        return key


def check_secret(value: str) -> None:
    if value.strip().lower() in PLACEHOLDER_SECRETS or len(value) < 32:
        raise ValueError(
            "SECRET_KEY is a placeholder or shorter than 32 characters; "
            "unset it to have one generated, or set a long random value"
        )


class _TomlSource(PydanticBaseSettingsSource):
    """Values from the TOML file named by FUNDWATCH_CONFIG (or --config, passed as env)."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = os.environ.get(f"{ENV_PREFIX}CONFIG")
        if not path:
            return {}
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError as exc:
            raise SettingsError(f"config file not found: {path}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"config file {path} is not valid TOML: {exc}") from exc
        section = data.get("fundwatch", data)
        known = set(self.settings_cls.model_fields)
        values = {str(k).lower(): v for k, v in section.items()}
        unknown = sorted(set(values) - known)
        if unknown:
            raise SettingsError(f"config file {path}: unknown setting(s) {', '.join(unknown)}")
        return values


class _FileVariableSource(PydanticBaseSettingsSource):
    """FUNDWATCH_<NAME>_FILE=path: the value is the file's content (for container secrets)."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in self.settings_cls.model_fields:
            path = os.environ.get(f"{ENV_PREFIX}{name.upper()}_FILE")
            if path and f"{ENV_PREFIX}{name.upper()}" not in os.environ:
                try:
                    values[name] = Path(path).read_text(encoding="utf-8").strip()
                except OSError as exc:
                    raise SettingsError(f"{ENV_PREFIX}{name.upper()}_FILE: {exc}") from exc
        return values


def load_settings(config_file: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Build Settings once, at the edge. Raises SettingsError with a one-line message."""
    from pydantic import ValidationError

    if config_file is not None:
        os.environ[f"{ENV_PREFIX}CONFIG"] = os.fspath(config_file)
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**clean)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        raise SettingsError(f"{ENV_PREFIX}{field.upper()}: {message}") from exc
