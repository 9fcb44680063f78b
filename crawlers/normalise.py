"""Normalising what spiders read: text, URLs, dates, amounts, statuses, language codes.

Dates: dateparser costs milliseconds a call, so regular expressions find the candidates
first; numeric and ISO dates, and day-month-year with a month name known to CLDR (through
babel) are read directly; only what is left goes to dateparser, in the page's language.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from urllib.parse import urljoin, urlsplit

from models.richtext import html_to_text, looks_like_html, normalise_text

# Languages whose month names are known without dateparser (the Alliance's countries and
# the EU's working languages); other languages still work, through dateparser.
MONTH_LOCALES = (
    "en", "fr", "de", "es", "it", "pt", "nl", "hu", "ro", "bg", "cs", "sk", "pl", "sl", "hr",
    "sr", "sr_Latn", "bs", "mk", "el", "sq", "tr", "uk", "lt", "lv", "et", "fi", "sv", "da",
)  # fmt: skip

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T\s,;.)\]]|[^\d])")
_YMD_DOTS = re.compile(r"\b(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})\.?(?!\d)")
_DMY_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?![\d/])")
_WORD = r"[^\W\d_]{3,}\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|\.)?"
_D_MON_Y = re.compile(
    rf"(?<!\d){_DAY}[\s-]*(?:de\s+)?({_WORD})[\s,-]*(?:de\s+)?(\d{{4}}|\d{{2}})(?!\d)"
)
_MON_D_Y = re.compile(rf"\b({_WORD})\s+{_DAY},?\s+(\d{{4}})(?!\d)")
_Y_MON_D = re.compile(rf"\b(\d{{4}})\.?\s+({_WORD})\s+(\d{{1,2}})\.?(?!\d)")
_EPOCH_MS = re.compile(r"^\d{12,13}$")


# -- text and URLs ------------------------------------------------------------------------------


def clean_text(value: str | None) -> str:
    """One line of plain text: tags dropped, entities decoded, whitespace collapsed."""
    if not value:
        return ""
    text = html_to_text(value) if looks_like_html(value) else normalise_text(value)
    return " ".join(text.split())


def absolute_url(base: str, href: str | None) -> str | None:
    """`href` resolved against `base`; None unless the result is an http(s) URL."""
    if not href:
        return None
    url = urljoin(base, href.strip())
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url


def language_code(value: str | None) -> str | None:
    """`en-GB`, `EN`, `fr_FR` -> `en`, `fr`; None for anything else."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


# -- dates --------------------------------------------------------------------------------------


_KNOWN_MONTH_LANGUAGES = {language_code(locale) for locale in MONTH_LOCALES}


@cache
def _month_names(language: str) -> dict[str, int]:
    """Lower-cased month names of a language (wide and abbreviated, both grammatical
    contexts), from CLDR through babel; loaded per language, as crawls need one or two."""
    from babel.dates import get_month_names

    names: dict[str, int] = {"sept": 9, "febr": 2} if language == "en" else {}
    for locale in MONTH_LOCALES:
        if language_code(locale) != language:
            continue
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=locale).items():
                    names[name.lower().rstrip(".")] = number
    return names


def _month(name: str, language: str | None) -> int | None:
    key = name.lower().rstrip(".")
    for lang in (language, "en"):
        if lang in _KNOWN_MONTH_LANGUAGES and key in _month_names(lang):  # type: ignore[arg-type]
            return _month_names(lang)[key]  # type: ignore[arg-type]
    return None


def _textual(text: str, language: str | None, year: str, month: str, day: str) -> date | None:
    number = _month(month, language)
    if number:
        return _valid(int(year), number, int(day))
    if language is None or language in _KNOWN_MONTH_LANGUAGES:
        return None  # not a month name in a language we know: "15 projects 2026"
    return _dateparser(text, language)


