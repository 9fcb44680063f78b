"""Email rendering, after healthchecks' hc/lib/emails.py: `make_message(name, to, ctx)`.

Each kind of email is three templates, `emails/{name}-subject.txt`, `{name}-body-text.txt`
and `{name}-body-html.html` (HTML bodies extend `emails/base.html`; autoescaped; the text
ones are not). `make_message()` renders them into an `Email`, whose `as_bytes()` is the
multipart/alternative message stored in the outbox: content is built at build time, and
sending only moves bytes.

The MIME is written here rather than by `email.message.EmailMessage`: the standard library
folds `List-Unsubscribe` into RFC 2047 encoded words when a URI is longer than a line
(clients then cannot read it), and bodies go out 8bit so URLs stay whole in the raw
message (quoted-printable would break them across soft line breaks).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.header import Header
from email.parser import BytesParser
from email.utils import format_datetime, formataddr, parseaddr
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from models.base import utcnow

TEMPLATES = Path(__file__).resolve().parent / "templates"
MAX_LINE = 998  # RFC 5321 §4.5.3.1.6, without CRLF


@cache
def environments() -> tuple[Environment, Environment]:
    """The HTML environment (autoescape on) and the text one (off), loaded once."""
    loader = FileSystemLoader(str(TEMPLATES))
    options: dict[str, Any] = {
        "loader": loader,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "undefined": StrictUndefined,
    }
    html = Environment(autoescape=True, **options)
    text = Environment(autoescape=False, keep_trailing_newline=True, **options)
    return html, text


@dataclass(frozen=True)
class Email:
    sender: str
    to: str
    subject: str
    text: str
    html: str
    message_id: str
    language: str = "en"
    headers: Mapping[str, str] = field(default_factory=dict)
    date: datetime = field(default_factory=utcnow)

    def as_bytes(self) -> bytes:
        return _mime(self)


def render(name: str, ctx: Mapping[str, Any]) -> tuple[str, str, str]:
    """(subject, text body, HTML body) of email kind `name`."""
    html_env, text_env = environments()
    subject = text_env.get_template(f"emails/{name}-subject.txt").render(ctx)
    text = text_env.get_template(f"emails/{name}-body-text.txt").render(ctx)
    html = html_env.get_template(f"emails/{name}-body-html.html").render(ctx)
    return " ".join(subject.split()), text, html


def make_message(
    name: str,
    to: str,
    ctx: Mapping[str, Any],
    *,
    sender: str,
    message_id: str,
    language: str = "en",
    headers: Mapping[str, str] | None = None,
    date: datetime | None = None,
) -> Email:
    """Render email kind `name` for `to`; `headers` adds e.g. List-Unsubscribe."""
    subject, text, html = render(name, {**ctx, "language": language})
    return Email(
        sender=sender,
        to=to,
        subject=subject,
        text=text,
        html=html,
        message_id=message_id,
        language=language,
        headers=dict(headers or {}),
        date=date or utcnow(),
    )


def make_message_id(*parts: object, domain: str, salt: str = "") -> str:
    """`<part.part.tag@domain>`, the same for the same parts (a retry keeps its Message-ID);
    `salt` (e.g. the address) goes only into the hashed tag, never in clear."""
    readable = ".".join(re.sub(r"[^A-Za-z0-9-]+", "-", str(p)).strip("-") for p in parts)
    tag = hashlib.sha256("/".join([*map(str, parts), salt]).encode()).hexdigest()[:10]
    return f"<{readable}.{tag}@{domain}>"


# -- MIME ---------------------------------------------------------------------------------------


def _header(name: str, value: str) -> str:
    """An ASCII header as it is (ids and addresses must not be folded inside); text that is
    long or not ASCII folded and RFC 2047-encoded."""
    short = len(name) + len(value) + 2 <= 78
    if value.isascii() and (short or name.lower() not in ("subject", "comments")):
        return f"{name}: {value}"
    charset = "us-ascii" if value.isascii() else "utf-8"
    return f"{name}: " + Header(value, charset, header_name=name).encode(linesep="\r\n")


def _address(value: str) -> str:
    name, address = parseaddr(value)
    return formataddr((name, address), charset="utf-8") if name else address


def _list_header(name: str, value: str) -> str:
    """Fold a URI list at its commas: URIs are never split or encoded (RFC 2369)."""
    uris = [part.strip() for part in value.split(",") if part.strip()]
    return f"{name}: " + ",\r\n ".join(uris)


def _body(text: str) -> tuple[str, bytes]:
    """(Content-Transfer-Encoding, body) for a text part: 7bit/8bit, or quoted-printable when a
    line would exceed the SMTP limit."""
    normal = text.rstrip("\r\n").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    data = normal.encode("utf-8") + b"\r\n"
    if max(map(len, data.split(b"\r\n"))) > MAX_LINE:
        from email import quoprimime

        encoded = quoprimime.body_encode(text, maxlinelen=76, eol="\r\n").encode("ascii")
        return "quoted-printable", encoded + b"\r\n"
    return ("7bit" if data.isascii() else "8bit"), data


def _mime(email: Email) -> bytes:
    text_cte, text_body = _body(email.text)
    html_cte, html_body = _body(email.html)
    boundary = "=_fw_" + hashlib.sha256(email.message_id.encode()).hexdigest()[:24]
    while boundary.encode() in text_body or boundary.encode() in html_body:
        boundary += "_"
    lines = [
        _header("From", _address(email.sender)),
        _header("To", email.to),
        _header("Subject", email.subject),
        _header("Date", format_datetime(email.date)),
        _header("Message-ID", email.message_id),
    ]
    for name, value in email.headers.items():
        if name.lower() in ("list-unsubscribe", "list-post", "list-help", "list-archive"):
            lines.append(_list_header(name, value))
        else:
            lines.append(_header(name, value))
    lines += [
        _header("Content-Language", email.language),
        "MIME-Version: 1.0",
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
    ]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")
    parts = []
    for subtype, cte, body in (("plain", text_cte, text_body), ("html", html_cte, html_body)):
        parts.append(
            f"--{boundary}\r\n"
            f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
            f"Content-Transfer-Encoding: {cte}\r\n\r\n".encode("ascii")
            + body
        )
    return head + b"".join(parts) + f"--{boundary}--\r\n".encode("ascii")


def as_7bit(content: bytes) -> bytes:
    """The same message with its 8bit parts re-encoded quoted-printable, for an SMTP server
    that does not offer 8BITMIME (rare; everything else about the message is kept)."""
    smtp = policy.SMTP.clone(max_line_length=MAX_LINE)  # keep our folding of headers
    message: Any = BytesParser(policy=smtp).parsebytes(content)
    for part in message.walk():
        if part.get_content_maintype() == "text" and part["Content-Transfer-Encoding"] == "8bit":
            body = part.get_content()
            part.set_content(
                body, subtype=part.get_content_subtype(), charset="utf-8", cte="quoted-printable"
            )
            del part["MIME-Version"]
    return bytes(message.as_bytes(policy=smtp))
