"""Submission deadlines written in any of the calls' languages.

- Candidates are found with regular expressions (numeric, "15 March 2027", "15 mars 2027",
  "29 de enero de 2027", "2027. január 31.", "March 15, 2027"); month names come from
  babel's tables for every language we read, so parsing needs no per-call library work.
  Only a candidate whose month word is in no table goes to dateparser, with
  `languages=[lang]` (dateparser costs milliseconds a call; see conventions section 7).
- A date is a deadline when a deadline word (deadline, date limite, határidő, срок, plazo …)
  stands before it in its sentence, or the date carries a deadline suffix ("31-ig"), and
  no nearer word says it is something else (publication, information day, project start).
- The call's deadline is the first deadline on/after `as_of`, the last one when all passed,
  and None when none is stated (rolling calls, "until funds are exhausted").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from matcher.cues import cue_pattern, last_cue_end
from matcher.text import clip, fold

READ_LANGUAGES = [
    "en",
    "fr",
    "de",
    "es",
    "it",
    "pt",
    "nl",
    "ro",
    "hu",
    "bg",
    "sk",
    "cs",
    "pl",
    "el",
    "sr",
    "sr_Latn",
    "mk",
    "hr",
    "sl",
    "sq",
    "da",
    "sv",
    "fi",
    "et",
    "lv",
    "lt",
]


@dataclass(frozen=True)
class DateMention:
    value: date
    start: int
    end: int


@dataclass(frozen=True)
class Deadline:
    value: date | None
    evidence: list[str]


@cache
def _month_tables() -> dict[str, dict[str, int]]:
    """Folded month word -> month number, per language, plus "*" for words all languages share."""
    from babel import Locale

    tables: dict[str, dict[str, int]] = {}
    for code in READ_LANGUAGES:
        locale = Locale.parse(code)
        table: dict[str, int] = {}
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    word = fold(name).rstrip(".")
                    if len(word) >= 3:
                        table[word] = number
        tables[code.split("_")[0]] = {**tables.get(code.split("_")[0], {}), **table}
    # A word meaning one month in every language that has it is safe for any text; words
    # like "listopad" (October in Croatian, November in Czech) stay language-bound.
    votes: dict[str, set[int]] = {}
    for table in tables.values():
        for word, number in table.items():
            votes.setdefault(word, set()).add(number)
    tables["*"] = {word: next(iter(nums)) for word, nums in votes.items() if len(nums) == 1}
    return tables


def month_number(word: str, language: str) -> int | None:
    """The month a word names in `language` (or unambiguously anywhere), else None."""
    tables = _month_tables()
    folded = fold(word).rstrip(".")
    for key in (language, "en", "*"):
        table = tables.get(key, {})
        if folded in table:
            return table[folded]
    # Inflected forms ("januara", "decembra", "lutego") share the abbreviation's letters.
    if len(folded) >= 4:
        for key in (language, "*"):
            table = tables.get(key, {})
            for cut in (len(folded) - 1, len(folded) - 2, 4, 3):
                if cut >= 3 and folded[:cut] in table:
                    return table[folded[:cut]]
    return None


_WORD = r"([^\W\d_]{3,}\.?)"
_YEAR = r"(20\d\d)"
_DAY = r"(\d{1,2})"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ymd", re.compile(r"\b" + _YEAR + r"-(\d{1,2})-(\d{1,2})\b")),
    ("ymd", re.compile(r"\b" + _YEAR + r"\.\s?(\d{1,2})\.\s?(\d{1,2})\b\.?")),
    ("dmy", re.compile(r"\b" + _DAY + r"\s?[./-]\s?(\d{1,2})\s?[./-]\s?" + _YEAR + r"\b")),
    (
        "d_month_y",
        re.compile(
            r"\b"
            + _DAY
            + r"(?:\.|st|nd|rd|th|er|ème|°|º|-?(?:ти|ри|ви|го|ος|η))?[\s-]*(?:de\s+)?"
            + _WORD
            + r"(?:,?\s+|-)(?:de\s+|del\s+)?"
            + _YEAR
            + r"\b"
        ),
    ),
    ("month_d_y", re.compile(_WORD + r"\s+" + _DAY + r"(?:st|nd|rd|th)?,?\s+" + _YEAR + r"\b")),
    ("y_month_d", re.compile(r"\b" + _YEAR + r"\.?\s+" + _WORD + r"\s+" + _DAY + r"\b\.?")),
)


def find_dates(text: str, language: str) -> list[DateMention]:
    """Every full date (day, month, year) in `text`, in order of appearance."""
    found: dict[int, DateMention] = {}
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            value = _to_date(kind, match, language)
            if value is None:
                continue
            found[match.start()] = DateMention(value, match.start(), match.end())
            taken.append((match.start(), match.end()))
    return [found[k] for k in sorted(found)]


def _to_date(kind: str, match: re.Match[str], language: str) -> date | None:
    groups = match.groups()
    if kind == "ymd":
        year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
    elif kind == "dmy":
        day, month, year = int(groups[0]), int(groups[1]), int(groups[2])
        if month > 12 and day <= 12:  # US order, seen in some English calls
            day, month = month, day
    else:
        if kind == "d_month_y":
            day_s, word, year_s = groups
        elif kind == "month_d_y":
            word, day_s, year_s = groups
        else:
            year_s, word, day_s = groups
        found = month_number(word, language)
        if found is None:
            return _dateparser_fallback(match.group(0), language)
        day, month, year = int(day_s), found, int(year_s)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dateparser_fallback(candidate: str, language: str) -> date | None:
    """dateparser for the rare month word no babel table knows (misspellings, old forms)."""
    if not re.search(r"[^\W\d_]{3,}", candidate):
        return None
    return _parse_with_dateparser(candidate, language)


@cache
def _parse_with_dateparser(candidate: str, language: str) -> date | None:
    # Cached because one programme repeats the same odd spelling; the cache only ever
    # holds month words no table has, so normal calls never reach it.
    import dateparser

    languages = [language] if language in _dateparser_languages() else None
    try:
        parsed = dateparser.parse(
            candidate,
            languages=languages,
            settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]},
        )
    except Exception:  # dateparser raises assorted errors on odd input; a non-date is None
        return None
    return parsed.date() if parsed else None


@cache
def _dateparser_languages() -> frozenset[str]:
    from dateparser.languages.loader import default_loader

    return frozenset(default_loader.get_locale_map().keys())


_DEADLINE_SUFFIX = re.compile(r"^(?:-(?:ig|éig|áig|jéig)\b|\s*(?:г\.?)?\s*включително)")
# What joins two dates: a range ("1 March – 30 June 2027", "du … au …", "od … do …") makes
# the first an opening and the second the closing date; a list ("1 February, 1 June and
# 1 October 2027") gives every date the first one's role.
_RANGE_GAP = re.compile(
    r"^\s*(?:-|–|—|to|until|till|au|à|bis|do|al|hasta|fino al|έως|εως|μέχρι|pana la|până la|"
    r"până în|до)\s*$",
    re.I,
)
# "between 1 October 2026 and 31 January 2027": "and" makes a range only after "between".
_AND_GAP = re.compile(r"^\s*(?:and|et|und|és|es|и|i|y|e|a|și|si|και)\s*$", re.I)
_BETWEEN = re.compile(
    r"(?:between|entre|zwischen|între|intre|között|között|между|између|između|tra|fra|μεταξύ|pomiędzy|między)\s*$"
)
_LIST_GAP = re.compile(
    r"^\s*(?:,|;|/|and|or|et|ou|und|oder|i|y|e|o|και|ή|si|și|és|vagy|и|или|a)?\s*$", re.I
)
_RANGE_OPENERS = re.compile(
    r"(?:from|between|du|entre|od|de la|din|vom|von|ab|dal|desde|από|απο|од|от|"
    r"in the period|în perioada|v termínu|w terminie|v období|időszakban)\s*$"
)
_QUESTIONS = re.compile(
    r"question|clarification|precisions|intrebari|kerdes|въпроси|otazk|pytani|pregunta|quesiti|chiariment|"
    r"διευκρινισ|pitanj|прашањ|питањ|fragen|ruckfragen"
)
_PARENTHESES = re.compile(r"\([^()]*\)")
_SENTENCE_CUT = re.compile(r"[.;]\s+(?=[^\W\d_a-zà-ÿα-ωа-я])")
_AFTER_CUES = re.compile(
    r"^[\s,]*(?:(?:\d{1,2}[:.h]\d{2}|\d{1,2}\s?h)\s*(?:h|hod\.?|uhr|ч\.?|óra)?[\s,]*)?"
    r"(?:at the latest|latest|au plus tard|cel (?:mai )?t[aâ]rziu|legk[eé]s[oő]bb|najnesk|nejpozd|"
    r"najp[oó]źniej|a m[aá]s tardar|al pi[uù] tardi|το αργότερο|najkasnije|најдоцна|spätestens|"
    r"г\.?\s*включително|включително|inclusive)",
    re.I,
)


def deadline_mentions(text: str, language: str) -> list[DateMention]:
    """The dates of `text` that are submission deadlines, in order of appearance."""
    folded = fold(text)
    out: list[DateMention] = []
    mentions = find_dates(text, language)
    roles: list[bool] = []
    for k, mention in enumerate(mentions):
        gap = text[mentions[k - 1].end : mention.start] if k else "\n"
        between = (
            k
            and _AND_GAP.match(gap)
            and _BETWEEN.search(
                folded[max(0, mentions[k - 1].start - 30) : mentions[k - 1].start].rstrip() + " "
            )
        )
        if k and (_RANGE_GAP.match(gap) or between):
            # The range's start was judged as a deadline or not; its end takes that role,
            # its start becomes an opening date.
            is_deadline = roles[k - 1] or _reads_as_deadline(text, folded, mentions[k - 1], True)
            if roles[k - 1]:
                roles[k - 1] = False
                out.remove(mentions[k - 1])
        elif k and _LIST_GAP.match(gap):
            is_deadline = roles[k - 1]
        else:
            is_deadline = _reads_as_deadline(text, folded, mention, False)
        roles.append(is_deadline)
        if is_deadline:
            out.append(mention)
    return out


def _reads_as_deadline(text: str, folded: str, mention: DateMention, range_start: bool) -> bool:
    line_start = folded.rfind("\n", 0, mention.start) + 1
    window = folded[max(line_start, mention.start - 220) : mention.start]
    window = _PARENTHESES.sub(" ", window)
    # Stop at the previous sentence end so the last sentence's words do not leak in; a short
    # heading before it ("Deadline. 27 April 2027") is kept.
    cuts = list(_SENTENCE_CUT.finditer(window))
    if cuts and cuts[-1].start() > 30:
        window = window[cuts[-1].end() :]
    if range_start:
        window = _RANGE_OPENERS.sub("", window.rstrip())
    if _QUESTIONS.search(window):
        return False  # "questions may be asked until …" is not the submission deadline
    deadline_at = last_cue_end(cue_pattern("DEADLINE"), window)
    other_at = last_cue_end(cue_pattern("NOT_DEADLINE"), window)
    after = text[mention.end : mention.end + 40]
    if _DEADLINE_SUFFIX.match(after) or _AFTER_CUES.match(after):
        return True
    if deadline_at < 0 and other_at < 0:
        deadline_at = 0 if _heading_says_deadline(folded, line_start) else -1
    return deadline_at >= 0 and deadline_at > other_at


def _heading_says_deadline(folded: str, line_start: int) -> bool:
    """A heading or an introducing line ("Deadline", "Benyújtási szakaszok:") above the
    date's line, possibly above other items of the same list."""
    end = line_start
    for _ in range(6):
        if end <= 0:
            return False
        start = folded.rfind("\n", 0, end - 1) + 1
        line = folded[start : end - 1].strip()
        end = start
        if not line:
            continue
        if last_cue_end(cue_pattern("DEADLINE"), line) >= 0 and (
            len(line) < 60 or line.endswith(":")
        ):
            return True
        if len(line) > 120 or line.endswith("."):
            return False  # a paragraph, not a list item: the heading is not above it
    return False


