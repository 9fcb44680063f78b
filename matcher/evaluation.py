"""Scores of tagged calls against gold labels, beside a keyword baseline.

- Per tag (themes, applicant types): precision, recall, F1; micro and macro over tags.
- Exact-match rates: country set, deadline, amount; accuracy of funding type, of the two
  booleans, and of leaving themes empty when none applies.
- The same per language group (en, fr, other).
- Keyword baseline: a theme is given when one of its taxonomy terms (any language) occurs
  in the title or description; an applicant type when a word of its label does; the
  baseline's funding type is always `grant`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from matcher.taxonomy import load_taxonomy
from matcher.text import fold, html_to_text

GROUPS = ("all", "en", "fr", "other")


@dataclass
class TagScores:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, predicted: Sequence[str], gold: Sequence[str]) -> None:
        p, g = set(predicted), set(gold)
        for tag in p & g:
            self.tp[tag] += 1
        for tag in p - g:
            self.fp[tag] += 1
        for tag in g - p:
            self.fn[tag] += 1

    def per_tag(self, tags: Sequence[str]) -> dict[str, tuple[float, float, float, int]]:
        return {
            tag: (*_prf(self.tp[tag], self.fp[tag], self.fn[tag]), self.tp[tag] + self.fn[tag])
            for tag in tags
        }

    def micro(self) -> tuple[float, float, float]:
        return _prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def macro_f1(self, tags: Sequence[str]) -> float:
        present = [t for t in tags if self.tp[t] + self.fn[t] > 0]
        if not present:
            return 0.0
        return sum(_prf(self.tp[t], self.fp[t], self.fn[t])[2] for t in present) / len(present)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Scores:
    """Everything `fundwatch eval` prints, for one language group."""

    calls: int = 0
    themes: TagScores = field(default_factory=TagScores)
    applicants: TagScores = field(default_factory=TagScores)
    exact: Counter[str] = field(default_factory=Counter)
    empty_theme_calls: int = 0

    def rate(self, name: str, of: int | None = None) -> float | None:
        total = self.calls if of is None else of
        return self.exact[name] / total if total else None

    def summary(self) -> dict[str, float | None]:
        tags = load_taxonomy()
        values: dict[str, float | None] = {
            "themes micro-F1": self.themes.micro()[2],
            "themes macro-F1": self.themes.macro_f1(tags.theme_ids),
            "empty themes kept empty": self.rate("empty_themes", self.empty_theme_calls),
            "applicant types micro-F1": self.applicants.micro()[2],
            "applicant types macro-F1": self.applicants.macro_f1(tags.applicant_type_ids),
            "countries exact": self.rate("countries"),
            "deadline exact": self.rate("deadline"),
            "amount exact": self.rate("max_amount_eur"),
            "funding type accuracy": self.rate("funding_type"),
            "partnership accuracy": self.rate("partnership_required"),
            "cross-border accuracy": self.rate("cross_border"),
            "language accuracy": self.rate("language"),
        }
        if not self.calls:  # an empty language group has no scores, not perfect ones
            return dict.fromkeys(values)
        return values


def language_group(language: str) -> str:
    return language if language in ("en", "fr") else "other"


def score(
    predictions: Sequence[Mapping[str, Any]], golds: Sequence[Mapping[str, Any]]
) -> dict[str, Scores]:
    """Scores per language group ("all", "en", "fr", "other") of predictions vs gold."""
    out = {group: Scores() for group in GROUPS}
    for predicted, gold in zip(predictions, golds, strict=True):
        for group in ("all", language_group(str(gold.get("language", "en")))):
            _add(out[group], predicted, gold)
    return out


def _add(scores: Scores, predicted: Mapping[str, Any], gold: Mapping[str, Any]) -> None:
    scores.calls += 1
    scores.themes.add(predicted.get("themes", []), gold.get("themes", []))
    scores.applicants.add(predicted.get("applicant_types", []), gold.get("applicant_types", []))
    if not gold.get("themes"):
        scores.empty_theme_calls += 1
        scores.exact["empty_themes"] += not predicted.get("themes")
    scores.exact["countries"] += sorted(predicted.get("countries", [])) == sorted(
        gold.get("countries", [])
    )
    for name in ("deadline", "funding_type", "partnership_required", "cross_border", "language"):
        scores.exact[name] += predicted.get(name) == gold.get(name)
    scores.exact["max_amount_eur"] += _same_amount(
        predicted.get("max_amount_eur"), gold.get("max_amount_eur")
    )


def _same_amount(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 0.5


@cache
def _baseline_patterns() -> dict[str, re.Pattern[str]]:
    taxonomy = load_taxonomy()
    out = {}
    for term in taxonomy.themes:
        words = {fold(w) for ws in term.terms.values() for w in ws}
        out[f"theme:{term.id}"] = re.compile(
            r"\b(?:" + "|".join(map(re.escape, sorted(words))) + r")"
        )
    for term in taxonomy.applicant_types:
        # Flow-mapping labels with commas parse into extra keys (YAML), hence keys and values.
        label = " ".join(f"{k} {v or ''}" for k, v in term.label.items())
        words = {
            fold(w)
            for w in re.findall(r"\w{4,}", label)
            if fold(w) not in {"other", "autre", "organisation", "organisme"}
        }
        out[f"applicant:{term.id}"] = re.compile(
            r"\b(?:" + "|".join(map(re.escape, sorted(words))) + r")"
        )
    return out


def keyword_baseline(call: Mapping[str, Any]) -> dict[str, Any]:
    """The baseline's tags for a call: taxonomy terms and label words found in its text."""
    text = fold(f"{call.get('title') or ''}\n{html_to_text(str(call.get('description') or ''))}")
    patterns = _baseline_patterns()
    taxonomy = load_taxonomy()
    return {
        "themes": [t for t in taxonomy.theme_ids if patterns[f"theme:{t}"].search(text)],
        "applicant_types": [
            t for t in taxonomy.applicant_type_ids if patterns[f"applicant:{t}"].search(text)
        ],
        "funding_type": "grant",
    }


