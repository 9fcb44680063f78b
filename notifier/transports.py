"""Where messages go, from MAIL_URL: file://DIR, console://, smtp://, smtp+starttls://, smtps://.

A transport hands out connections; a connection delivers one message at a time, says how it
went (`Delivery`), and calls `on_accepted` the moment the message is accepted (the sender
journals it there). SMTP connections are kept open and reused; each message is its own
transaction with one recipient. Errors are sorted the way RFC 5321 means them:

- 4xx replies, 552 (RFC 5321 §4.5.3.1.10: treat as temporary), dropped connections,
  timeouts and a server that is down: `deferred` (retried later, same Message-ID);
- other 5xx replies to RCPT or DATA: `failed`, and the address bounces;
- 5xx to MAIL FROM (our sender address refused): `failed` without blaming the recipient.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr
from pathlib import Path
from typing import Any, Protocol, TextIO
from urllib.parse import unquote, urlsplit

import aiosmtplib

from models.settings import Settings
from notifier.emails import as_7bit
from notifier.outbox import Delivery, Outgoing

SMTP_TIMEOUT = 60.0
DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class Connection(Protocol):
    async def deliver(
        self, item: Outgoing, on_accepted: Callable[[], None] | None = None
    ) -> Delivery:
        """Deliver one message; call `on_accepted` the moment it is accepted."""
        ...


class Transport(Protocol):
    #: How many connections may be used at once.
    max_connections: int

    def connection(self) -> contextlib.AbstractAsyncContextManager[Connection]: ...


# -- file:// ------------------------------------------------------------------------------------


def eml_name(message_id: str) -> str:
    """A file name from a Message-ID: `<a.b@c>` -> `a.b@c.eml` (unsafe characters as `_`)."""
    return re.sub(r"[^A-Za-z0-9._@+=-]", "_", message_id.strip().strip("<>")) + ".eml"


class FileTransport:
    """One .eml per message in a folder, named from its Message-ID.

    Written to a temporary name and renamed, so a killed sender never leaves half a file;
    a message sent again (after a kill) replaces its own file rather than adding one.
    """

    max_connections = 1

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[FileTransport]:
        yield self

    async def deliver(
        self, item: Outgoing, on_accepted: Callable[[], None] | None = None
    ) -> Delivery:
        final = self.directory / eml_name(item.message_id)
        temporary = self.directory / f".{final.name}.{os.getpid()}.tmp"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(item.content)
            os.replace(temporary, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink()
            return Delivery("deferred", f"cannot write {final}: {exc}")
        if on_accepted is not None:
            on_accepted()
        return Delivery("sent")


# -- console:// ---------------------------------------------------------------------------------


class ConsoleTransport:
    """Prints each message's headers and text part (for development)."""

    max_connections = 1

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[ConsoleTransport]:
        yield self

    async def deliver(
        self, item: Outgoing, on_accepted: Callable[[], None] | None = None
    ) -> Delivery:
        stream = self.stream or sys.stdout
        message: Any = BytesParser(policy=policy.default).parsebytes(item.content)
        body = message.get_body(preferencelist=("plain",))
        stream.write(f"{'=' * 72}\n")
        for name in ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe"):
            if message[name]:
                stream.write(f"{name}: {message[name]}\n")
        stream.write("\n" + (body.get_content() if body is not None else "") + "\n")
        stream.flush()
        if on_accepted is not None:
            on_accepted()
        return Delivery("sent")


# -- SMTP ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str  # "plain", "starttls" or "tls"
    username: str | None
    password: str | None
    sender: str
    local_hostname: str
    timeout: float = SMTP_TIMEOUT

    @classmethod
    def from_url(cls, url: str, *, sender: str, local_hostname: str) -> SmtpConfig:
        parts = urlsplit(url)
        scheme = parts.scheme
        if scheme not in DEFAULT_PORTS:
            raise ValueError(f"not an SMTP URL: {url}")
        security = {"smtp": "plain", "smtp+starttls": "starttls", "smtps": "tls"}[scheme]
        return cls(
            host=parts.hostname or "localhost",
            port=parts.port or DEFAULT_PORTS[scheme],
            security=security,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            sender=parseaddr(sender)[1] or sender,
            local_hostname=local_hostname,
        )


