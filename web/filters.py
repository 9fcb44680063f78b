"""The filters of a calls list, shared by the page, the JSON API, the feeds and the CSV.

Pages and feeds read them leniently from the query string (a value we do not know is
dropped, so an old bookmarked URL still answers); the API declares them as typed query
parameters (a bad value is a 422 documented in the OpenAPI schema).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urlencode

from matcher.taxonomy import load_taxonomy

STATUSES = ("open", "forthcoming")
MAX_TEXT = 200
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class CallFilters:
    theme: str | None = None
    country: str | None = None
    applicant_type: str | None = None
    funder: str | None = None
    funding_type: str | None = None
    deadline_from: date | None = None
    deadline_to: date | None = None
    language: str | None = None
    status: str | None = None  # None: open and forthcoming
    q: str | None = None

    def is_empty(self) -> bool:
        return all(v is None for v in asdict(self).values())

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs (for links to pages, feeds and the CSV)."""
        items = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                items.append((f.name, value.isoformat() if isinstance(value, date) else value))
        return items

    def query_string(self, **extra: Any) -> str:
        items = self.query_items() + [(k, str(v)) for k, v in extra.items() if v is not None]
        return urlencode(items)

    def without(self, name: str) -> CallFilters:
        return replace(self, **{name: None})


@cache
def known_countries() -> tuple[str, ...]:
    """Every country a call or profile may name here: the members of the taxonomy's groups."""
    groups = load_taxonomy().country_groups.values()
    return tuple(sorted({code for group in groups for code in group.members}))


_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def is_clean(value: str) -> bool:
    """No control characters or lone surrogates (PostgreSQL refuses NUL in text)."""
    return _CONTROL.search(value) is None


def clean_text(value: str | None) -> str | None:
    """Free text for a filter: control characters dropped, spaces collapsed, bounded."""
    if value is None:
        return None
    value = " ".join(_CONTROL.sub(" ", value).split())[:MAX_TEXT]
    return value or None


_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_multiline(value: str) -> str:
    """Free text of a form (a description, a message): control characters other than tabs
    and line breaks dropped (PostgreSQL refuses NUL; no one types the others)."""
    return _CONTROL_IN_TEXT.sub("", value)


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _one_of(value: str | None, allowed: tuple[str, ...]) -> str | None:
    return value if value in allowed else None


def _matches(value: str | None, pattern: re.Pattern[str], *, upper: bool = False) -> str | None:
    if not value:
        return None
    value = value.strip().upper() if upper else value.strip().lower()
    return value if pattern.match(value) else None


def filters_from_query(params: Mapping[str, str]) -> CallFilters:
    """Lenient parsing for pages and feeds: unknown or malformed values are ignored."""
    taxonomy = load_taxonomy()
    return CallFilters(
        theme=_one_of(params.get("theme"), taxonomy.theme_ids),
        country=_matches(params.get("country"), _COUNTRY, upper=True),
        applicant_type=_one_of(params.get("applicant_type"), taxonomy.applicant_type_ids),
        funder=clean_text(params.get("funder")),
        funding_type=_one_of(params.get("funding_type"), taxonomy.funding_type_ids),
        deadline_from=_date(params.get("deadline_from")),
        deadline_to=_date(params.get("deadline_to")),
        language=_matches(params.get("language"), _LANGUAGE),
        status=_one_of(params.get("status"), STATUSES),
        q=clean_text(params.get("q")),
    )


# -- text search --------------------------------------------------------------------------------

# A word is a run of letters and digits (what SQLite's unicode61 tokeniser keeps; the
# PostgreSQL side is made to cut the same way, see migration 0004).
_WORD = re.compile(r"[^\W_]+")
MAX_SEARCH_TERMS = 16
MIN_PREFIX = 2  # "a*" would expand to every word starting with a: refused, searched as "a"


@dataclass(frozen=True)
class SearchTerm:
    """One thing every result must contain: a word, or words in a row (a quoted phrase, or a
    word like "cross-border" that the index holds as two); `prefix`: the last one may go on."""

    words: tuple[str, ...]
    prefix: bool = False


def search_terms(q: str | None) -> tuple[SearchTerm, ...]:
    """The search box's text as terms, all required: bare words, "quoted phrases", and `word*`
    for words starting so. Anything else (operators, brackets, lone punctuation) is only text
    between words: no input can make a query the database refuses. Text without a letter or
    digit gives no term (web/queries.py then matches no call)."""
    if not q:
        return ()
    text = unicodedata.normalize("NFC", q)
    terms: list[SearchTerm] = []
    parts = text.split('"')
    for index, part in enumerate(parts):
        if index % 2:  # inside quotes (an unclosed quote runs to the end)
            following = parts[index + 1] if index + 1 < len(parts) else ""
            terms.append(_term(_WORD.findall(part), prefix=following.startswith("*")))
        else:
            for chunk in part.split():
                terms.append(_term(_WORD.findall(chunk), prefix=chunk.endswith("*")))
    unique = dict.fromkeys(term for term in terms if term.words)
    return tuple(unique)[:MAX_SEARCH_TERMS]


def _term(words: list[str], *, prefix: bool) -> SearchTerm:
    return SearchTerm(tuple(words), prefix=prefix and bool(words) and len(words[-1]) >= MIN_PREFIX)


def page_number(value: str | None, *, last: int = 10_000) -> int:
    try:
        return min(max(int(value or 1), 1), last)
    except ValueError:
        return 1
