"""A real SMTP server on 127.0.0.1 (aiosmtpd in a thread) that records messages and can misbehave.

Faults, each a share of attempts or a set of addresses: 421 on RCPT or DATA, 550 for some recipients, 552 (mailbox full), the connection
dropped after DATA (the message is kept, no reply is sent), a delay per message, and the
whole server down (`stop()`, then `start()` on the same port).
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    mail_options: list[str]

    @property
    def message(self) -> Any:
        return message_from_bytes(self.content, policy=policy.default)

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"]).strip()


@dataclass
class Faults:
    rcpt_421: float = 0.0
    data_421: float = 0.0
    drop_after_data: float = 0.0
    refuse: set[str] = field(default_factory=set)  # 550 5.1.1
    full: set[str] = field(default_factory=set)  # 552 on RCPT
    delay: float = 0.0
    seed: int = 1


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        sink = self.sink
        sink.rcpt_commands += 1
        if address in sink.faults.refuse:
            return "550 5.1.1 no such user"
        if address in sink.faults.full:
            return "552 5.2.2 mailbox full"
        if sink.chance("rcpt_421", address, sink.faults.rcpt_421):
            sink.injected["rcpt_421"] += 1
            return "421 4.3.2 busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        sink = self.sink
        if sink.faults.delay:
            await asyncio.sleep(sink.faults.delay)
        recipient = envelope.rcpt_tos[0] if envelope.rcpt_tos else ""
        if sink.chance("data_421", recipient, sink.faults.data_421):
            sink.injected["data_421"] += 1
            return "421 4.3.2 busy, try again later"
        content = envelope.original_content or b""
        received = Received(
            envelope.mail_from or "", list(envelope.rcpt_tos), content, envelope.mail_options
        )
        with sink.lock:
            sink.messages.append(received)
        if sink.chance("drop_after_data", recipient, sink.faults.drop_after_data):
            # Kept, but the client never hears "250": from its side the connection dropped.
            sink.injected["drop_after_data"] += 1
            assert server.transport is not None
            server.transport.abort()
        return "250 OK queued"


class SmtpSink:
    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.faults = Faults()
        self.injected: Counter[str] = Counter()
        self.rcpt_commands = 0
        self.connections = 0
        self.lock = threading.Lock()
        self.port = 0
        self._attempts: Counter[tuple[str, str]] = Counter()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.AbstractServer | None = None
        self._protocols: list[SMTP] = []

    # -- control ------------------------------------------------------------------------------

    def set_faults(self, **values: Any) -> None:
        self.faults = Faults(**values)

    def chance(self, kind: str, key: str, share: float) -> bool:
        """Whether this attempt (the n-th of `kind` for `key`) gets the fault: a hash, so the
        same messages meet the same faults whatever the order the connections run in."""
        if share <= 0:
            return False
        with self.lock:
            attempt = self._attempts[(kind, key)]
            self._attempts[(kind, key)] += 1
        digest = hashlib.sha256(f"{self.faults.seed}:{kind}:{key}:{attempt}".encode()).digest()
        return int.from_bytes(digest[:4], "big") / 2**32 < share

    def start(self) -> int:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
            self._thread.start()
        asyncio.run_coroutine_threadsafe(self._open(), self._loop).result(timeout=10)
        return self.port

    def stop(self) -> None:
        """Stop listening and cut every open connection (the server is down)."""
        if self._loop is not None and self._server is not None:
            asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(timeout=10)

    def shutdown(self) -> None:
        self.stop()
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            assert self._thread is not None
            self._thread.join(timeout=10)
            self._loop.close()
            self._loop = None

    async def _open(self) -> None:
        handler = _Handler(self)

        def factory() -> SMTP:
            protocol = SMTP(handler, hostname="sink.test", ident="sink", decode_data=False)
            self._protocols.append(protocol)
            self.connections += 1
            return protocol

        assert self._loop is not None
        self._server = await self._loop.create_server(factory, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _close(self) -> None:
        assert self._server is not None
        self._server.close()
        for protocol in self._protocols:
            if protocol.transport is not None:
                protocol.transport.abort()
        self._protocols.clear()
        await self._server.wait_closed()
        self._server = None

    # -- what arrived -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def received(self) -> list[Received]:
        with self.lock:
            return list(self.messages)

    def count_by_message_id(self) -> Counter[str]:
        return Counter(received.message_id for received in self.received())

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