BASELINE_ROWS = (
    "themes micro-F1",
    "themes macro-F1",
    "empty themes kept empty",
    "applicant types micro-F1",
    "applicant types macro-F1",
    "funding type accuracy",
)


def format_report(model: dict[str, Scores], baseline: dict[str, Scores] | None = None) -> str:
    """The table `fundwatch eval` prints: one row per measure, model vs baseline per group."""
    lines = []
    header = f"{'measure':<28}" + "".join(
        f"{g + ' (n=' + str(model[g].calls) + ')':>18}" for g in GROUPS
    )
    lines.append(header)
    summaries = {g: model[g].summary() for g in GROUPS}
    base = {g: baseline[g].summary() for g in GROUPS} if baseline else None
    for name in summaries["all"]:
        row = f"{name:<28}"
        for group in GROUPS:
            value = summaries[group][name]
            cell = "-" if value is None else f"{value:.3f}"
            if (
                base is not None
                and value is not None
                and name in BASELINE_ROWS
                and base[group][name] is not None
            ):
                cell += f" ({base[group][name]:.2f})"
            row += f"{cell:>18}"
        lines.append(row)
    lines.append("")
    lines.append("per tag (all calls): precision / recall / F1 / support")
    tags = load_taxonomy()
    for title, tag_scores, ids in (
        ("themes", model["all"].themes, tags.theme_ids),
        ("applicant types", model["all"].applicants, tags.applicant_type_ids),
    ):
        lines.append(f"  {title}")
        base_tags = baseline["all"] if baseline else None
        for tag, (p, r, f1, n) in tag_scores.per_tag(ids).items():
            extra = ""
            if base_tags is not None:
                base_scores = base_tags.themes if title == "themes" else base_tags.applicants
                extra = f"   baseline F1 {base_scores.per_tag([tag])[tag][2]:.2f}"
            lines.append(f"    {tag:<28} {p:.2f} / {r:.2f} / {f1:.2f} / {n}{extra}")
    if baseline:
        lines.append("")
        lines.append("(in brackets: the keyword baseline built from the taxonomy's terms)")
    return "\n".join(lines)
