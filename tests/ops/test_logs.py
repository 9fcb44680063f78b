"""Structured logs: one line per event; JSON off a terminal, key=value on one."""

from __future__ import annotations

import io
import json
import logging

from models.logs import configure_logging


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_off_a_terminal_each_event_is_one_json_line() -> None:
    stream = io.StringIO()
    configure_logging("INFO", stream=stream)
    log = logging.getLogger("fundwatch.test")
    log.info("crawl dispatched", extra={"source": "cerv", "ok": True})
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        log.exception("job failed", extra={"job": "crawl"})
    log.debug("not shown at INFO")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2  # the traceback stays inside its event's line
    first, second = (json.loads(line) for line in lines)
    assert first["event"] == "crawl dispatched" and first["level"] == "info"
    assert (first["source"], first["ok"], first["logger"]) == ("cerv", True, "fundwatch.test")
    assert second["job"] == "crawl" and "ValueError: bad\nthing" in second["exc"]


def test_on_a_terminal_events_read_as_text() -> None:
    stream = Terminal()
    configure_logging("INFO", stream=stream)
    logging.getLogger("fundwatch.test").warning("child crashed", extra={"child": "web", "in_s": 2})
    line = stream.getvalue().strip()
    assert "WARNING fundwatch.test: child crashed child=web in_s=2" in line


def test_configuring_twice_keeps_one_handler() -> None:
    first, second = io.StringIO(), io.StringIO()
    configure_logging("INFO", stream=first)
    configure_logging("INFO", stream=second)
    logging.getLogger("fundwatch.test").info("once")
    assert first.getvalue() == "" and second.getvalue().count("once") == 1
