"""Language of a call (ISO 639-1), offline, with py3langid.

py3langid knows ~100 languages; calls for us come in the EU's and the region's languages, so
the model is restricted to those (fewer confusions, e.g. Romanian with Latin). Serbian in
Latin script is, for langid, nearly always Bosnian or Croatian: the three share most words,
so a call that names Serbia or uses Serbian-only spellings is read as Serbian.
"""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# The EU's official languages plus the candidate and neighbour countries' languages.
LANGUAGES = [
    "bg",
    "cs",
    "da",
    "de",
    "el",
    "en",
    "es",
    "et",
    "fi",
    "fr",
    "ga",
    "hr",
    "hu",
    "it",
    "lt",
    "lv",
    "mt",
    "nl",
    "pl",
    "pt",
    "ro",
    "sk",
    "sl",
    "sv",
    "sq",
    "sr",
    "bs",
    "mk",
    "tr",
    "uk",
    "no",
    "is",
]
_SERBO_CROATIAN = {"sr", "hr", "bs"}
# Spellings and names that only Serbian uses among the three (ekavian forms, "opština").
_SERBIAN_MARKERS = re.compile(
    r"\b(?:srbij\w*|beograd\w*|novi sad|niš\w*|opštin\w*|opstin\w*|dinar\w*|rsd|"
    r"predlog\w*|rešenj\w*|dece|deca|vreme\w*|uslov\w*|obaveštenj\w*|saradnj\w*)\b",
    re.I,
)
_CROATIAN_MARKERS = re.compile(
    r"\b(?:hrvatsk\w*|zagreb\w*|kuna|prijedlog\w*|rješenj\w*|djeca|djece|vrijeme|"
    r"općin\w*|suradnj\w*|bosn\w*|sarajev\w*)\b",
    re.I,
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MACEDONIAN_LETTERS = re.compile(r"[ѓќѕ]", re.I)
_SERBIAN_CYRILLIC_LETTERS = re.compile(r"[ђћ]", re.I)


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(LANGUAGES)
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text` (title and description); "en" when there is no text."""
    sample = text[:250]  # ~40 words decide as well as 2,000 characters did, 5x cheaper
    if not sample.strip():
        return "en"
    language, _ = _identifier().classify(sample)
    if language in _SERBO_CROATIAN or (language in ("bg", "ru", "uk") and _is_south_slavic(sample)):
        return _serbo_croatian(text[:2000], language)
    return str(language)


def _is_south_slavic(text: str) -> bool:
    return bool(_MACEDONIAN_LETTERS.search(text) or _SERBIAN_CYRILLIC_LETTERS.search(text))


def _serbo_croatian(text: str, guess: str) -> str:
    if _CYRILLIC.search(text):
        if _MACEDONIAN_LETTERS.search(text):
            return "mk"
        return "sr"
    serbian = len(_SERBIAN_MARKERS.findall(text))
    croatian = len(_CROATIAN_MARKERS.findall(text))
    if serbian > croatian:
        return "sr"
    if croatian > serbian:
        return "bs" if guess == "bs" and re.search(r"\bbosn|\bsarajev", text, re.I) else "hr"
    return guess
