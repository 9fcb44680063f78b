"""Structured logs: one line per event, JSON when stderr is not a terminal.

Call sites log an event name and put the details in ``extra``::

    log.info("crawl dispatched", extra={"source": key, "backend": "local"})

On a terminal that reads ``2026-11-25 07:00:00 INFO scheduler: crawl dispatched
source=cerv backend=local``; under a process manager (journald, Docker, Kubernetes) it is one
JSON object a line, so log collectors index the fields without parsing prose.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
_MARK = "_fundwatch_handler"


def record_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The `extra=` fields of a record."""
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: ts, level, logger, event, the extra fields, exc when any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update(record_fields(record))
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class KeyValueFormatter(logging.Formatter):
    """For people at a terminal: time, level, logger, event, then key=value pairs."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created).strftime("%Y-%m-%d %H:%M:%S")
        pairs = " ".join(f"{k}={_short(v)}" for k, v in record_fields(record).items())
        line = f"{stamp} {record.levelname} {record.name}: {record.getMessage()}"
        line = f"{line} {pairs}" if pairs else line
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        return line


def _short(value: Any) -> str:
    text = str(value)
    return json.dumps(text) if (" " in text or not text) else text


def configure_logging(
    level: str = "INFO", *, stream: TextIO | None = None, json_lines: bool | None = None
) -> None:
    """Install one handler on the root logger (idempotent: a second call replaces it)."""
    out = stream if stream is not None else sys.stderr
    if json_lines is None:
        json_lines = not (hasattr(out, "isatty") and out.isatty())
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter() if json_lines else KeyValueFormatter())
    setattr(handler, _MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # APScheduler logs each job added, started and ended at INFO; fundwatch logs what matters
    # of those itself, and APScheduler's warnings (a missed run) still come through.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