def is_rolling(text: str) -> bool:
    return cue_pattern("ROLLING").search(fold(text)) is not None


def rolling_evidence(text: str) -> list[str]:
    """The phrase saying a call has no fixed deadline ("on a rolling basis"), if any."""
    match = cue_pattern("ROLLING").search(fold(text))
    return [clip(text, match.start(), match.end())] if match else []


def extract_deadline(title: str, body: str, language: str, as_of: date) -> Deadline:
    """The first deadline on/after `as_of` (else the last one), with its sentence as evidence."""
    found: list[tuple[date, str, DateMention]] = []
    for text in (title, body):
        for mention in deadline_mentions(text, language):
            found.append((mention.value, text, mention))
    if not found:
        return Deadline(None, [])
    found.sort(key=lambda item: item[0])
    upcoming = [item for item in found if item[0] >= as_of]
    value, text, mention = upcoming[0] if upcoming else found[-1]
    return Deadline(value, [clip(text, mention.start, mention.end)])


def choose_deadline(values: Iterable[date], as_of: date) -> date | None:
    """The first of `values` on/after `as_of`, the last one when all passed, None if none."""
    ordered = sorted(set(values))
    if not ordered:
        return None
    upcoming = [value for value in ordered if value >= as_of]
    return upcoming[0] if upcoming else ordered[-1]
