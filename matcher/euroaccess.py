"""Scores on real calls: the euro-access export in ../shared/corpus/other (conventions §6).

Its records carry real labels for a few of our fields: `deadline`, `eligible_entities`,
`regions_countries_for_funding`, `mandatory_partnership` and
`estimated_eu_contribution_per_project`. The classifier reads the other text fields (the
short description, objectives, partnership, eligibility and additional information) and
its answers are compared with those labels. The export was taken in October 2025, so the
deadline is chosen as of 2025-10-01.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from matcher.amounts import parse_number

AS_OF = date(2025, 10, 1)
TEXT_FIELDS = (
    "description",
    "call_objectives",
    "project_partnership",
    "other_eligibility_criteria",
    "additional_information",
)
# The export prefixes each field with its own heading ("short description…").
_HEADINGS = re.compile(
    r"^(?:short description|call objectives|project partnership|additional information|"
    r"eligible entities|mandatory partnership)",
    re.I,
)
# Their entity categories -> our applicant types ("EU Body" and "Other" map to none).
ENTITY_TYPES = {
    "education and training institution": ("education-research",),
    "research institution incl. university": ("education-research",),
    "non-profit organisation (npo) / non-governmental organisation (ngo)": ("ngo",),
    "public body (national, regional and local; incl. egtcs)": (
        "local-authority",
        "regional-authority",
        "national-authority",
    ),
    "private institution, incl. private company (private for profit)": ("business",),
    "small and medium-sized enterprise (sme)": ("business",),
    "international organization": ("international-organisation",),
}


def as_call(record: Mapping[str, Any]) -> dict[str, Any]:
    parts = [_HEADINGS.sub("", str(record.get(name) or "")).strip() for name in TEXT_FIELDS]
    return {
        "id": record.get("call_number") or record.get("url"),
        "title": record.get("title") or "",
        "description": "\n\n".join(p for p in parts if p),
        "url": record.get("url") or "",
        "programme": record.get("funding_program") or "",
    }


def entity_types(value: str) -> set[str] | None:
    text = re.sub(r"^eligible entities", "", value or "", flags=re.I).strip().lower()
    if not text:
        return None
    found: set[str] = set()
    for label, types in ENTITY_TYPES.items():
        if label in text:
            found.update(types)
    return found


def max_contribution(value: str) -> float | None:
    """'€ 4,000,000.00' -> 4e6; 'between € a and € b' -> b; 'max. € x' -> x; 'min. …' -> None."""
    text = (value or "").strip().lower()
    if not text or text.startswith(("min", "minimum")):
        return None
    numbers = re.findall(r"\d[\d,.\s]*\d|\d", text)
    if not numbers:
        return None
    return parse_number(numbers[-1].replace(",", "").strip(), has_multiplier=True)


def partnership(value: str) -> bool | None:
    text = (value or "").lower()
    if text.endswith("yes"):
        return True
    if text.endswith("no"):
        return False
    return None


@dataclass
class RealScores:
    counts: dict[str, int] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    confusion: dict[tuple[bool, bool], int] = field(default_factory=dict)
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, name: str, good: bool) -> None:
        self.counts[name] = self.counts.get(name, 0) + 1
        self.hits[name] = self.hits.get(name, 0) + int(good)


def score_records(records: Sequence[Mapping[str, Any]], classifier: Any) -> RealScores:
    predictions = classifier.classify_many([as_call(r) for r in records], as_of=AS_OF)
    from matcher.amounts import money_mentions
    from matcher.dates import find_dates

    scores = RealScores()
    for record, predicted in zip(records, predictions, strict=True):
        call = as_call(record)
        gold_deadline = str(record.get("deadline") or "")[:10] or None
        if gold_deadline:
            scores.add("deadline exact", predicted["deadline"] == gold_deadline)
            # Most records give the deadline only as a field: score the text's ones apart.
            stated = {m.value.isoformat() for m in find_dates(call["description"], "en")}
            if gold_deadline in stated:
                scores.add("deadline exact, date in text", predicted["deadline"] == gold_deadline)
        gold_types = entity_types(str(record.get("eligible_entities") or ""))
        if gold_types is not None:
            got = set(predicted["applicant_types"])
            scores.tp += len(got & gold_types)
            scores.fp += len(got - gold_types)
            scores.fn += len(gold_types - got)
            scores.add("applicant types exact", got == gold_types)
        if str(record.get("regions_countries_for_funding") or "").strip():
            scores.add("countries (labelled)", True)
        gold_partner = partnership(str(record.get("mandatory_partnership") or ""))
        if gold_partner is not None:
            scores.add("partnership accuracy", predicted["partnership_required"] == gold_partner)
            scores.confusion[(gold_partner, predicted["partnership_required"])] = (
                scores.confusion.get((gold_partner, predicted["partnership_required"]), 0) + 1
            )
        gold_amount = max_contribution(
            str(record.get("estimated_eu_contribution_per_project") or "")
        )
        got_amount = predicted["max_amount_eur"]
        if gold_amount is not None and any(
            abs(m.value - gold_amount) < 1 for m in money_mentions(call["description"])
        ):
            scores.add(
                "amount exact, amount in text",
                got_amount is not None and abs(got_amount - gold_amount) < 1,
            )
        scores.add(
            "amount exact",
            (gold_amount is None and got_amount is None)
            or (
                gold_amount is not None
                and got_amount is not None
                and abs(gold_amount - got_amount) < 1
            ),
        )
    return scores


def format_scores(scores: RealScores, total: int) -> str:
    lines = [f"euro-access export: {total} real calls (as of {AS_OF.isoformat()})"]
    for name in sorted(scores.counts):
        n, hit = scores.counts[name], scores.hits[name]
        lines.append(f"  {name:<28} {hit / n:.3f}  ({hit}/{n} labelled)")
    tp, fp, fn = scores.tp, scores.fp, scores.fn
    if tp + fp + fn:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(f"  {'applicant types micro P/R/F1':<28} {p:.3f} / {r:.3f} / {f1:.3f}")
    if "countries (labelled)" not in scores.counts:
        lines.append(f"  {'countries':<28} no labels (regions_countries_for_funding is empty)")
    return "\n".join(lines)


def load(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8")))
