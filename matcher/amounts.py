"""The maximum grant per project in EUR, read from the text.

- A money mention is a number with a euro sign or word next to it ("EUR 1.2 million",
  "250.000 €", "90.000 euros", "1,5 mil. eura"), or the other end of a range whose first
  end has one ("EUR 75 000 – 500 000").
- Each mention gets a role from the words before and after it in its sentence: `max`
  ("up to", "maximum", "jusqu'à", "legfeljebb", "do", range upper end, "per project"),
  `min` ("at least", "minimum", range lower end), `total` ("total budget", "envelope",
  "keretösszeg"), else `plain`.
- The answer is the largest `max` amount, else the largest `plain` one; a text that states
  only totals, minima or other currencies has no maximum (None).
- "up to 80 % of max EUR 100,000" is 100,000: percentages are not money.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matcher.cues import cue_pattern, last_cue_end
from matcher.text import clip, fold

_CURRENCY = (
    r"(?:€|eur\b|euro\b|euros\b|eura\b|evra\b|euró\w*|евро\b|евра\b|ευρώ|ευρω|euri\b|"
    r"euro-?\w*\b)"
)
_MULTIPLIER = (
    r"(?:million\w*|millió\w*|milion\w*|milioan\w*|milioni|millones|millón|milhões|"
    r"mil\.|mln\.?|mio\.?|m\b|мил\.?|млн\.?|милион\w*|милијун\w*|милиона|miliona|milijun\w*|"
    r"εκατ\.?\w*|billion\w*|milliard\w*|mld\.?|thousand|tys\.?|tisíc|ezer|хиляд\w*|хиљад\w*|"
    r"илјад\w*|χιλιάδ\w*|k\b|mil\b|mille|tausend|md\.?)"
)
_NUMBER = r"(\d{1,3}(?:[ .,'\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?)"
_AMOUNT_AFTER = re.compile(  # 250.000 €, 1,2 millions d'euros, 90 000 EUR
    _NUMBER + r"\s*(" + _MULTIPLIER + r")?\s*(?:d['’]\s*|de\s+|di\s+|of\s+)?" + _CURRENCY,
    re.I,
)
_AMOUNT_BEFORE = re.compile(  # EUR 1.2 million, € 500 000
    _CURRENCY + r"\s*" + _NUMBER + r"(?:\s*(" + _MULTIPLIER + r"))?",
    re.I,
)
_RANGE_TAIL = re.compile(
    r"^\s*(?:-|–|—|to|and|à|et|au|a|y|e|i|și|si|és|и|до|do|až|bis|und|έως|και|"
    r"and up to|up to)\s+(?:(?:€|eur|euro)\s*)?" + _NUMBER + r"(?:\s*(" + _MULTIPLIER + r"))?",
    re.I,
)
_OTHER_CURRENCY = re.compile(
    r"\b(?:huf|ron|lei|bgn|czk|pln|rsd|mkd|usd|chf|gbp|nok|sek|dkk|try|forint\w*|lev[a]?|"
    r"zł\w*|złot\w*|kč|korun\w*|dinar\w*|денар\w*|лв\.?|лева|динар\w*)\b|[$£]",
    re.I,
)


@dataclass(frozen=True)
class Money:
    value: float
    start: int
    end: int
    role: str


@dataclass(frozen=True)
class MaxAmount:
    value: float | None
    evidence: list[str]


def parse_number(text: str, has_multiplier: bool = False) -> float | None:
    """A number as written in any European convention ("250.000", "1,2", "75 000,50")."""
    raw = re.sub(r"[\s\u00a0\u202f']", " ", text.strip())
    if " " in raw:
        parts = raw.split(" ")
        if all(len(p) == 3 for p in parts[1:]) or re.fullmatch(r"\d{3}[.,]\d{1,2}", parts[-1]):
            raw = "".join(parts)
    separators = [ch for ch in raw if ch in ".,"]
    if not separators:
        return float(raw) if raw.isdigit() else None
    last = max(raw.rfind("."), raw.rfind(","))
    tail = raw[last + 1 :]
    head = raw[:last]
    if len(separators) == 1 and len(tail) == 3 and not has_multiplier:
        # "250.000" / "100,000": a thousands separator (nobody writes 250.000 € for 250 €).
        return float(head.replace(".", "").replace(",", "") + tail)
    if len(tail) == 3 and len(set(separators)) == 1:
        return float(raw.replace(".", "").replace(",", ""))
    digits = re.sub(r"[.,]", "", head)
    if not digits.isdigit() or not tail.isdigit():
        return None
    return float(f"{digits}.{tail}")


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    folded = fold(word).rstrip(".")
    if folded.startswith(("bill", "milliard", "mld", "md")):
        return 1e9
    if folded.startswith(("tho", "tys", "tis", "ezer", "хиля", "хиља", "илја", "χιλ", "k", "tau")):
        return 1e3
    if word.strip().lower() in ("mil", "mille"):
        return 1e3  # Spanish "mil euros" and Italian "mille euro" are thousands ("mil." is not)
    return 1e6


def money_mentions(text: str) -> list[Money]:
    """Every EUR amount of `text`, with its role (max, min, total, plain)."""
    folded = fold(text)
    found: list[tuple[int, int, float, float]] = []  # start, end, value, scale
    for pattern in (_AMOUNT_BEFORE, _AMOUNT_AFTER):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e, _, _ in found):
                continue
            scale = _scale(match.group(2))
            number = parse_number(match.group(1), has_multiplier=scale != 1.0)
            if number is not None:
                found.append((match.start(), match.end(), number * scale, scale))
    mentions: list[Money] = []
    for start, end, value, scale in sorted(found):
        # "EUR 75 000 – 500 000", "between 1 and 2 million euro": a range's ends are the
        # minimum and the maximum; a bare second end keeps the first one's scale.
        tail = _RANGE_TAIL.match(text[end : end + 40])
        upper = None
        if tail is not None:
            tail_scale = _scale(tail.group(2)) if tail.group(2) else scale
            number = parse_number(tail.group(1), has_multiplier=tail_scale != 1.0)
            if number is not None and number * tail_scale > value:
                upper = Money(number * tail_scale, end + tail.start(1), end + tail.end(), "max")
        if upper is not None:
            # A range's role is its start's: "eligible budget between 1.5 and 8 million" is
            # not the grant; "between EUR 75 000 and EUR 500 000" is min and max.
            role = _role(folded, start, end)
            low, high = (
                ("min", "max") if role not in ("other", "total", "soft-total") else (role, role)
            )
            mentions.append(Money(value, start, end, low))
            if not any(m.start == upper.start for m in mentions):
                mentions.append(Money(upper.value, upper.start, upper.end, high))
        elif not any(start < m.end and m.start < end for m in mentions):
            role = _role(folded, start, end)
            if _REVERSED_RANGE.search(folded[max(0, start - 40) : start]):
                role = "max"  # "da 20.000 a 50.000 euro": the bare first number is the minimum
            mentions.append(Money(value, start, end, role))
    return [Money(m.value, m.start, m.end, _soft(m.role, m.value)) for m in mentions]


def _soft(role: str, value: float) -> str:
    if role != "soft-total":
        return role
    return "total" if value >= SOFT_TOTAL_FROM else "plain"


_REVERSED_RANGE = re.compile(
    r"(?:from|between|da|de|od|entre|intre|între|von|zwischen|от|απο|από|tra|fra|mezi|medzi)\s+"
    r"\d[\d ., ]*\s*(?:-|–|to|a|à|and|et|și|si|и|do|bis|und|και|y|e|i)\s*$"
)


_SOFT_TOTAL = re.compile(
    r"(?<!\w)(?:budget|buget|budżet|presupuesto|bilancio|προϋπολογισμ|бюджет|буџет|budžet|rozpočet|költségvetés|keret)"
)
_SOFT_TOTAL_AFTER = re.compile(r"(?:is|are) available|sont disponibles|est disponible|disponibil")
SOFT_TOTAL_FROM = 5_000_000  # a "budget" this large is a call's, not one project's
_CLAUSE_END = re.compile(r"[.;·]\s|[;·]|\n")


def _role(folded: str, start: int, end: int) -> str:
    """max, min, total, other or plain, from the amount's clause (see the module's doc)."""
    line_start = folded.rfind("\n", 0, start) + 1
    before = folded[max(line_start, start - 90) : start]
    cuts = list(_CLAUSE_END.finditer(before))
    if cuts:
        before = before[cuts[-1].end() :]
    after = _CLAUSE_END.split(folded[end : end + 45], maxsplit=1)[0]
    max_at = last_cue_end(cue_pattern("AMOUNT_MAX"), before)
    min_at = last_cue_end(cue_pattern("AMOUNT_MIN"), before)
    if last_cue_end(cue_pattern("AMOUNT_OTHER"), before) > max(max_at, min_at):
        return "other"
    per_project = bool(
        cue_pattern("PER_PROJECT").search(before) or cue_pattern("PER_PROJECT").search(after)
    )
    if min_at > max_at:
        return "min"
    if cue_pattern("AMOUNT_TOTAL").search(before) or cue_pattern("AMOUNT_TOTAL_AFTER").match(
        after.strip()
    ):
        # "the maximum total budget per network" is per project; "the call's total" is not.
        return "max" if per_project else "total"
    if max_at >= 0 or per_project or cue_pattern("AMOUNT_MAX_AFTER").match(after.strip()):
        return "max"
    # "Budget: EUR 500 million", "EUR 18 million is available": a call's money, unless small.
    if _SOFT_TOTAL.search(before) or _SOFT_TOTAL_AFTER.match(after.strip()):
        return "soft-total"
    return "plain"


def extract_max_amount(title: str, body: str) -> MaxAmount:
    """The maximum grant per project in EUR, or None when the text gives none."""
    best: tuple[float, str, Money] | None = None
    for rank_role in ("max", "plain"):
        for text in (body, title):
            for money in money_mentions(text):
                if money.role == rank_role and (best is None or money.value > best[0]):
                    best = (money.value, text, money)
        if best is not None:
            break
    if best is None:
        return MaxAmount(None, [])
    value, text, money = best
    return MaxAmount(_tidy(value), [clip(text, money.start, money.end)])


def _tidy(value: float) -> float:
    return float(int(value)) if value == int(value) else round(value, 2)


def mentions_other_currency(text: str) -> bool:
    return bool(_OTHER_CURRENCY.search(text))
