"""Evidence for a model decision: the sentence holding the label's strongest features.

A linear model's decision is a sum over features of weight x TF-IDF value; the features
with the largest positive products are why the label was given. The sentence of the call
(or the title) containing the most of that weight is cited, verbatim (conventions
section 3: "a model-decided theme cites the sentence(s) holding its strongest features").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matcher.classifier import TrainedModel
from matcher.text import MAX_SPAN, Sentence, clip, fold, sentences

TOP_FEATURES = 8
_WORDS = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


@dataclass(frozen=True)
class Passage:
    """A sentence of the title or description, with its folded form for feature lookup."""

    source: str  # the text the sentence is from (title or plain description)
    sentence: Sentence
    folded: str  # for character n-grams: " text, as written " folded
    words: str  # for word n-grams: " its words joined by single spaces "


def passages(title: str, body: str) -> list[Passage]:
    out = []
    for source in (title, body):
        for sentence in sentences(source):
            folded = fold(sentence.text)
            words = " ".join(_WORDS.findall(folded))
            out.append(Passage(source, sentence, f" {folded} ", f" {words} "))
    return out


class Explainer:
    """Caches each label's weights and the feature strings of one trained model."""

    def __init__(self, model: TrainedModel) -> None:
        self.model = model
        self._names = [name.split("__", 1)[-1] for name in model.feature_names]
        self._is_word = [name.startswith("words__") for name in model.feature_names]
        self._weights: dict[int, np.ndarray] = {}

    def weights(self, label_index: int) -> np.ndarray:
        if label_index not in self._weights:
            self._weights[label_index] = self.model.coefficients(label_index)
        return self._weights[label_index]

    def evidence(
        self, row: sparse.csr_matrix, label_index: int, spans: list[Passage], limit: int = 1
    ) -> list[str]:
        """Up to `limit` verbatim sentences carrying the label's strongest features."""
        if not spans:
            return []
        weights = self.weights(label_index)
        contributions = row.data * weights[row.indices]
        order = np.argsort(-contributions)[:TOP_FEATURES]
        features = [
            (self._feature_text(row.indices[k]), float(contributions[k]))
            for k in order
            if contributions[k] > 0
        ]
        scored = []
        for position, passage in enumerate(spans):
            score = sum(
                weight
                for (text, is_word), weight in features
                if text in (passage.words if is_word else passage.folded)
            )
            if score > 0:
                scored.append((score, -position, passage))
        scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
        chosen = [item[2] for item in scored[:limit]] or [spans[0]]
        return [_cite(passage) for passage in chosen]

    def _feature_text(self, index: int) -> tuple[str, bool]:
        name = self._names[index]
        # Word n-grams must match whole words; char_wb n-grams carry their own spaces.
        if self._is_word[index]:
            return f" {name} ", True
        return name, False


def _cite(passage: Passage) -> str:
    sentence = passage.sentence
    if len(sentence.text) <= MAX_SPAN:
        return sentence.text
    return clip(passage.source, sentence.start, sentence.start + 1, MAX_SPAN)
