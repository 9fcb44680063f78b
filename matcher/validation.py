"""The held-out check `fundwatch train` prints before training on everything.

The labelled calls are split by `group` (a programme's calls all on one side), the model is
trained on one side and the whole classifier scored on the other, beside the keyword
baseline; near-duplicates across the split are listed (0 expected).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from matcher.evaluation import Scores, format_report, keyword_baseline, language_group, score
from matcher.service import Classifier
from matcher.trainer import group_split, near_duplicates, train_model

LABELS_AS_OF = date(2026, 11, 25)  # the date the gold deadlines were chosen against


def held_out_scores(
    records: Sequence[Mapping[str, Any]], *, random_state: int = 0
) -> tuple[dict[str, Scores], dict[str, Scores], dict[str, Any]]:
    """(model scores, baseline scores, split facts) on a group split of `records`."""
    train_idx, test_idx = group_split(records, random_state=random_state)
    model = train_model([records[i] for i in train_idx], random_state=random_state)
    classifier = Classifier(model)
    test = [records[i] for i in test_idx]
    calls = [{k: v for k, v in r.items() if k not in ("gold", "group")} for r in test]
    golds = [r["gold"] for r in test]
    predictions = classifier.classify_many(calls, as_of=LABELS_AS_OF)
    facts = {
        "train": len(train_idx),
        "test": len(test_idx),
        "test_groups": len({records[i].get("group") for i in test_idx}),
        "test_per_language": Counter(language_group(g["language"]) for g in golds),
        "near_duplicates": near_duplicates(records, train_idx, test_idx),
    }
    return score(predictions, golds), score([keyword_baseline(c) for c in calls], golds), facts


def validate_and_report(records: Sequence[Mapping[str, Any]], *, random_state: int = 0) -> str:
    model, baseline, facts = held_out_scores(records, random_state=random_state)
    per_language = ", ".join(f"{k} {v}" for k, v in sorted(facts["test_per_language"].items()))
    lines = [
        f"group split: {facts['train']} train / {facts['test']} test calls "
        f"({facts['test_groups']} programmes held out; test per language group: {per_language})",
        f"near-duplicates across the split: {len(facts['near_duplicates'])}",
        *(f"  {a} ~ {b} ({s})" for a, b, s in facts["near_duplicates"][:10]),
        format_report(model, baseline),
    ]
    return "\n".join(lines)
