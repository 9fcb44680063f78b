import json

from click.testing import CliRunner

from matcher import trainer
from matcher.commands import classify, evaluate, train

CALL = {
    "id": "c1",
    "title": "Grants for Roma youth organisations",
    "description": "Youth NGOs registered in Serbia may apply. Deadline: 1 March 2027.",
    "url": "https://example.org",
    "funder": "X",
    "published": "2026-10-01",
}


def test_classify_writes_one_line_per_call_and_reports_bad_lines(tmp_path):
    source = tmp_path / "calls.jsonl"
    source.write_text(json.dumps(CALL) + "\nnot json\n" + json.dumps(dict(CALL, id="c2")) + "\n")
    out = tmp_path / "tagged.jsonl"
    result = CliRunner().invoke(
        classify, ["--in", str(source), "--out", str(out), "--as-of", "2026-11-25"]
    )
    assert result.exit_code == 1
    assert "calls.jsonl:2" in result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["c1", "c2"]
    assert rows[0]["deadline"] == "2027-03-01"
    assert rows[0]["countries"] == ["RS"]


def test_classify_writes_stdout_and_exits_0_when_all_lines_are_good(tmp_path):
    source = tmp_path / "calls.jsonl"
    source.write_text(json.dumps(CALL) + "\n")
    result = CliRunner().invoke(classify, ["--in", str(source), "--as-of", "2026-11-25"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "c1"


def test_eval_prints_scores_beside_the_baseline(tmp_path):
    gold = {"language": "en", "themes": ["youth"], "applicant_types": ["ngo"], "countries": ["RS"],
            "deadline": "2027-03-01", "max_amount_eur": None, "funding_type": "grant",
            "partnership_required": False, "cross_border": False}  # fmt: skip
    source = tmp_path / "gold.jsonl"
    source.write_text(json.dumps(dict(CALL, gold=gold)) + "\n")
    result = CliRunner().invoke(evaluate, [str(source)])
    assert result.exit_code == 0, result.output
    assert "themes micro-F1" in result.output
    assert "deadline exact" in result.output
    assert "baseline" in result.output


def test_train_writes_a_model_from_labelled_files(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    records = [json.loads(line) for line in (trainer.TRAINING_DIR / "en-eu.jsonl").open()][:40]
    records += [json.loads(line) for line in (trainer.TRAINING_DIR / "fr.jsonl").open()][:40]
    (data / "small.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    monkeypatch.setattr(trainer, "TRAINING_DIR", tmp_path / "none")
    out = tmp_path / "model"
    result = CliRunner().invoke(train, ["--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "themes micro-F1" in result.output
    assert (out / "model.skops").exists() and (out / "meta.json").exists()