def _valid(year: int, month: int, day: int) -> date | None:
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _dateparser(text: str, language: str | None) -> date | None:
    import dateparser

    languages = [language] if language else None
    settings = {
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        parsed = dateparser.parse(text, languages=languages, settings=settings)  # type: ignore[arg-type]
    except Exception:  # dateparser raises assorted errors on odd input; a date is optional
        return None
    return parsed.date() if parsed else None


def find_dates(text: str | None, language: str | None = None) -> list[date]:
    """Every date written in `text`, in order of appearance (duplicates kept once)."""
    if not text:
        return []
    found: list[tuple[int, date]] = []
    taken: list[range] = []

    def add(start: int, end: int, value: date | None) -> None:
        if value is None or any(start in r or end - 1 in r for r in taken):
            return
        taken.append(range(start, end))
        found.append((start, value))

    for match in _ISO.finditer(text):
        add(match.start(), match.end(), _valid(*map(int, match.groups())))
    for match in _YMD_DOTS.finditer(text):
        add(match.start(), match.end(), _valid(*map(int, match.groups())))
    for match in _DMY_NUMERIC.finditer(text):
        day, month, year = map(int, match.groups())
        value = _valid(year, month, day) or _valid(year, day, month)  # 12/31/2026 (US order)
        add(match.start(), match.end(), value)
    for match in _D_MON_Y.finditer(text):
        day, month, year = match.groups()
        add(match.start(), match.end(), _textual(match.group(0), language, year, month, day))
    for match in _MON_D_Y.finditer(text):
        month, day, year = match.groups()
        add(match.start(), match.end(), _textual(match.group(0), language, year, month, day))
    for match in _Y_MON_D.finditer(text):
        year, month, day = match.groups()
        add(match.start(), match.end(), _textual(match.group(0), language, year, month, day))
    seen: set[date] = set()
    ordered: list[date] = []
    for _, value in sorted(found, key=lambda pair: pair[0]):
        if value not in seen:
            seen.add(value)
            ordered.append(value)
    return ordered


def to_date(value: str | date | int | float | None, language: str | None = None) -> date | None:
    """A date from a date, an epoch in milliseconds, or the first date written in a text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) or _EPOCH_MS.match(str(value).strip()):
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC).date()
    dates = find_dates(str(value), language)
    return dates[0] if dates else None


def to_dates(values: list[str | date], language: str | None = None) -> list[date]:
    """Every date in a list of dates and texts, sorted, unique."""
    out: set[date] = set()
    for value in values:
        if isinstance(value, date | int | float) or (
            isinstance(value, str) and _EPOCH_MS.match(value.strip())
        ):
            single = to_date(value, language)
            if single:
                out.add(single)
        else:
            out.update(find_dates(str(value), language))
    return sorted(out)


# -- amounts ------------------------------------------------------------------------------------

_CURRENCIES = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "evra": "EUR", "евра": "EUR",
    "$": "USD", "usd": "USD", "us$": "USD", "£": "GBP", "gbp": "GBP", "chf": "CHF",
    "huf": "HUF", "ft": "HUF", "ron": "RON", "lei": "RON", "bgn": "BGN", "czk": "CZK",
    "pln": "PLN", "zł": "PLN", "rsd": "RSD", "mkd": "MKD", "den": "MKD", "nok": "NOK",
    "sek": "SEK", "dkk": "DKK", "all": "ALL", "bam": "BAM", "try": "TRY",
}  # fmt: skip
_MULTIPLIERS = {
    "k": 1e3, "thousand": 1e3, "mil": 1e6, "m": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6,
    "millions": 1e6, "millió": 1e6, "milioane": 1e6, "milion": 1e6, "miliona": 1e6,
    "милиони": 1e6, "bn": 1e9, "billion": 1e9, "milliard": 1e9, "milliárd": 1e9,
}  # fmt: skip
_CUR = (
    r"(€|\$|£|\b(?:EUR|USD|US\$|GBP|CHF|HUF|RON|BGN|CZK|PLN|RSD|MKD|NOK|SEK|DKK|BAM|TRY"
    r"|euros?|evra|евра|Ft|lei|zł|den)\b)"
)
_NUM = r"(\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?)"
_MULT = (
    r"(?:\s*(k|thousand|mil|mn|mio|m|millions?|millió|milioane|miliona?|милиони|bn|billion"
    r"|milliárd|milliard)\b)?"
)
_AMOUNT_BEFORE = re.compile(rf"{_CUR}\s*{_NUM}{_MULT}", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(rf"{_NUM}{_MULT}\s*{_CUR}", re.IGNORECASE)
_BARE = re.compile(rf"^\s*{_NUM}{_MULT}\s*$", re.IGNORECASE)


def _number(text: str) -> float | None:
    """`2,700,000.00`, `2.700.000,00`, `150 000`, `2.7` -> a float."""
    digits = re.sub(r"[ \u00a0\u202f'’]", "", text)
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        digits = digits.replace(thousands, "").replace(decimal, ".")
    elif "," in digits or "." in digits:
        sep = "," if "," in digits else "."
        parts = digits.split(sep)
        # 150.000 or 1,000,000: thousands separators; 2.5 or 2,5: a decimal point
        thousands = len(parts) > 2 or len(parts[-1]) == 3
        digits = "".join(parts) if thousands else ".".join(parts)
    try:
        return float(digits)
    except ValueError:
        return None


def parse_amount(
    value: str | float | int | None, default_currency: str | None = None
) -> tuple[float, str | None] | None:
    """(amount, ISO currency or None) from `EUR 50 000`, `€2.7 million`, `150.000 EUR`, 5e4."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return (float(value), default_currency) if value > 0 else None
    text = clean_text(value)
    best: tuple[float, str | None] | None = None
    for pattern, cur_group, num_group, mult_group in (
        (_AMOUNT_BEFORE, 1, 2, 3),
        (_AMOUNT_AFTER, 3, 1, 2),
    ):
        for match in pattern.finditer(text):
            number = _number(match.group(num_group))
            if number is None:
                continue
            multiplier = _MULTIPLIERS.get((match.group(mult_group) or "").lower(), 1.0)
            currency = _CURRENCIES.get(match.group(cur_group).lower())
            amount = number * multiplier
            if best is None or amount > best[0]:
                best = (amount, currency)
    if best is None:
        bare = _BARE.match(text)
        if bare:
            number = _number(bare.group(1))
            multiplier = _MULTIPLIERS.get((bare.group(2) or "").lower(), 1.0)
            if number:
                best = (number * multiplier, default_currency)
    return best


# -- statuses -----------------------------------------------------------------------------------

_STATUS_WORDS = {
    "forthcoming": "forthcoming", "upcoming": "forthcoming", "coming soon": "forthcoming",
    "planned": "forthcoming", "à venir": "forthcoming", "31094501": "forthcoming",
    "open": "open", "opened": "open", "ongoing": "open", "ouvert": "open", "active": "open",
    "31094502": "open", "closed": "closed", "clos": "closed", "fermé": "closed",
    "expired": "closed", "31094503": "closed",
}  # fmt: skip


def call_status(value: str | None) -> str | None:
    """forthcoming / open / closed from a source's wording or the EU portal's status code."""
    if not value:
        return None
    text = clean_text(value).lower()
    if text in _STATUS_WORDS:
        return _STATUS_WORDS[text]
    for word, status in _STATUS_WORDS.items():
        if re.search(rf"\b{re.escape(word)}\b", text):
            return status
    return None
