"""`fundwatch classify`, `fundwatch train` and `fundwatch eval`: thin wrappers over matcher.

Heavy imports (scikit-learn, babel, the model) happen inside the commands, so `fundwatch
--help` and the other commands start fast.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click


def _model_dir(state: Any) -> Path | None:
    """The trained model folder from the settings, or None when run without the CLI group."""
    if state is None or not hasattr(state, "settings"):
        return None
    return Path(state.settings.resolved_model_dir)


def _as_of(value: datetime | None) -> date:
    return value.date() if value is not None else date.today()


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _load_classifier(state: Any) -> Any:
    from matcher.classifier import ModelVersionError
    from matcher.service import get_classifier

    try:
        return get_classifier(_model_dir(state))
    except ModelVersionError as exc:
        _fail(str(exc))


@click.command("classify")
@click.option(
    "--in",
    "input_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Calls JSONL to tag (id, title, description, url, funder, published, ...).",
)
@click.option(
    "--out",
    "output",
    default="-",
    show_default=True,
    help="Where to write the tagged JSONL; '-' is standard output.",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date the next deadline is chosen from (default: today).",
)
@click.pass_obj
def classify(state: Any, input_path: Path, output: str, as_of: datetime | None) -> None:
    """Tag calls offline (no database): themes, eligibility, deadline, amount, evidence.

    A line that is not a JSON object is reported on stderr with its number and skipped;
    the exit code is then 1.
    """
    from matcher.trainer import read_jsonl

    classifier = _load_classifier(state)
    day = _as_of(as_of)
    bad = 0
    batch: list[dict[str, Any]] = []
    handle = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for number, record, error in read_jsonl(input_path):
            if record is None or not isinstance(record.get("title", ""), str):
                bad += 1
                click.echo(
                    f"{input_path}:{number}: skipped: {error or 'title is not text'}", err=True
                )
                continue
            batch.append(record)
            if len(batch) >= 1000:
                _write(handle, classifier.classify_many(batch, as_of=day))
                batch = []
        if batch:
            _write(handle, classifier.classify_many(batch, as_of=day))
    finally:
        if handle is not sys.stdout:
            handle.close()
    sys.exit(1 if bad else 0)


def _write(handle: Any, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")


@click.command("train")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of extra labelled JSONL files, added to matcher/training/*.jsonl.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the model (default: the settings' MODEL_DIR).",
)
@click.option("--seed", default=0, show_default=True, help="Random state of the model.")
@click.pass_obj
def train(state: Any, data_dir: Path | None, out_dir: Path | None, seed: int) -> None:
    """Train the classifier on the labelled calls and print its held-out scores."""
    from matcher.classifier import save
    from matcher.trainer import load_labelled, train_model, training_files
    from matcher.validation import validate_and_report

    out = out_dir or _model_dir(state)
    if out is None:
        _fail("no --out given and no settings to find MODEL_DIR")
        return
    try:
        records = load_labelled(training_files(data_dir))
    except ValueError as exc:
        _fail(str(exc))
        return
    click.echo(f"{len(records)} labelled calls; scoring on a held-out group split first ...")
    click.echo(validate_and_report(records, random_state=seed))
    model = train_model(records, random_state=seed)
    save(model, out)
    click.echo(f"model trained on all {len(records)} calls written to {out}")


@click.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date the next deadline is chosen from (default: 2026-11-25, the labels' date).",
)
@click.pass_obj
def evaluate(state: Any, file: Path, as_of: datetime | None) -> None:
    """Score the classifier on FILE's lines with a `gold` object, beside a keyword baseline."""
    from matcher.evaluation import format_report, keyword_baseline, score
    from matcher.trainer import load_labelled

    try:
        records = load_labelled([file])
    except ValueError as exc:
        _fail(str(exc))
        return
    if not records:
        _fail(f"{file} has no line with a gold object")
    classifier = _load_classifier(state)
    day = as_of.date() if as_of else date(2026, 11, 25)
    calls = [{k: v for k, v in r.items() if k not in ("gold", "group")} for r in records]
    golds = [r["gold"] for r in records]
    predictions = classifier.classify_many(calls, as_of=day)
    baseline = [keyword_baseline(call) for call in calls]
    click.echo(f"{len(records)} calls, as of {day.isoformat()}, model {classifier.version}")
    click.echo(format_report(score(predictions, golds), score(baseline, golds)))
