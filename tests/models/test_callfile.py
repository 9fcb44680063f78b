"""Calls import/export: round trip, idempotence, per-line errors, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import func, select

from models.call import Call, CallAlias, CallChange
from models.richtext import html_to_text


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _plain(value: str) -> str:
    return " ".join(html_to_text(value).split())


def test_import_then_export_gives_back_every_field(run_cli, files: Path) -> None:
    result = run_cli("calls", "import", "--no-classify", str(files / "calls.jsonl"))
    assert result.exit_code == 0, result.output
    assert "4 new" in result.output
    exported = {r["id"]: r for r in _lines(run_cli("calls", "export").stdout)}
    for original in _lines((files / "calls.jsonl").read_text()):
        back = exported[original["id"]]
        for name, value in original.items():
            if name == "description":
                assert _plain(back[name]) == _plain(value)
            elif name == "countries" and value == ["eu"]:
                assert len(back["countries"]) == 27 and "GR" in back["countries"]
            elif isinstance(value, list) and name != "deadline":
                assert set(back[name]) == set(value), name
            else:
                assert back[name] == value, name


def test_export_import_export_is_byte_identical(run_cli, files: Path, tmp_path: Path) -> None:
    run_cli("calls", "import", "--no-classify", str(files / "calls.jsonl"))
    first = tmp_path / "first.jsonl"
    second = tmp_path / "second.jsonl"
    assert run_cli("calls", "export", "--out", str(first)).exit_code == 0
    assert run_cli("calls", "import", "--no-classify", str(first)).exit_code == 0
    assert run_cli("calls", "export", "--out", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_reimport_is_idempotent(run_cli, files: Path, db) -> None:
    run_cli("calls", "import", "--no-classify", str(files / "calls.jsonl"))
    again = run_cli("calls", "import", "--no-classify", str(files / "calls.jsonl"))
    assert "0 new, 0 updated, 4 unchanged" in again.output
    with db.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Call)) == 4
        assert conn.scalar(select(func.count()).select_from(CallChange)) == 0


def test_changed_deadline_is_recorded_as_a_change(run_cli, files: Path, tmp_path: Path, db) -> None:
    run_cli("calls", "import", "--no-classify", str(files / "calls.jsonl"))
    line = _lines((files / "calls.jsonl").read_text())[0]
    line["deadline"] = "2027-04-30"
    moved = tmp_path / "moved.jsonl"
    moved.write_text(json.dumps(line) + "\n")
    result = run_cli("calls", "import", "--no-classify", str(moved))
    assert "1 updated" in result.output
    with db.engine.connect() as conn:
        change = conn.execute(select(CallChange).where(CallChange.field == "deadlines")).one()
    assert change.old_value == ["2027-03-15"] and change.new_value == ["2027-04-30"]


def test_script_in_description_is_stored_sanitised(run_cli, tmp_path: Path, db) -> None:
    bad = tmp_path / "xss.jsonl"
    bad.write_text(
        json.dumps(
            {
                "id": "X1",
                "title": "t",
                "url": "https://e.example/x",
                "funder": "f",
                "published": "2026-01-01",
                "description": '<p onclick="x()">Hi<script>alert(1)</script><img src=x onerror=alert(2)></p>',
            }
        )
        + "\n"
    )
    assert run_cli("calls", "import", "--no-classify", str(bad)).exit_code == 0
    with db.engine.connect() as conn:
        html = conn.scalar(select(Call.description_html))
    assert "script" not in html and "onerror" not in html and "onclick" not in html
    assert "Hi" in html


def test_bad_lines_are_reported_and_the_rest_imports(run_cli, tmp_path: Path, db) -> None:
    good = {
        "id": "OK-1",
        "title": "Fine",
        "description": "d",
        "url": "https://e.example/1",
        "funder": "f",
        "published": "2026-01-01",
    }
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({**good, "id": "T-1", "max_amount_eur": "lots"}),
        json.dumps({**good, "id": "T-2", "themes": ["roads"]}),
        json.dumps({**good, "id": "T-3", "countries": ["ZZ"]}),
        json.dumps({**good, "id": "T-4", "published": "01/02/2026"}),
        json.dumps(good),
        json.dumps(["a", "list"]),
    ]
    path = tmp_path / "bad.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "\xff\xfe"}\n')
    result = run_cli("calls", "import", "--no-classify", str(path))
    assert result.exit_code == 1
    errors = result.stderr
    assert re.search(r":2: invalid JSON", errors)
    assert re.search(r":3: max_amount_eur", errors)
    assert re.search(r":4: themes: unknown theme 'roads'", errors)
    assert re.search(r":5: countries: unknown country", errors)
    assert re.search(r":6: published: '01/02/2026' is not a YYYY-MM-DD date", errors)
    assert re.search(r":7: duplicate id 'OK-1' \(first on line 1\)", errors)
    assert re.search(r":8: not a JSON object", errors)
    assert re.search(r":9: not valid UTF-8", errors)
    with db.engine.connect() as conn:
        assert conn.scalars(select(Call.public_id)).all() == ["OK-1"]


def test_empty_file_is_refused(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n")
    result = run_cli("calls", "import", str(path))
    assert result.exit_code == 1
    assert "the file is empty" in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_is_a_one_line_error(run_cli, tmp_path: Path) -> None:
    result = run_cli("calls", "import", str(tmp_path / "nope.jsonl"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.jsonl'}: no such file"


def test_an_alias_resolves_to_the_call(run_cli, tmp_path: Path, db) -> None:
    first = {
        "id": "A-1",
        "title": "t",
        "description": "",
        "url": "https://e.example/call?utm_source=x",
        "funder": "f",
        "published": "2026-01-01",
    }
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(first) + "\n")
    run_cli("calls", "import", "--no-classify", str(path))
    with db.engine.connect() as conn:
        alias = conn.execute(select(CallAlias)).one()
    assert alias.alias == "https://e.example/call" and alias.kind == "url"


def test_export_open_only_and_csv(run_cli, files: Path) -> None:
    run_cli("calls", "import", "--no-classify", str(files / "calls.jsonl"))
    csv_out = run_cli("calls", "export", "--format", "csv", "--open-only").stdout
    header, *rows = csv_out.splitlines()
    assert header.startswith("id,title,description,url,funder,published,deadline")
    assert len(rows) >= 4
    assert "2027-01-31;2027-06-30" in csv_out
