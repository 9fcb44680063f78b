"""The scikit-learn model behind themes (and applicant types, partnership, cross-border).

- `build_pipeline()` is the one place the pipeline is defined: word 1-2-gram TF-IDF on the
  whole text, character 2-5-gram TF-IDF on the title only (on full texts char n-grams cost
  ~5 ms a call, conventions section 7, and measured no better than the title's), TF-IDF of
  concept tokens from a multilingual lexicon (so ~18 calls a language are enough), and one
  logistic regression per label.
- Per-label thresholds are tuned on out-of-fold scores of a group split of the training
  data (a programme's calls never score their own fold), then the model is refit on all.
- Persistence: skops (no pickle code execution), with the scikit-learn version beside it in
  `meta.json`; a model saved by another version is refused with a message to retrain.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from scipy import sparse
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline

from matcher.concepts import concept_text

MODEL_FILE = "model.skops"
META_FILE = "meta.json"


class ModelVersionError(RuntimeError):
    """The saved model was made by another scikit-learn version (or is missing/corrupt)."""


def model_inputs(title: str, body: str) -> list[str]:
    """The pipeline's text columns: the whole text (word n-grams), the title (character
    n-grams), and the language-independent concept tokens of the whole text and, marked
    with a "t", of the title (matcher/concepts.py)."""
    whole = f"{title}\n{body}"
    title_concepts = " ".join("t" + token for token in concept_text(title).split())
    return [whole, title, f"{concept_text(whole)} {title_concepts}"]


def build_pipeline(random_state: int = 0, c: float = 8.0) -> Pipeline:
    """Word + char TF-IDF and one logistic regression per label (rows are model_inputs)."""
    features = ColumnTransformer(
        [
            (
                "words",
                TfidfVectorizer(
                    ngram_range=(1, 2),
                    min_df=2,
                    max_df=0.9,
                    max_features=40000,
                    sublinear_tf=True,
                    strip_accents="unicode",
                    dtype=np.float32,
                ),
                0,
            ),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=2,
                    max_features=40000,
                    sublinear_tf=True,
                    strip_accents="unicode",
                    dtype=np.float32,
                ),
                1,
            ),
            (
                "concepts",
                TfidfVectorizer(
                    token_pattern=r"\S+", lowercase=False, sublinear_tf=True, dtype=np.float32
                ),
                2,
            ),
        ]
    )
    model = OneVsRestClassifier(
        LogisticRegression(
            C=c, class_weight="balanced", solver="liblinear", random_state=random_state
        )
    )
    return Pipeline([("features", features), ("model", model)])


@dataclass
class TrainedModel:
    """A fitted pipeline with its label names and per-label decision thresholds."""

    pipeline: Pipeline
    labels: list[str]
    thresholds: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)
    _feature_names: list[str] | None = None

    def scores(self, rows: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Feature matrix and decision scores (one column per label) for a batch."""
        features = self.pipeline.named_steps["features"].transform(_as_array(rows))
        return features, self.pipeline.named_steps["model"].decision_function(features)

    def predict(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        _, scores = self.scores(rows)
        return scores >= self.thresholds

    @property
    def feature_names(self) -> list[str]:
        """Feature strings without the transformer prefix ("words__roma" -> "roma")."""
        if self._feature_names is None:
            names = self.pipeline.named_steps["features"].get_feature_names_out()
            self._feature_names = [str(name) for name in names]
        return self._feature_names

    def coefficients(self, label_index: int) -> np.ndarray:
        estimator = self.pipeline.named_steps["model"].estimators_[label_index]
        coef = getattr(estimator, "coef_", None)
        if coef is None:  # a label constant in training: no features decide it
            return np.zeros(len(self.feature_names), dtype=np.float32)
        return np.asarray(coef[0])


def _as_array(rows: Sequence[Sequence[str]]) -> np.ndarray:
    array = np.empty((len(rows), 3), dtype=object)
    for i, row in enumerate(rows):
        array[i, 0], array[i, 1], array[i, 2] = row[0], row[1], row[2]
    return array


def fit(
    rows: Sequence[Sequence[str]],
    targets: np.ndarray,
    labels: list[str],
    groups: Sequence[str],
    random_state: int = 0,
    folds: int = 5,
) -> TrainedModel:
    """Fit on all rows, with thresholds tuned on group-k-fold out-of-fold scores."""
    x = _as_array(rows)
    out_of_fold = np.zeros(targets.shape, dtype=np.float64)
    splitter = GroupKFold(n_splits=min(folds, len(set(groups))))
    for train_idx, test_idx in splitter.split(x, targets, groups):
        pipeline = build_pipeline(random_state)
        _fit_quietly(pipeline, x[train_idx], _safe_targets(targets[train_idx]))
        out_of_fold[test_idx] = pipeline.decision_function(x[test_idx])
    thresholds = np.array(
        [_best_threshold(out_of_fold[:, j], targets[:, j]) for j in range(targets.shape[1])]
    )
    pipeline = build_pipeline(random_state)
    _fit_quietly(pipeline, x, _safe_targets(targets))
    _slim(pipeline)
    return TrainedModel(pipeline=pipeline, labels=list(labels), thresholds=thresholds)


def _safe_targets(targets: np.ndarray) -> np.ndarray:
    return targets.astype(int)


def _fit_quietly(pipeline: Pipeline, x: np.ndarray, y: np.ndarray) -> None:
    # A label absent from a fold (a rare funding type) gets a constant predictor; that is
    # expected with group folds, so scikit-learn's warning about it is noise here.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Label not .* is present", category=UserWarning)
        pipeline.fit(x, y)


def _best_threshold(scores: np.ndarray, truth: np.ndarray) -> float:
    """The decision threshold maximising F1 on out-of-fold scores (0.0 if undecidable)."""
    positives = truth.sum()
    if positives == 0 or positives == len(truth):
        return 0.0
    order = np.argsort(-scores)
    sorted_scores, sorted_truth = scores[order], truth[order]
    true_pos = np.cumsum(sorted_truth)
    predicted = np.arange(1, len(scores) + 1)
    f1 = 2 * true_pos / (predicted + positives)
    # Only cut between distinct scores; take the middle of the gap for robustness.
    distinct = np.r_[sorted_scores[:-1] > sorted_scores[1:], True]
    best = int(np.argmax(np.where(distinct, f1, -1)))
    if best + 1 < len(sorted_scores):
        return float((sorted_scores[best] + sorted_scores[best + 1]) / 2)
    return float(sorted_scores[best] - 1e-6)


def _slim(pipeline: Pipeline) -> None:
    """Drop what prediction never uses, so the shipped model stays small."""
    for _, vectorizer, _ in pipeline.named_steps["features"].transformers_:
        if hasattr(vectorizer, "stop_words_"):
            vectorizer.stop_words_ = set()
        # numpy ints would each become a file in the skops archive (MBs); Python ints do not.
        vectorizer.vocabulary_ = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
    for estimator in pipeline.named_steps["model"].estimators_:
        if hasattr(estimator, "coef_"):
            estimator.coef_ = estimator.coef_.astype(np.float32)


def save(model: TrainedModel, directory: Path) -> None:
    import skops.io as sio

    directory.mkdir(parents=True, exist_ok=True)
    bundle = {"pipeline": model.pipeline, "thresholds": model.thresholds}
    sio.dump(bundle, directory / MODEL_FILE, compression=8, compresslevel=9)
    meta = {
        **model.meta,
        "labels": model.labels,
        "sklearn_version": sklearn.__version__,
    }
    (directory / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")


def load(directory: Path) -> TrainedModel:
    """Load a saved model, refusing one saved by another scikit-learn version."""
    import skops.io as sio

    meta_path, model_path = directory / META_FILE, directory / MODEL_FILE
    if not meta_path.exists() or not model_path.exists():
        raise ModelVersionError(f"no classifier model in {directory}: run `fundwatch train`")
    meta = json.loads(meta_path.read_text())
    saved = meta.get("sklearn_version")
    if saved != sklearn.__version__:
        raise ModelVersionError(
            f"the classifier model in {directory} was saved with scikit-learn {saved}, "
            f"this is {sklearn.__version__}: run `fundwatch train` to rebuild it"
        )
    untrusted = sio.get_untrusted_types(file=model_path)
    unexpected = [name for name in untrusted if not name.startswith(_TRUSTED_PREFIXES)]
    if unexpected:
        raise ModelVersionError(f"unexpected types in {model_path}: {unexpected}")
    bundle = sio.load(model_path, trusted=untrusted)
    return TrainedModel(
        pipeline=bundle["pipeline"],
        labels=list(meta["labels"]),
        thresholds=np.asarray(bundle["thresholds"], dtype=np.float64),
        meta=meta,
    )


# Types skops asks about in our bundle: scikit-learn's own and numpy/scipy containers.
_TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.", "collections.")