class SmtpConnection:
    """One SMTP connection, opened on first use and again after the server dropped it.

    Each message is its own transaction (MAIL, one RCPT, DATA). The end of DATA (the final
    dot, the server's reply and journaling the acceptance via `on_accepted`) runs under a
    lock shared by the connections of one sender: so at any instant at most one message of
    the sender can have been accepted by the server without being journaled, and a sender
    killed at any point sends at most one message twice (RFC 1047's window). Everything
    else, the message's bytes included, goes on in parallel.
    """

    def __init__(self, config: SmtpConfig, commit_lock: asyncio.Lock) -> None:
        self.config = config
        self.commit_lock = commit_lock
        self.client: aiosmtplib.SMTP | None = None

    async def _connected(self) -> aiosmtplib.SMTP:
        if self.client is not None and self.client.is_connected:
            return self.client
        await self.close()
        config = self.config
        client = aiosmtplib.SMTP(
            hostname=config.host,
            port=config.port,
            username=config.username,
            password=config.password,
            use_tls=config.security == "tls",
            start_tls=config.security == "starttls",
            local_hostname=config.local_hostname,
            timeout=config.timeout,
        )
        await client.connect()
        self.client = client
        if client.is_ehlo_or_helo_needed:  # learn the extensions (8BITMIME) before sending
            try:
                await client.ehlo()
            except aiosmtplib.SMTPHeloError:
                await client.helo()
        return client

    async def deliver(
        self, item: Outgoing, on_accepted: Callable[[], None] | None = None
    ) -> Delivery:
        try:
            client = await self._connected()
            await self._transaction(client, item, on_accepted)
        except aiosmtplib.SMTPRecipientRefused as exc:
            await self._reset(exc.code)
            return _by_code(exc.code, f"RCPT: {exc.code} {exc.message}", bounce=True)
        except aiosmtplib.SMTPSenderRefused as exc:
            await self._reset(exc.code)
            return _by_code(exc.code, f"MAIL FROM: {exc.code} {exc.message}", bounce=False)
        except aiosmtplib.SMTPResponseException as exc:
            await self._reset(exc.code)
            return _by_code(exc.code, f"DATA: {exc.code} {exc.message}", bounce=True)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            await self.close()
            return Delivery("deferred", f"{exc.__class__.__name__}: {exc}")
        return Delivery("sent")

    async def _transaction(
        self, client: aiosmtplib.SMTP, item: Outgoing, on_accepted: Callable[[], None] | None
    ) -> None:
        content = item.content
        options = []
        if not content.isascii():
            if client.supports_extension("8bitmime"):
                options.append("BODY=8BITMIME")
            else:
                content = as_7bit(content)
        if client.supports_extension("size"):
            options.append(f"SIZE={len(content)}")
        await client.mail(self.config.sender, options=options)
        await client.rcpt(item.recipient)
        # DATA by hand (aiosmtplib's data() sends the content and the final dot at once):
        # the content goes out unlocked, and only the final dot, its reply and the journal
        # entry run under the lock. Public parts of aiosmtplib only: execute_command(),
        # protocol.write() and protocol.read_response().
        start = await client.execute_command(b"DATA")
        if start.code != 354:
            raise aiosmtplib.SMTPDataError(start.code, start.message)
        protocol = client.protocol
        if protocol is None:
            raise aiosmtplib.SMTPServerDisconnected("connection lost before the message")
        protocol.write(dot_stuffed(content))
        async with self.commit_lock:
            protocol.write(b".\r\n")
            reply = await protocol.read_response(timeout=self.config.timeout)
            if reply.code != 250:
                raise aiosmtplib.SMTPDataError(reply.code, reply.message)
            if on_accepted is not None:
                on_accepted()

    async def _reset(self, code: int) -> None:
        """After a refusal: RSET for the next transaction; 421 means the server is closing
        the channel, so start a fresh connection next time."""
        if code == 421 or self.client is None or not self.client.is_connected:
            await self.close()
            return
        try:
            await self.client.rset()
        except (aiosmtplib.SMTPException, OSError, TimeoutError):
            await self.close()

    async def close(self) -> None:
        client, self.client = self.client, None
        if client is None:
            return
        if client.is_connected:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError, TimeoutError):
                client.close()
        else:
            client.close()


_LINE_ENDS = re.compile(rb"\r\n|\r|\n")
_LEADING_DOT = re.compile(rb"^\.", re.MULTILINE)


def dot_stuffed(content: bytes) -> bytes:
    """The message as DATA carries it, without the final dot: CRLF line ends, a leading "."
    doubled (RFC 5321 §4.5.2), ending with CRLF."""
    body = _LEADING_DOT.sub(b"..", _LINE_ENDS.sub(b"\r\n", content))
    return body if body.endswith(b"\r\n") else body + b"\r\n"


def _by_code(code: int, error: str, *, bounce: bool) -> Delivery:
    if 400 <= code < 500 or code == 552:
        return Delivery("deferred", error)
    return Delivery("failed", error, bounce=bounce)


class SmtpTransport:
    def __init__(self, config: SmtpConfig, *, max_connections: int = 10) -> None:
        self.config = config
        self.max_connections = max_connections
        self._lock: asyncio.Lock | None = None
        self._lock_loop: asyncio.AbstractEventLoop | None = None

    def _commit_lock(self) -> asyncio.Lock:
        # One lock per event loop: a transport may serve several asyncio.run() passes.
        loop = asyncio.get_running_loop()
        if self._lock is None or self._lock_loop is not loop:
            self._lock, self._lock_loop = asyncio.Lock(), loop
        return self._lock

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[SmtpConnection]:
        connection = SmtpConnection(self.config, self._commit_lock())
        try:
            yield connection
        finally:
            await connection.close()


def transport_for(settings: Settings, *, max_connections: int = 10) -> Transport:
    """The transport MAIL_URL names."""
    scheme = settings.mail_scheme
    if scheme == "file":
        assert settings.outbox_dir is not None
        return FileTransport(settings.outbox_dir)
    if scheme == "console":
        return ConsoleTransport()
    config = SmtpConfig.from_url(
        settings.mail_url, sender=settings.mail_from, local_hostname=settings.mail_domain
    )
    return SmtpTransport(config, max_connections=max_connections)
