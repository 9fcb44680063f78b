"""`fundwatch digest build|send|preview`, and the issue's "done when" flow with file://DIR."""

from __future__ import annotations

import json
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models.db import read_session
from models.digest import OutboxMessage

AS_OF = "2026-11-23"
# "Today" for commands run without --as-of, and the clock of the outbox.
pytestmark = pytest.mark.usefixtures("frozen")


def import_files(run_cli, files: Path) -> None:
    # --no-classify: these calls carry their tags; the test must not depend on the model.
    result = run_cli("calls", "import", "--no-classify", str(files / "calls.jsonl"))
    assert result.exit_code == 0, result.output
    result = run_cli("participants", "import", str(files / "participants.jsonl"))
    assert result.exit_code == 0, result.output


def test_done_when_one_eml_per_contact_with_a_match_holding_each_call_url(
    run_cli, notifier_files: Path, tmp_path: Path
) -> None:
    outbox = tmp_path / "mail"
    import_files(run_cli, notifier_files)
    build = run_cli("--mail-url", f"file://{outbox}", "digest", "build", "--as-of", AS_OF)
    assert build.exit_code == 0, build.output
    assert "3 digests queued" in build.output and "1 empty" in build.output
    sent = run_cli("--mail-url", f"file://{outbox}", "digest", "send")
    assert sent.exit_code == 0 and "3 sent" in sent.output
    emls = sorted(outbox.glob("*.eml"))
    assert len(emls) == 3 and not list(outbox.glob(".*.tmp"))
    by_recipient = {}
    for path in emls:
        raw = path.read_bytes()
        by_recipient[message_from_bytes(raw, policy=policy.default)["To"]] = raw
    assert set(by_recipient) == {
        "europe@cluj.example.ro",
        "europe@strasbourg.example.fr",
        "info@pry.example.org",
    }
    urls = {
        line["id"]: line["url"]
        for line in map(json.loads, (notifier_files / "calls.jsonl").read_text().splitlines())
    }
    expected = {
        "europe@cluj.example.ro": [
            "EEA-RO-HOUSING-2027",
            "CEB-HOUSING-LOANS",
            "ROMACT-SCHOOLS-2027",
        ],
        "europe@strasbourg.example.fr": ["FR-DIHAL-2027", "CEB-HOUSING-LOANS"],
        "info@pry.example.org": ["ERASMUS-YOUTH-2027"],
    }
    for recipient, ids in expected.items():
        for call_id in ids:
            assert urls[call_id].encode() in by_recipient[recipient], (recipient, call_id)
        for call_id in set(urls) - set(ids):
            assert urls[call_id].encode() not in by_recipient[recipient], (recipient, call_id)


def test_build_twice_and_send_twice_change_nothing(run_cli, notifier_files: Path, db) -> None:
    import_files(run_cli, notifier_files)
    assert run_cli("digest", "build", "--as-of", AS_OF).exit_code == 0
    again = run_cli("digest", "build", "--as-of", AS_OF)
    assert "0 digests queued" in again.output
    assert "3 sent" in run_cli("digest", "send").output
    assert "0 sent" in run_cli("digest", "send").output
    with read_session(db.engine) as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 3


def test_build_for_one_frequency(run_cli, notifier_files: Path) -> None:
    import_files(run_cli, notifier_files)
    result = run_cli("digest", "build", "--as-of", AS_OF, "--frequency", "daily")
    assert result.exit_code == 0 and "1 digests queued" in result.output
    assert "1 contacts due" in result.output


def test_console_delivery_prints_the_messages(run_cli, notifier_files: Path) -> None:
    import_files(run_cli, notifier_files)
    run_cli("digest", "build", "--as-of", AS_OF, "--frequency", "monthly")
    result = run_cli("--mail-url", "console://", "digest", "send")
    assert result.exit_code == 0
    assert "To: europe@strasbourg.example.fr" in result.stdout
    assert "Résorption des bidonvilles" in result.stdout
    assert "1 sent" in result.stderr


def test_preview_prints_text_or_writes_html_without_queuing(
    run_cli, notifier_files: Path, tmp_path: Path, db
) -> None:
    import_files(run_cli, notifier_files)
    shown = run_cli("digest", "preview", "Europe@Strasbourg.example.fr", "--as-of", AS_OF)
    assert shown.exit_code == 0
    assert "Subject: 2 appels à financement pour Eurométropole de Strasbourg" in shown.output
    assert "https://etat.example.fr/bidonvilles" in shown.output
    page = tmp_path / "preview.html"
    written = run_cli("digest", "preview", "europe@cluj.example.ro", "--html", str(page))
    assert written.exit_code == 0 and page.read_text().startswith("<!DOCTYPE html>")
    nothing = run_cli("digest", "preview", "post@oslo.example.no", "--as-of", AS_OF)
    assert nothing.exit_code == 0 and "nothing to send" in nothing.output
    unknown = run_cli("digest", "preview", "who@example.org")
    assert unknown.exit_code == 2 and "no contact with the address" in unknown.stderr
    with read_session(db.engine) as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
