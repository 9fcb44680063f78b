"""Matching thousands of profiles against thousands of calls in seconds.

`match_call()` (matcher/matching.py) states the rules for one pair; running it on every pair
of 5,000 profiles and 20,000 calls would take minutes. `CallIndex` keeps, for the live calls,
one boolean array per country, applicant type and theme, and an inverted index of words for
keywords; each profile's candidates are found with a few array operations, and
`match_call()` then gives the verdict, score and reasons for each candidate only, so the
rules are never restated here. The arrays are necessary conditions of the rules: a test
checks the index finds exactly what `match_call()` finds on every pair.

Similarity is the cosine of TF-IDF vectors (fitted on the calls' texts) of the call and the
profile text, computed for each profile against its candidates only, in chunks of profiles
so memory stays flat whatever the number of contacts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import numpy as np

from matcher.matching import CallFacts, Match, Profile, match_call, normalise_words
from matcher.taxonomy import load_taxonomy

PROFILE_CHUNK = 500


class CallIndex:
    """The live calls of one day, arranged for fast candidate search."""

    def __init__(self, facts: Sequence[CallFacts], *, today: date) -> None:
        self.today = today
        self.facts = [f for f in facts if f.is_live(today)]
        n = len(self.facts)
        self._countries = _masks((f.countries for f in self.facts), n)
        self._types = _masks((f.applicant_types for f in self.facts), n)
        self._no_countries = np.array([not f.countries for f in self.facts], dtype=bool)
        self._no_types = np.array([not f.applicant_types for f in self.facts], dtype=bool)
        self._tender = np.array([f.funding_type == "tender" for f in self.facts], dtype=bool)
        theme_ids = load_taxonomy().theme_ids
        self._theme_column = {theme: i for i, theme in enumerate(theme_ids)}
        self._themes = np.zeros((n, len(theme_ids)), dtype=bool)
        for row, fact in enumerate(self.facts):
            for theme in fact.themes:
                if theme in self._theme_column:
                    self._themes[row, self._theme_column[theme]] = True
        self._postings = _postings(f.words for f in self.facts)
        self._keyword_cache: dict[str, np.ndarray] = {}
        self._vectorizer: Any = None
        self._matrix: Any = None
        if n:
            self._fit_text([f.words for f in self.facts])

    def __len__(self) -> int:
        return len(self.facts)

    # -- candidates ---------------------------------------------------------------------------

    def keyword_mask(self, keyword: str) -> np.ndarray:
        """Calls whose words hold `keyword` whole (cached: profiles share keywords)."""
        phrase = normalise_words(keyword)
        cached = self._keyword_cache.get(phrase)
        if cached is not None:
            return cached
        mask = np.zeros(len(self.facts), dtype=bool)
        words = phrase.split()
        if words:
            rows = self._postings.get(words[0], _EMPTY)
            for word in words[1:]:
                rows = np.intersect1d(rows, self._postings.get(word, _EMPTY), assume_unique=True)
            if len(words) > 1:  # the words are all there; are they together, in order?
                rows = np.array([r for r in rows if phrase in self.facts[r].words], dtype=np.int64)
            mask[rows] = True
        self._keyword_cache[phrase] = mask
        return mask

    def candidates(self, profile: Profile) -> np.ndarray:
        """Rows of calls that may match `profile` (a superset of the matches; usually equal)."""
        n = len(self.facts)
        if not n:
            return _EMPTY
        country = self._countries.get(profile.country)
        ok = self._no_countries if country is None else country | self._no_countries
        kind = self._types.get(profile.applicant_type)
        ok = ok & (self._no_types if kind is None else kind | self._no_types)
        if not profile.wants_tenders:
            ok = ok & ~self._tender
        columns = [self._theme_column[t] for t in profile.themes if t in self._theme_column]
        fit = self._themes[:, columns].any(axis=1) if columns else np.zeros(n, dtype=bool)
        for keyword in profile.keywords:
            fit = fit | self.keyword_mask(keyword)
        return np.flatnonzero(ok & fit)

    # -- similarity -----------------------------------------------------------------------------

    def _fit_text(self, texts: list[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        # The texts are already lower-cased and accent-free (normalise_words).
        self._vectorizer = TfidfVectorizer(
            lowercase=False, sublinear_tf=True, dtype=np.float32, token_pattern=r"(?u)\b\w\w+\b"
        )
        self._matrix = self._vectorizer.fit_transform(texts).tocsr()

    def profile_vectors(self, profiles: Sequence[Profile]) -> Any:
        return self._vectorizer.transform([normalise_words(p.text) for p in profiles]).tocsr()

    # -- matching -------------------------------------------------------------------------------

    def match(self, profiles: Sequence[Profile]) -> Iterator[tuple[Profile, list[Match]]]:
        """Each profile with its matches (unranked), chunk by chunk."""
        for start in range(0, len(profiles), PROFILE_CHUNK):
            chunk = profiles[start : start + PROFILE_CHUNK]
            vectors = self.profile_vectors(chunk) if len(self.facts) else None
            for position, profile in enumerate(chunk):
                yield profile, self._match_one(profile, vectors, position)

    def _match_one(self, profile: Profile, vectors: Any, position: int) -> list[Match]:
        rows = self.candidates(profile)
        if not len(rows):
            return []
        similarity = np.zeros(len(rows), dtype=np.float32)
        vector = vectors[position]
        if vector.nnz:
            similarity = np.asarray((self._matrix[rows] @ vector.T).todense()).ravel()
        found = []
        for row, sim in zip(rows.tolist(), similarity.tolist(), strict=True):
            result = match_call(profile, self.facts[row], today=self.today, similarity=sim)
            if result is not None:
                found.append(result)
        return found


_EMPTY = np.zeros(0, dtype=np.int64)


def _masks(values: Any, n: int) -> dict[str, np.ndarray]:
    rows: dict[str, list[int]] = defaultdict(list)
    for row, codes in enumerate(values):
        for code in codes:
            rows[code].append(row)
    masks = {}
    for code, found in rows.items():
        mask = np.zeros(n, dtype=bool)
        mask[found] = True
        masks[code] = mask
    return masks


def _postings(texts: Any) -> dict[str, np.ndarray]:
    rows: dict[str, list[int]] = defaultdict(list)
    for row, words in enumerate(texts):
        for word in set(words.split()):
            rows[word].append(row)
    return {word: np.array(found, dtype=np.int64) for word, found in rows.items()}
