"""Transports: file:// (atomic .eml files), console://, and SMTP against a real local server."""

from __future__ import annotations

import asyncio
import io

from models.settings import Settings
from notifier.emails import Email
from notifier.outbox import Outgoing
from notifier.transports import (
    ConsoleTransport,
    FileTransport,
    SmtpConfig,
    SmtpTransport,
    eml_name,
    transport_for,
)


def outgoing(n: int = 1, *, to: str | None = None, text: str = "Bonjour à tous") -> Outgoing:
    recipient = to or f"member{n}@example.org"
    email = Email(
        sender="fundwatch <fw@fundwatch.example.org>",
        to=recipient,
        subject=f"Digest {n}",
        text=text,
        html=f"<p>{text}</p>",
        message_id=f"<digest.{n}@fundwatch.example.org>",
    )
    return Outgoing(n, recipient, email.message_id, email.as_bytes(), 1, None)


def deliver_all(transport, items):
    async def run():
        async with transport.connection() as connection:
            return [await connection.deliver(item) for item in items]

    return asyncio.run(run())


def smtp(sink, **kwargs) -> SmtpTransport:
    config = SmtpConfig.from_url(
        sink.url, sender="fw@fundwatch.example.org", local_hostname="fw.test"
    )
    return SmtpTransport(config, **kwargs)


def test_file_transport_writes_one_eml_per_message_named_from_its_message_id(tmp_path) -> None:
    transport = FileTransport(tmp_path / "outbox")
    # Built once: each message carries a Date header, so two builds may differ by a second.
    first, second = outgoing(1), outgoing(2)
    results = deliver_all(transport, [first, second, first])
    assert [r.status for r in results] == ["sent"] * 3
    files = sorted(p.name for p in (tmp_path / "outbox").iterdir())
    assert files == ["digest.1@fundwatch.example.org.eml", "digest.2@fundwatch.example.org.eml"]
    assert (tmp_path / "outbox" / files[0]).read_bytes() == first.content


def test_eml_names_are_safe_file_names() -> None:
    assert eml_name("<a/b\\c d@x.org>") == "a_b_c_d@x.org.eml"


def test_file_transport_defers_when_it_cannot_write(tmp_path) -> None:
    blocker = tmp_path / "outbox"
    blocker.write_text("a file where the folder should be")
    [result] = deliver_all(FileTransport(blocker / "inner"), [outgoing(1)])
    assert result.status == "deferred" and "cannot write" in (result.error or "")


def test_console_transport_prints_headers_and_the_text_part() -> None:
    stream = io.StringIO()
    [result] = deliver_all(ConsoleTransport(stream), [outgoing(3)])
    assert result.status == "sent"
    printed = stream.getvalue()
    assert "To: member3@example.org" in printed and "Subject: Digest 3" in printed
    assert "Bonjour à tous" in printed and "<p>" not in printed


def test_mail_url_picks_the_transport(tmp_path) -> None:
    def settings(url: str) -> Settings:
        return Settings(data_dir=tmp_path, mail_url=url, secret_key="s" * 40)

    assert isinstance(transport_for(settings("file://./out")), FileTransport)
    assert transport_for(settings("file://./out")).directory == tmp_path / "out"
    assert isinstance(transport_for(settings("console://")), ConsoleTransport)
    config = SmtpConfig.from_url(
        "smtp+starttls://user%40x:p%3Ass@mail.example.org", sender="A <a@x.org>", local_hostname="h"
    )
    assert (config.host, config.port, config.security) == ("mail.example.org", 587, "starttls")
    assert (config.username, config.password, config.sender) == ("user@x", "p:ss", "a@x.org")
    assert SmtpConfig.from_url("smtps://h", sender="a@x.org", local_hostname="h").port == 465
    assert SmtpConfig.from_url("smtp://h:2525", sender="a@x.org", local_hostname="h").port == 2525


def test_smtp_sends_each_message_alone_over_one_reused_connection(smtp_sink) -> None:
    items = [outgoing(n) for n in range(1, 6)]
    results = deliver_all(smtp(smtp_sink), items)
    assert [r.status for r in results] == ["sent"] * 5
    received = smtp_sink.received()
    assert [r.rcpt_tos for r in received] == [[item.recipient] for item in items]
    assert [r.content.replace(b"\r\n", b"\n") for r in received] == [
        item.content.replace(b"\r\n", b"\n") for item in items
    ]
    assert received[0].mail_from == "fw@fundwatch.example.org"
    assert "BODY=8BITMIME" in received[0].mail_options  # the body has accents
    assert smtp_sink.connections == 1


def test_smtp_keeps_lines_that_start_with_a_dot(smtp_sink) -> None:
    item = outgoing(1, text=".hidden\n..two dots\nlast line without end")
    [result] = deliver_all(smtp(smtp_sink), [item])
    assert result.status == "sent"
    [received] = smtp_sink.received()
    assert received.content.replace(b"\r\n", b"\n").rstrip(b"\n") == (
        item.content.replace(b"\r\n", b"\n").rstrip(b"\n")
    )
    assert b"\n.hidden\n..two dots\n" in received.content.replace(b"\r\n", b"\n")


def test_smtp_refusals_fail_and_bounce_while_busy_replies_defer(smtp_sink) -> None:
    smtp_sink.set_faults(refuse={"gone@example.org"}, full={"full@example.org"})
    results = deliver_all(
        smtp(smtp_sink),
        [outgoing(1, to="gone@example.org"), outgoing(2, to="full@example.org"), outgoing(3)],
    )
    assert [(r.status, r.bounce) for r in results] == [
        ("failed", True),
        ("deferred", False),  # 552: temporary, RFC 5321 §4.5.3.1.10
        ("sent", False),
    ]
    assert "550" in (results[0].error or "")


def test_smtp_421_and_a_dropped_connection_defer_and_the_next_message_reconnects(smtp_sink) -> None:
    smtp_sink.set_faults(rcpt_421=1.0)
    transport = smtp(smtp_sink)

    async def run():
        async with transport.connection() as connection:
            first = await connection.deliver(outgoing(1))
            smtp_sink.set_faults(data_421=1.0)
            second = await connection.deliver(outgoing(2))
            smtp_sink.set_faults(drop_after_data=1.0)
            third = await connection.deliver(outgoing(3))
            smtp_sink.set_faults()
            fourth = await connection.deliver(outgoing(4))
            return [first, second, third, fourth]

    results = asyncio.run(run())
    assert [r.status for r in results] == ["deferred", "deferred", "deferred", "sent"]
    assert "421" in (results[0].error or "") and "421" in (results[1].error or "")
    # The dropped one did arrive: the server kept it before cutting the line.
    assert [r.message_id for r in smtp_sink.received()] == [
        "<digest.3@fundwatch.example.org>",
        "<digest.4@fundwatch.example.org>",
    ]


def test_smtp_server_down_defers(smtp_sink) -> None:
    smtp_sink.stop()
    [result] = deliver_all(smtp(smtp_sink), [outgoing(1)])
    assert result.status == "deferred" and "onnect" in (result.error or "")
