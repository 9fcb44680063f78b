"""Language-independent concept tokens for the model, from a hand-made multilingual lexicon.

The labelled set has ~250 English and ~130 French calls but only ~18 in each other
language: too few for a model to learn Hungarian or Greek words for "school". So each
call's text also yields concept tokens ("c_school", "c_eviction", …) from the lexicon
below, in all 14 languages; the model learns weights on them from every language at once
and applies them to calls in any. Cues are stems, written like matcher/cues.py's.
"""

from __future__ import annotations

import re
from functools import cache

from matcher.concept_lexicon import CONCEPTS
from matcher.cues import parse_cues
from matcher.text import fold


def _trie_regex(words: list[str]) -> str:
    """One compact alternation of `words` (a trie), so matching stays fast with many cues."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return render(trie)


@cache
def _lexicon() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[str, ...]]]:
    """(stem pattern, whole-word pattern, cue -> concepts)."""
    owners: dict[str, set[str]] = {}
    for concept, spec in CONCEPTS.items():
        for cues in parse_cues(spec).values():
            for cue in cues:
                owners.setdefault(re.sub(r"\s+", " ", cue), set()).add(concept)
    stems = sorted(c for c in owners if not c.endswith("="))
    whole = sorted(c.rstrip("=") for c in owners if c.endswith("="))
    spaced = lambda pattern: pattern.replace(r"\ ", r"\s+")  # noqa: E731
    stem_pattern = re.compile(r"(?<!\w)" + spaced(_trie_regex(stems)))
    whole_pattern = re.compile(r"(?<!\w)" + spaced(_trie_regex(whole)) + r"(?!\w)")
    table = {cue.rstrip("="): tuple(sorted(concepts)) for cue, concepts in owners.items()}
    return stem_pattern, whole_pattern, table


def concept_matches(folded: str) -> list[tuple[str, int, int]]:
    """(concept, start, end) of every lexicon cue in already folded text."""
    stem_pattern, whole_pattern, table = _lexicon()
    out = []
    for pattern in (stem_pattern, whole_pattern):
        for match in pattern.finditer(folded):
            key = re.sub(r"\s+", " ", match.group(0))
            for concept in table.get(key, ()):
                out.append((concept, match.start(), match.end()))
    return out


def concept_text(text: str) -> str:
    """The concept tokens of a text, space-separated, one per cue found ("c_school c_roma")."""
    return " ".join(
        "c_" + concept.replace("-", "_") for concept, _, _ in concept_matches(fold(text))
    )
