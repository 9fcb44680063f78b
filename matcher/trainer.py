"""Labelled records -> a trained model; the group split the evaluation is honest with.

A labelled record is a calls-JSONL line with a `gold` object (matcher/training/FORMAT.md).
`train_model(records)` takes any iterable of them, so Taskforce corrections (TagFeedback)
can be appended to the shipped set before `fundwatch train`.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from matcher.classifier import TrainedModel, fit, model_inputs
from matcher.taxonomy import load_taxonomy
from matcher.text import html_to_text

TRAINING_DIR = Path(__file__).parent / "training"
# Labels of the multi-label model beside the themes: applicant types (used when the rules
# find no sentence about applicants) and cross-border (when no phrase decides). Funding type
# and partnership are left to the rules: on out-of-fold scores the model's fallback made
# them worse (funding type 0.955 -> 0.930, partnership 0.903 -> 0.867), while it helped
# cross-border (0.896 -> 0.914).
BOOLEAN_LABELS = ("cross_border",)
# "relevant": the call has at least one theme; a gate so irrelevant calls stay untagged.
RELEVANT = "relevant"


def model_labels() -> list[str]:
    taxonomy = load_taxonomy()
    return [
        *(f"theme:{t}" for t in taxonomy.theme_ids),
        *(f"applicant:{t}" for t in taxonomy.applicant_type_ids),
        *BOOLEAN_LABELS,
        RELEVANT,
    ]


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """(line number, record or None when unreadable, error) for each non-blank line."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, None, f"not JSON: {exc.msg}"
                continue
            if not isinstance(record, dict):
                yield number, None, "not a JSON object"
                continue
            yield number, record, ""


def load_labelled(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Every labelled record of the given JSONL files (lines without `gold` are skipped)."""
    records = []
    for path in paths:
        for number, record, error in read_jsonl(path):
            if record is None:
                raise ValueError(f"{path}:{number}: {error}")
            if isinstance(record.get("gold"), dict):
                records.append(record)
    return records


def training_files(extra_dir: Path | None = None) -> list[Path]:
    files = sorted(TRAINING_DIR.glob("*.jsonl"))
    if extra_dir is not None:
        files += sorted(extra_dir.glob("*.jsonl"))
    return files


def target_matrix(records: Sequence[Mapping[str, Any]], labels: Sequence[str]) -> np.ndarray:
    y = np.zeros((len(records), len(labels)), dtype=np.int8)
    for i, record in enumerate(records):
        gold = record["gold"]
        for j, label in enumerate(labels):
            kind, _, name = label.partition(":")
            if kind == "theme":
                y[i, j] = name in gold.get("themes", [])
            elif kind == "applicant":
                y[i, j] = name in gold.get("applicant_types", [])
            elif kind == "funding":
                y[i, j] = gold.get("funding_type", "grant") == name
            elif label == RELEVANT:
                y[i, j] = bool(gold.get("themes"))
            else:
                y[i, j] = bool(gold.get(label))
    return y


def record_inputs(record: Mapping[str, Any]) -> list[str]:
    return model_inputs(
        str(record.get("title") or ""), html_to_text(str(record.get("description") or ""))
    )


def train_model(
    records: Iterable[Mapping[str, Any]], *, random_state: int = 0, trained_on: str = ""
) -> TrainedModel:
    """Fit the pipeline on labelled records (a group is a programme; see FORMAT.md)."""
    records = list(records)
    labels = model_labels()
    rows = [record_inputs(r) for r in records]
    groups = [str(r.get("group") or r.get("id")) for r in records]
    model = fit(rows, target_matrix(records, labels), labels, groups, random_state=random_state)
    model.meta.update(
        trained_on=trained_on or date.today().isoformat(),
        records=len(records),
        random_state=random_state,
    )
    return model


def language_group(language: str) -> str:
    return language if language in ("en", "fr") else "other"


def group_split(
    records: Sequence[Mapping[str, Any]],
    *,
    test_share: float = 0.25,
    min_per_language: int = 15,
    random_state: int = 0,
) -> tuple[list[int], list[int]]:
    """Train and test indices with every `group` wholly on one side.

    Groups are shuffled with a fixed seed and moved to the test side until it holds
    `test_share` of the records and at least `min_per_language` calls of each language
    group (en, fr, other).
    """
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        by_group[str(record.get("group") or record.get("id"))].append(i)
    names = sorted(by_group)
    random.Random(random_state).shuffle(names)
    test: list[int] = []
    per_language: Counter[str] = Counter()
    target = int(len(records) * test_share)
    for name in names:
        members = by_group[name]
        languages = {language_group(records[i]["gold"]["language"]) for i in members}
        short = [lang for lang in ("en", "fr", "other") if per_language[lang] < min_per_language]
        if len(test) >= target and not short:
            break
        if len(test) >= target and not languages & set(short):
            continue
        if len(members) > max(8, len(records) // 12):
            continue  # one huge programme would make the test set about one programme
        test += members
        for i in members:
            per_language[language_group(records[i]["gold"]["language"])] += 1
    test_set = set(test)
    train = [i for i in range(len(records)) if i not in test_set]
    return train, sorted(test)


def _shingles(text: str, size: int = 5) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def near_duplicates(
    records: Sequence[Mapping[str, Any]],
    left: Sequence[int],
    right: Sequence[int],
    threshold: float = 0.5,
) -> list[tuple[str, str, float]]:
    """Pairs across the split whose 5-word shingles overlap (Jaccard) at least `threshold`."""
    sets = {i: _shingles(" ".join(record_inputs(records[i]))) for i in (*left, *right)}
    found = []
    for i in left:
        for j in right:
            a, b = sets[i], sets[j]
            union = len(a | b)
            score = len(a & b) / union if union else 0.0
            if score >= threshold:
                found.append((str(records[i]["id"]), str(records[j]["id"]), round(score, 3)))
    return found
