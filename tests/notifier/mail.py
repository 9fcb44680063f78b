"""Mail in the notifier and partnership-offer tests: an SMTP server on loopback, the settings
mail is built with, and reading the messages written.

The fixtures are imported by tests/notifier/conftest.py and tests/offers/conftest.py.
"""

from __future__ import annotations

import html as htmlmod
import re
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from models.settings import Settings
from tests.notifier.smtpsink import SmtpSink


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.shutdown()


@pytest.fixture
def settings(db: Any, tmp_path: Path) -> Settings:
    return db.settings(tmp_path, base_url="https://fundwatch.example.org")


def parse(content: bytes) -> Any:
    return message_from_bytes(content, policy=policy.default)


def parts(message: Any) -> tuple[str, str]:
    """(text, HTML) of a multipart/alternative message."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def visible_text(html: str) -> str:
    """What a reader sees of an HTML part: tags dropped, entities decoded, spaces collapsed."""
    return squeeze(htmlmod.unescape(re.sub(r"<[^>]+>", " ", html)))


def squeeze(text: str) -> str:
    """Runs of ASCII white space as one space (no-break spaces are kept: French needs them)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def assert_email_contains(message: Any, *needles: str) -> None:
    """Each needle is in the text part and in the HTML part (as seen, or in an attribute)."""
    text, html = parts(message)
    flat_text, seen = squeeze(text), visible_text(html)
    for needle in needles:
        assert needle in text or needle in flat_text, f"{needle!r} not in the text part"
        assert needle in seen or htmlmod.escape(needle) in html, f"{needle!r} not in the HTML part"


def assert_email_lacks(message: Any, *needles: str) -> None:
    text, html = parts(message)
    for needle in needles:
        assert needle not in text and needle not in html, f"{needle!r} is in the email"
