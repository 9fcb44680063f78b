"""Matching thousands of profiles against thousands of calls in seconds.

`match_call()` (matcher/matching.py) states the rules for one pair; running it on every pair
of 5,000 profiles and 20,000 calls would take minutes. `CallIndex` keeps, for the live calls,
one boolean array per country, applicant type and theme, and an inverted index of words for
keywords; each profile's candidates are found with a few array operations, and
`match_call()` then gives the verdict, score and reasons for each candidate only, so the
rules are never restated here. The arrays are necessary conditions of the rules: a test
checks the index finds exactly what `match_call()` finds on every pair.

Similarity is the cosine of TF-IDF vectors (`TextModel`, fitted on the texts of every live
call) of the call and the profile text, computed for each profile against its candidates
only, in chunks of profiles so memory stays flat whatever the number of contacts.

One contact (the preview of its next digest) needs neither every call's facts nor a fresh
fit: `CallIndex` is built over the calls that can match it only (its hard filters run in
SQL, notifier/queries.py) and given the text model of all live calls, which `CallWords`
makes from the terms of each live call kept between previews (only changed calls are read
again). Both models have the same terms, columns and weights, so the matches, similarities
and scores are the build's to the bit: a test compares them.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from matcher.matching import CallFacts, Match, Profile, match_call, normalise_words
from matcher.taxonomy import load_taxonomy

PROFILE_CHUNK = 500
# Words of two characters or more (the texts are already lower-cased and accent-free:
# normalise_words).
TOKENS = r"(?u)\b\w\w+\b"


def _counter(vocabulary: dict[str, int] | None = None) -> Any:
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        lowercase=False, dtype=np.float32, token_pattern=TOKENS, vocabulary=vocabulary
    )


def _weights() -> Any:
    from sklearn.feature_extraction.text import TfidfTransformer

    return TfidfTransformer(sublinear_tf=True)


class TextModel:
    """TF-IDF of call and profile texts (normalise_words form): sublinear term frequency,
    smoothed inverse document frequency over the live calls, rows of unit length.

    `fit()` learns it from the live calls' texts (the build); `from_documents()` from the
    terms of each live call (`CallWords`, a preview). Both have the same sorted terms as
    columns and the same weights, and every row keeps its terms in column order, so the
    sums behind a vector's length and a cosine run in the same order: the same floats to
    the bit either way (a float32 sum depends on its order).
    """

    def __init__(self, counter: Any, weights: Any) -> None:
        self._counter = counter
        self._weights = weights

    @classmethod
    def fit(cls, texts: Sequence[str]) -> tuple[TextModel, Any]:
        """The model of `texts` and their vectors."""
        counter = _counter()
        counts = counter.fit_transform(texts)
        # The fit leaves each row's terms in first-seen order: put them in column order,
        # the order `vectors()` gives (and so the order their squares are summed in).
        counts.has_sorted_indices = False
        counts.sort_indices()
        weights = _weights().fit(counts)
        return cls(counter, weights), weights.transform(counts, copy=False).tocsr()

    @classmethod
    def from_documents(cls, terms: Sequence[str], documents: Any) -> TextModel:
        """The model of texts whose terms (sorted) and binary document-term matrix are given
        (the same document frequencies as their counts)."""
        counter = _counter({term: column for column, term in enumerate(terms)})
        return cls(counter, _weights().fit(documents))

    def vectors(self, texts: Sequence[str]) -> Any:
        return self._weights.transform(self._counter.transform(texts), copy=False).tocsr()


class CallIndex:
    """The live calls of one day, arranged for fast candidate search.

    `text` is the text model of every live call of the day when `facts` are only some of
    them (one contact's candidates); without it the model is fitted on `facts`.
    """

    def __init__(
        self, facts: Sequence[CallFacts], *, today: date, text: TextModel | None = None
    ) -> None:
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
        self._matrix: Any = None
        if n and text is None:
            text, self._matrix = TextModel.fit([f.words for f in self.facts])
        elif n and text is not None:
            self._matrix = text.vectors([f.words for f in self.facts])
        self._text = text

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

    def profile_vectors(self, profiles: Sequence[Profile]) -> Any:
        assert self._text is not None
        return self._text.vectors([normalise_words(p.text) for p in profiles])

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


class CallWords:
    """The terms of each live call's text, kept between previews, and the `TextModel` of a
    day's live calls made from them, so a preview reads and splits only the texts that
    changed since the last one.

    `model()` is given each live call's stamp (anything that changes when its title or
    description changes) and a loader of texts by call key. Thread-safe; one per database.
    """

    MODELS = 3  # the live calls of a few days (daily, weekly and monthly contacts' builds)

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._numbers: dict[str, int] = {}  # term -> its number in _terms
        self._terms: list[str] = []
        self._calls: dict[Any, tuple[Hashable, np.ndarray]] = {}  # key -> stamp, term numbers
        self._models: list[tuple[dict[Any, Hashable], TextModel]] = []  # latest last
        self._in_use = 0  # terms used by the last model made
        self._split: Callable[[str], list[str]] | None = None

    def __len__(self) -> int:
        return len(self._calls)

    def model(
        self,
        stamps: Mapping[Any, Hashable],
        load: Callable[[list[Any]], Iterable[tuple[Any, str]]],
    ) -> TextModel:
        """The text model of the calls `stamps` names (the live calls of a day); `load(keys)`
        gives (key, words) of the calls not known yet or changed since (their words as
        `matcher.matching.call_words` gives them)."""
        with self._lock:
            for position, (known, model) in enumerate(self._models):
                if known == stamps:
                    self._models.append(self._models.pop(position))
                    return model
            if len(self._terms) > 2 * self._in_use + 10_000:
                self._reset()  # terms of calls long gone: number them afresh
            stale = [key for key, stamp in stamps.items() if self._stamp(key) != stamp]
            if stale:
                for key, words in load(stale):
                    self._calls[key] = (stamps[key], self._terms_of(words))
            if len(self._calls) > len(stamps) + max(1_000, len(stamps) // 4):
                self._calls = {key: self._calls[key] for key in stamps if key in self._calls}
            model = self._fit(stamps)
            if all(key in self._calls for key in stamps):  # else a call went meanwhile
                self._models = [*self._models[-(self.MODELS - 1) :], (dict(stamps), model)]
            return model

    def _stamp(self, key: Any) -> Hashable:
        entry = self._calls.get(key)
        return _UNKNOWN if entry is None else entry[0]

    def _reset(self) -> None:
        self._numbers, self._terms, self._calls, self._models = {}, [], {}, []

    def _terms_of(self, words: str) -> np.ndarray:
        if self._split is None:
            self._split = _counter().build_analyzer()
        numbers = []
        for term in set(self._split(words)):
            number = self._numbers.get(term)
            if number is None:
                number = self._numbers[term] = len(self._terms)
                self._terms.append(term)
            numbers.append(number)
        return np.array(numbers, dtype=np.int32)

    def _fit(self, stamps: Mapping[Any, Hashable]) -> TextModel:
        import scipy.sparse as sp

        rows = [self._calls[key][1] for key in stamps if key in self._calls]
        flat = np.concatenate(rows) if rows else _EMPTY.astype(np.int32)
        used = np.flatnonzero(np.bincount(flat, minlength=len(self._terms)))
        self._in_use = len(used)
        # Columns in term order, as a fit on the texts numbers them.
        order = sorted(used.tolist(), key=self._terms.__getitem__)
        column = np.zeros(len(self._terms), dtype=np.int32)
        column[order] = np.arange(len(order))
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(row) for row in rows], out=indptr[1:])
        documents = sp.csr_array(
            (np.ones(len(flat), dtype=np.float32), column[flat], indptr),
            shape=(len(rows), len(order)),
        )
        return TextModel.from_documents([self._terms[number] for number in order], documents)


_UNKNOWN = object()
