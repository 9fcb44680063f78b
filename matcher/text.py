"""Plain text of a call and its sentences, with offsets, so evidence is always verbatim.

The classifier cites pieces of "the plain-text description" (conventions section 3). That
plain text is what `html_to_text` returns: tags become line breaks or nothing, entities are
decoded, and nothing is added (no bullets), so a sentence of it is also a sentence a person
sees on the funder's page.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_SPAN = 200

_HTML_TAG = re.compile(
    r"</?(?:p|div|br|ul|ol|li|h[1-6]|table|tr|td|th|span|strong|em|b|i|a)\b", re.I
)
_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:p|div|br|ul|ol|li|h[1-6]|table|tr|td|th|section|article|header|footer|"
    r"blockquote|dd|dt|dl|hr)\b[^>]*>",
    re.I,
)
_ANY_TAG = re.compile(r"<[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.S | re.I)
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2009\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)*")
# A sentence ends at . ! ? (or ; and : before a line break) followed by space and a capital,
# digit, quote or bracket. Lower-case continuations ("approx. 5", "e.g. schools") stay joined.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'»”)]?\s+(?=[\"'«“(\[]?[^\W_a-zà-ÿ])", re.U)


def is_html(text: str) -> bool:
    return bool(_HTML_TAG.search(text))


def html_to_text(text: str) -> str:
    """Plain text of a description: HTML reduced to lines, plain text only tidied."""
    if is_html(text):
        text = _COMMENT.sub(" ", text)
        text = _BLOCK_TAG.sub("\n", text)
        text = _ANY_TAG.sub("", text)
        text = html.unescape(text)
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = _BLANK_LINES.sub("\n\n", text)
    # Single line breaks inside a paragraph of HTML source carry no meaning; blocks already
    # became their own lines, so keep every line break as a boundary.
    return text.strip()


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """Sentences of a plain text with their offsets; never crossing a line break."""
    if len(text) < 200:
        return _sentences(text)
    return list(_cached_sentences(text))


@lru_cache(maxsize=8)
def _cached_sentences(text: str) -> tuple[Sentence, ...]:
    # The rules and the evidence split the same description several times per call.
    return tuple(_sentences(text))


def _sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        start = 0
        for match in _SENTENCE_END.finditer(line):
            _add(out, line, line_start, start, match.start())
            start = match.end()
        _add(out, line, line_start, start, len(line))
    return out


def _add(out: list[Sentence], line: str, offset: int, start: int, end: int) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = offset + start + lead
    out.append(Sentence(begin, begin + len(stripped), stripped))


def clip(text: str, start: int, end: int, limit: int = MAX_SPAN) -> str:
    """A verbatim piece of `text` of at most `limit` characters holding [start, end).

    Widens to the enclosing line's sentence when it fits, else to whole words around the
    match, so the evidence reads as a phrase rather than a cut word.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    for sentence in sentences(text[line_start:line_end]):
        s, e = sentence.start + line_start, sentence.end + line_start
        if s <= start and end <= e + 1 and e - s <= limit:
            return text[s:e]
    if end - start >= limit:
        return text[start : start + limit].strip()
    room = limit - (end - start)
    left = max(line_start, start - room // 2)
    right = min(line_end, end + (room - (start - left)))
    left = max(line_start, min(left, right - limit))
    # Do not cut words at the edges.
    if left > line_start:
        space = text.find(" ", left, start)
        if space >= 0:
            left = space + 1
    if right < line_end:
        space = text.rfind(" ", end, right)
        if space >= 0:
            right = space
    return text[left:right].strip()


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x2500):
        ch = chr(code)
        low = ch.lower()
        if len(low) != 1:
            continue
        base = unicodedata.normalize("NFD", low)[0]
        if base != ch:
            table[code] = base
    # Final sigma folds like sigma; typographic apostrophes like the ASCII one.
    table[ord("ς")] = "σ"
    table[ord("’")] = "'"
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower-cased text with accents removed, one character for one: offsets are kept.

    Keyword rules match on this, so "Határidő", "HATARIDO" and "határidő" are one word and
    a match still points into the original text.
    """
    if len(text) < 200:
        return text.translate(_FOLD)
    return _fold_long(text)


@lru_cache(maxsize=8)
def _fold_long(text: str) -> str:
    # Each rule module folds the same description again; a few recent ones are kept so a
    # call's text is folded once (8 entries: only the calls being classified, never a
    # corpus-wide cache).
    return text.translate(_FOLD)


def folded(words: tuple[str, ...]) -> tuple[str, ...]:
    """Keyword lists are written naturally (accents, final sigma) and folded once here."""
    return tuple(dict.fromkeys(fold(word) for word in words))
