"""Hand new and changed calls to the classifier (when it is installed) and store its tags."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from models.call import Call
from models.callstore import apply_classification


def classifier_input(call: Call) -> dict[str, Any]:
    """A call as the classifier reads it: the calls-JSONL fields, structured ones included."""
    record: dict[str, Any] = {
        "id": call.public_id,
        "title": call.title,
        "description": call.description_text,
        "url": call.url,
        "funder": call.funder,
        "published": call.published.isoformat() if call.published else None,
    }
    if call.programme:
        record["programme"] = call.programme
    for name in ("language", "themes", "applicant_types", "countries", "max_amount_eur",
                 "funding_type", "partnership_required", "cross_border"):  # fmt: skip
        if call.origin_of(name) in ("source", "manual"):
            record[name] = getattr(call, name)
    if call.origin_of("deadline") in ("source", "manual"):
        record["deadline"] = list(call.deadlines or []) or None
    return record


def load_classifier(model_dir: Path | None) -> Any | None:
    """The classifier, or None while the classifier package is not installed."""
    try:
        from matcher.service import get_classifier
    except ImportError:
        return None
    return get_classifier(model_dir)


def classify_calls(
    session: Session, calls: Sequence[Call], *, today: date, model_dir: Path | None
) -> int:
    """Classify `calls` and store the tags as origin `auto`; returns how many were classified."""
    classifier = load_classifier(model_dir)
    if classifier is None or not calls:
        return 0
    outputs = classifier.classify_many([classifier_input(c) for c in calls], as_of=today)
    for call, output in zip(calls, outputs, strict=True):
        apply_classification(call, output, version=classifier.version, today=today)
    session.flush()
    return len(calls)
