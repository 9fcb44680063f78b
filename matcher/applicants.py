"""Who may apply (lead or funded partner), read from the sentences about applicants.

- Only sentences about applicants count: those with an applicant word ("eligible",
  "applicants", "who can apply", "bénéficiaires", "solicitanți", "pályázók" …) or lines
  under such a heading, so "training for teachers in schools" does not make schools
  applicants.
- Each type has cue stems in every language ("municipalit", "collectivités locales",
  "önkormányzat", "общин", "gmin", "ayuntamiento" …).
- Group phrases decide several types at once (conventions section 3): "public authorities
  at any level" is local + regional + national; "collectivités territoriales" is local +
  regional; "any legal entity" is the types the text goes on to name or, naming none, every
  type except individual and international organisation.
- Exclusions are removed: a type named in a sentence that says it may not apply ("NGOs …
  cannot apply", "organisations aiming at profit may not apply").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from matcher.applicant_cues import (
    ANY_ENTITY,
    ANY_LEVEL,
    APPLICANT_WORDS,
    FUNDER_VERBS,
    LEGAL_ENTITIES,
    LEVEL_NOUNS,
    LEVELS,
    NOT_ALLOWED,
    PUBLIC_BODIES,
    TERRITORIAL,
    TYPES,
)
from matcher.cues import compile_cues, parse_cues
from matcher.text import Sentence, clip, fold, sentences

EVERY_TYPE_BUT_PEOPLE = (
    "business",
    "education-research",
    "local-authority",
    "national-authority",
    "ngo",
    "regional-authority",
)


@dataclass
class Applicants:
    types: set[str] = field(default_factory=set)
    evidence: dict[str, list[str]] = field(default_factory=dict)

    def add(self, type_id: str, span: str) -> None:
        self.types.add(type_id)
        spans = self.evidence.setdefault(type_id, [])
        if span not in spans and len(spans) < 2:
            spans.append(span)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    def every(spec: str) -> re.Pattern[str]:
        return compile_cues(tuple(c for cues in parse_cues(spec).values() for c in cues))

    out = {f"type:{type_id}": every(spec) for type_id, spec in TYPES.items()}
    out.update(
        applicant=every(APPLICANT_WORDS),
        not_allowed=every(NOT_ALLOWED),
        any_level=every(ANY_LEVEL),
        territorial=every(TERRITORIAL),
        any_entity=every(ANY_ENTITY),
        public=every(PUBLIC_BODIES),
        legal_entities=every(LEGAL_ENTITIES),
        funder=every(FUNDER_VERBS),
    )
    for type_id, words in LEVELS.items():
        out[f"level:{type_id}"] = compile_cues(tuple(fold(w.strip()) for w in words.split("|")))
    level_any = "|".join(p.pattern for k, p in out.items() if k.startswith("level:"))
    # Two or more level words joined by commas/and/or: "local, regional and national".
    joiner = r"\w*\s*(?:,|/|\band\b|\bor\b|\bet\b|\bou\b|\bsi\b|\bes\b|\bvagy\b|\bи\b|\bили\b|"
    joiner += r"\bi\b|\ba\b|\by\b|\be\b|\bo\b|\bund\b|\boder\b|\bκαι\b|\bή\b|\s)+\s*"
    out["level_list"] = re.compile(f"(?:{level_any})(?:{joiner}(?:{level_any}))+")
    out["level_noun"] = re.compile(f"(?:{level_any})\\w*(?:\\s+\\w+){{0,3}}?\\s+(?:{LEVEL_NOUNS})")
    return out


_BULLET = re.compile(r"^\s*(?:[-•–—*·▪]|\d{1,2}[.)]|[a-z][.)]|\([a-z0-9]\))\s")


def _is_list_item(line: str) -> bool:
    stripped = line.strip()
    return bool(
        _BULLET.match(stripped)
        or stripped.endswith((";", ",", " or", " and", " ou", " et", " и", " és"))
        or (len(stripped) < 90 and not stripped.endswith((".", "!", "?")))
    )


def applicant_sentences(text: str) -> list[Sentence]:
    """Sentences about who may apply: with an applicant word, or items of a list that an
    applicant line ("Who can apply?", "Eligible applicants:") introduces."""
    patterns = _patterns()
    out: list[Sentence] = []
    in_list = first_after_heading = False
    offset = 0
    for line in text.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        if not line.strip():
            continue
        line_sentences = [
            Sentence(s.start + line_start, s.end + line_start, s.text) for s in sentences(line)
        ]
        if in_list and (first_after_heading or _is_list_item(line)):
            out += line_sentences
            first_after_heading = False
            continue
        in_list = False
        says = False
        asked = False  # "Who may apply? Any legal entity." on one line
        for sentence in line_sentences:
            if asked or patterns["applicant"].search(fold(sentence.text)):
                out.append(sentence)
                says = True
            asked = says and sentence.text.endswith(("?", ":"))
        stripped = line.strip()
        if says and (stripped.endswith((":", "?")) or len(stripped) < 45):
            # A heading or an introducing line: its first paragraph and list items follow.
            in_list = first_after_heading = True
    return out


def _types_in(folded: str) -> list[tuple[str, int, int]]:
    """Types named in a folded sentence, with offsets (funder before its verb skipped)."""
    patterns = _patterns()
    verb = patterns["funder"].search(folded)
    funder_end = verb.start() if verb else -1
    found = []
    for type_id in TYPES:
        for match in patterns[f"type:{type_id}"].finditer(folded):
            if match.start() < funder_end:
                continue
            if type_id == "national-authority" and re.search(
                r"(?:non[- ]|local |regional |self-|sub-)$",
                folded[max(0, match.start() - 10) : match.start()],
            ):
                continue
            found.append((type_id, match.start(), match.end()))
    for match in patterns["level_noun"].finditer(folded):
        for type_id in LEVELS:
            if patterns[f"level:{type_id}"].match(match.group(0)):
                found.append((type_id, match.start(), match.end()))
    for match in patterns["level_list"].finditer(folded):
        for type_id in LEVELS:
            if patterns[f"level:{type_id}"].search(match.group(0)):
                found.append((type_id, match.start(), match.end()))
    public = patterns["public"].search(folded)
    if public and public.start() >= funder_end:
        near = folded[public.end() : public.end() + 60]
        if not patterns["level_list"].search(folded) and not any(
            patterns[f"level:{t}"].search(near[:25]) for t in LEVELS
        ):
            for type_id in LEVELS:
                found.append((type_id, public.start(), public.end()))
    return found


def extract_applicants(title: str, body: str) -> Applicants:
    """Applicant types the text admits, each with the phrase that admits it."""
    patterns = _patterns()
    result = Applicants()
    refused: dict[str, str] = {}  # type -> the span refusing it
    entity_types: set[str] | None = None
    entity_span = ""
    for sentence in applicant_sentences(body):
        text = sentence.text
        folded = fold(text)
        refusal = patterns["not_allowed"].search(folded)
        for key, types in (
            ("any_level", ("local-authority", "regional-authority", "national-authority")),
            ("territorial", ("local-authority", "regional-authority")),
        ):
            match = patterns[key].search(folded)
            if match and not (refusal and refusal.start() < match.start()):
                for type_id in types:
                    result.add(type_id, clip(text, match.start(), match.end()))
        named = _types_in(folded)
        entity = patterns["any_entity"].search(folded)
        weak = patterns["legal_entities"].search(folded) if not named else None
        entity = entity or weak
        if entity and not (refusal and refusal.start() < entity.start()):
            entity_span = clip(text, entity.start(), entity.end())
            # "any legal entity, such as NGOs and schools": the types it goes on to name.
            # Only types that specify the phrase ("… (universities, NGOs)", "such as …"); "…;
            # international organisations are also eligible" adds to it instead.
            after = {
                t
                for t, start, _ in named
                if start > entity.end() and _SPECIFIES.search(folded[entity.end() : start])
            }
            entity_types = (entity_types or set()) | (after or set(EVERY_TYPE_BUT_PEOPLE))
        for type_id, start, end in named:
            # "NGOs may be involved but cannot apply": a refusal after the type in its
            # clause, or an exclusion word right before it.
            if refusal and _refused(folded, start, end, refusal):
                refused.setdefault(type_id, clip(text, start, end))
                continue
            result.add(type_id, clip(text, start, end))
    for type_id in entity_types or ():
        result.add(type_id, entity_span)
    # A type refused in one sentence but admitted in another stays: the refusal was about
    # something narrower ("associations of municipalities are not eligible").
    for type_id in refused:
        if any(span != entity_span for span in result.evidence.get(type_id, [])):
            continue  # named as eligible elsewhere, not only through "any legal entity"
        result.types.discard(type_id)
        result.evidence.pop(type_id, None)
    return result


_SPECIFIES = re.compile(
    r"^\W{0,3}$|^[^.;]{0,40}(?:such as|e\.g\.|including|namely|\(|:|notamment|comme|tels que|"
    r"y compris|inclusiv|beleértve|включително|vrátane|včetně|w tym|como|come|όπως|kao što|како|"
    r"wie z\. b\.|insbesondere)"
)


def _refused(folded: str, start: int, end: int, refusal: re.Match[str]) -> bool:
    if refusal.start() >= end:
        # "… may be involved but cannot apply": the "but" introduces this very refusal.
        between = re.sub(
            r"\b(?:but|mais|ale|dar|aber|pero|ma)\s*$", "", folded[end : refusal.start()]
        )
        # The refusal is about this type when no other clause starts in between.
        return (
            not re.search(r"[.;]|\b(?:while|whereas|but|mais|ale|dar)\b", between)
            and len(between) < 80
        )
    before = folded[refusal.end() : start]
    return len(before) < 40 and not re.search(r"[.;:]", before)
