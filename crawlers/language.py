"""Offline language detection (py3langid), limited to the languages calls come in."""

from __future__ import annotations

import threading
from typing import Any

# The Alliance's countries, the EU's languages and their neighbours'.
LANGUAGES = (
    "en", "fr", "de", "es", "it", "pt", "nl", "hu", "ro", "bg", "cs", "sk", "pl", "sl", "hr",
    "sr", "mk", "el", "sq", "lt", "lv", "et", "fi", "sv", "da", "tr", "uk", "bs", "ru",
)  # fmt: skip
MIN_CHARACTERS = 40  # below this, the page's declared language is a better guess
# Enough text to tell languages apart reliably; more only costs time (~1 ms per 1,000).
SAMPLE_CHARACTERS = 1200
MIN_PROBABILITY = 0.8


_LOCK = threading.Lock()
_LOADED: list[Any] = []


def _identifier() -> Any:
    if _LOADED:
        return _LOADED[0]
    with _LOCK:
        if not _LOADED:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages([c for c in LANGUAGES if c in identifier.nb_classes])
            _LOADED.append(identifier)
        return _LOADED[0]


def preload() -> None:
    """Load the model in the background (it takes about a second to decompress), so that
    it is ready by the time the first page has been fetched."""
    threading.Thread(target=_identifier, name="langid-preload", daemon=True).start()


def detect_language(text: str, *, declared: str | None = None) -> str | None:
    """The language of `text`; the declared one when the text is short or the guess unsure."""
    sample = " ".join(text[: SAMPLE_CHARACTERS * 2].split())[:SAMPLE_CHARACTERS]
    if len(sample) < MIN_CHARACTERS:
        return declared
    code, probability = _identifier().classify(sample)
    if probability < MIN_PROBABILITY:
        return declared or code
    return str(code)
