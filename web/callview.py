"""A call's tags with their evidence ("why"), shaped for its page and the API.

Evidence is written by the classifier (conventions §3): list fields map each tag to its
spans, scalar fields hold a list of spans; a value taken from a structured field has the
span `field:<name>`. Stored data may be older or partial, so every lookup is defensive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from matcher.taxonomy import country_name, load_taxonomy
from models.call import Call
from web.i18n import translate

ORIGIN_TEXT = {
    "source": "set by the source",
    "auto": "found by the classifier",
    "manual": "corrected by the Taskforce",
}
LIST_TAGS = (
    ("themes", "Themes"),
    ("countries", "Countries"),
    ("applicant_types", "Applicant types"),
)
MAX_SPANS = 5  # a tag's page entry shows a few spans, not every occurrence


@dataclass
class TagValue:
    id: str
    label: str
    spans: list[str] = field(default_factory=list)


@dataclass
class TagRow:
    field: str
    title: str
    origin: str | None
    values: list[TagValue]


def _spans(raw: Any, lang: str) -> list[str]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        return []
    out = []
    for span in raw[:MAX_SPANS]:
        text = str(span)
        if text.startswith("field:"):
            text = translate("from the source's field {name}", lang, name=text[6:])
        out.append(text)
    return out


def _label(kind: str, value: str, lang: str) -> str:
    if kind == "countries":
        return country_name(value, lang)
    taxonomy = load_taxonomy()
    try:
        if kind == "themes":
            return taxonomy.label("theme", value, lang)
        if kind == "applicant_types":
            return taxonomy.label("applicant_type", value, lang)
        return taxonomy.label("funding_type", value, lang)
    except KeyError:
        return value


def tag_rows(call: Call, lang: str) -> list[TagRow]:
    evidence = call.evidence if isinstance(call.evidence, dict) else {}
    rows = []
    for name, title in LIST_TAGS:
        per_tag = evidence.get(name) if isinstance(evidence.get(name), dict) else {}
        values = [
            TagValue(str(v), _label(name, str(v), lang), _spans(per_tag.get(v), lang))
            for v in getattr(call, name) or []
        ]
        rows.append(TagRow(name, translate(title, lang), _origin(call, name, lang), values))
    if call.funding_type:
        value = TagValue(
            call.funding_type,
            _label("funding_type", call.funding_type, lang),
            _spans(evidence.get("funding_type"), lang),
        )
        rows.append(
            TagRow(
                "funding_type",
                translate("Funding type", lang),
                _origin(call, "funding_type", lang),
                [value],
            )
        )
    for name, title in (
        ("deadline", "Deadline"),
        ("max_amount_eur", "Maximum amount"),
        ("partnership_required", "Partnership required"),
        ("cross_border", "Cross-border"),
    ):
        spans = _spans(evidence.get(name), lang)
        corrected = call.origin_of(name) == "manual"
        if spans or corrected:
            # A Taskforce correction has no span to quote: its value is shown instead.
            label = _scalar_text(call, name, lang) if corrected else ""
            rows.append(
                TagRow(
                    name,
                    translate(title, lang),
                    _origin(call, name, lang),
                    [TagValue(name, label, spans)],
                )
            )
    return rows


def _scalar_text(call: Call, name: str, lang: str) -> str:
    if name == "deadline":
        return ", ".join(call.deadlines or []) or translate("Rolling (no deadline)", lang)
    if name == "max_amount_eur":
        return "—" if call.max_amount_eur is None else f"{call.max_amount_eur:,.0f} EUR"
    value = getattr(call, name)
    return translate("unknown" if value is None else ("yes" if value else "no"), lang)


def _origin(call: Call, name: str, lang: str) -> str | None:
    origin = call.origin_of(name)
    return translate(ORIGIN_TEXT[origin], lang) if origin in ORIGIN_TEXT else None
