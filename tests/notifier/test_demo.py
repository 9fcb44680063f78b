"""`fundwatch demo`: the whole pipeline offline, as the README's first command runs it."""

from __future__ import annotations

import email
import os
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(600)


def _run_demo(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDWATCH_")}
    env["FUNDWATCH_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-c", "from cli import main; main()", "demo", "--site-port", "0"],
        cwd=data_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=500,
        check=False,
    )


def _messages(outbox: Path) -> dict[str, email.message.EmailMessage]:
    return {
        path.name: email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(outbox.glob("*.eml"))
    }


def test_demo_crawls_classifies_and_mails_every_member_once(tmp_path: Path) -> None:
    first = _run_demo(tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "10 stored, 10 classified" in first.stdout
    messages = _messages(tmp_path / "outbox")
    digests = {name: m for name, m in messages.items() if name.startswith("digest.")}
    assert {m["To"] for m in digests.values()} == {
        "europe@cluj.demo.example.org",
        "europe@strasbourg.demo.example.org",
        "eu@pecs.demo.example.org",
        "office@srhn.demo.example.org",
        "roma@skopje.demo.example.org",
    }
    for message in digests.values():
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        # Each listed call links to the funder's own page on the demo site, in both parts.
        assert "http://127.0.0.1:" in text and "http://127.0.0.1:" in html
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    french = next(m for m in digests.values() if "strasbourg" in m["To"])
    assert "Nouveaux appels" in french.get_body(("plain",)).get_content()
    assert any(
        "Partnership offers" in m.get_body(("plain",)).get_content()
        or "Offres de partenariat" in m.get_body(("plain",)).get_content()
        for m in digests.values()
    )
    assert any(name.startswith("interest.") for name in messages)

    second = _run_demo(tmp_path)
    assert second.returncode == 0, second.stderr[-2000:]
    assert set(_messages(tmp_path / "outbox")) == set(messages)  # no mail twice per period
