"""Participants import/export (JSONL and CSV) on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from models.participant import Contact, Participant


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_participants_round_trip(run_cli, files: Path) -> None:
    assert run_cli("participants", "import", str(files / "participants.jsonl")).exit_code == 0
    exported = {r["id"]: r for r in _lines(run_cli("participants", "export").stdout)}
    for original in _lines((files / "participants.jsonl").read_text()):
        back = exported[original["id"]]
        for name, value in original.items():
            expected = value.lower() if name == "email" else value
            if isinstance(value, list):
                assert set(back[name]) == set(value), name
            else:
                assert back[name] == expected, name


def test_contact_language_and_defaults(run_cli, files: Path, db) -> None:
    run_cli("participants", "import", str(files / "participants.jsonl"))
    with db.engine.connect() as conn:
        rows = dict(conn.execute(select(Contact.email, Contact.language)).all())
        confirmed = conn.scalars(select(Contact.confirmed)).all()
    assert rows["europe@cluj.example.ro"] == "en"  # first of languages that is en or fr
    assert rows["europe@strasbourg.example.fr"] == "fr"
    assert rows["info@pry.example.org"] == "en"
    assert all(confirmed)  # imported participants are vouched for by the Taskforce


def test_reimport_is_idempotent_and_updates(run_cli, files: Path, tmp_path: Path, db) -> None:
    run_cli("participants", "import", str(files / "participants.jsonl"))
    again = run_cli("participants", "import", str(files / "participants.jsonl"))
    assert "0 new, 0 updated, 3 unchanged" in again.output
    line = _lines((files / "participants.jsonl").read_text())[0]
    line["themes"] = ["health"]
    line["email"] = "new@cluj.example.ro"
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(line) + "\n")
    assert "1 updated" in run_cli("participants", "import", str(path)).output
    with db.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Participant)) == 3
        assert conn.scalar(select(func.count()).select_from(Contact)) == 3
        assert "new@cluj.example.ro" in conn.scalars(select(Contact.email)).all()


def test_csv_import_splits_lists_and_reads_el_as_greece(run_cli, files: Path, db) -> None:
    result = run_cli("participants", "import", str(files / "participants.csv"))
    assert result.exit_code == 0, result.stderr
    with db.engine.connect() as conn:
        rows = {r.public_id: r for r in conn.execute(select(Participant)).all()}
    assert rows["pecs"].languages == ["hu", "en"]
    assert rows["pecs"].keywords == ["mediators", "schools"]
    assert rows["pecs"].population == 140000
    assert rows["thessaloniki"].country == "GR"


def test_bad_participant_lines_are_rejected_with_reasons(run_cli, tmp_path: Path, db) -> None:
    good = {
        "id": "a",
        "name": "A",
        "country": "RO",
        "applicant_type": "ngo",
        "languages": ["ro"],
        "themes": ["youth"],
        "email": "a@a.example.org",
    }
    lines = [
        good,
        {**good, "id": "b", "email": "not-an-email"},
        {**good, "id": "c", "email": "c@c.example.org", "country": "Romania"},
        {**good, "id": "d", "email": "d@d.example.org", "applicant_type": "city"},
        {**good, "id": "e", "email": "e@e.example.org", "themes": ["sports"]},
        {**good, "id": "a", "email": "z@z.example.org"},
        {**good, "id": "f", "email": "A@A.example.org"},
        {**good, "id": "g", "email": "g@g.example.org", "frequency": "hourly"},
    ]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    result = run_cli("participants", "import", str(path))
    assert result.exit_code == 1
    for number, text in [
        (2, "email"),
        (3, "country"),
        (4, "applicant type"),
        (5, "theme"),
        (6, "duplicate id"),
        (7, "email a@a.example.org already on line 1"),
        (8, "frequency"),
    ]:
        assert f":{number}: " in result.stderr and text in result.stderr, (number, result.stderr)
    with db.engine.connect() as conn:
        assert conn.scalars(select(Participant.public_id)).all() == ["a"]


def test_an_erased_address_is_never_imported_again(run_cli, tmp_path: Path, db) -> None:
    from models.account import Suppression, email_hash
    from models.db import write_session

    with write_session(db.engine) as session:
        session.add(Suppression(email_hash=email_hash("Gone@Erased.example.org")))
    line = {
        "id": "gone",
        "name": "Gone",
        "country": "RO",
        "applicant_type": "ngo",
        "languages": ["ro"],
        "themes": ["youth"],
        "email": "gone@erased.example.org",
    }
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(line) + "\n")
    result = run_cli("participants", "import", str(path))
    assert result.exit_code == 1
    assert ":1: gone@erased.example.org was erased at its owner's request" in result.stderr
    with db.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Contact)) == 0
