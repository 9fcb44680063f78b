import json

import numpy as np
import pytest
import sklearn

from matcher.classifier import (
    ModelVersionError,
    _best_threshold,
    build_pipeline,
    fit,
    load,
    model_inputs,
    save,
)

CORPUS = [
    (
        "Housing for Roma families",
        "Social housing and renovation of dwellings in settlements.",
        "housing",
    ),
    (
        "Evictions and settlements",
        "Legalisation of informal settlements and housing support.",
        "housing",
    ),
    ("Decent homes", "Housing renovation, water and sanitation for families.", "housing"),
    ("Logement des familles", "Logement social et résorption des bidonvilles.", "housing"),
    ("School mediators", "School mediators help pupils and teachers in schools.", "education"),
    ("Early childhood", "Kindergarten places and pre-school education for children.", "education"),
    (
        "Scholarships for pupils",
        "Scholarships keep pupils in school and reduce drop-out.",
        "education",
    ),
    (
        "Scolarisation",
        "Scolarisation des élèves et soutien aux enseignants à l'école.",
        "education",
    ),
]


def corpus():
    rows = [model_inputs(title, body) for title, body, _ in CORPUS]
    labels = ["theme:housing", "theme:education"]
    y = np.array([[label == "housing", label == "education"] for *_, label in CORPUS], dtype=int)
    groups = [f"g{i % 4}" for i in range(len(CORPUS))]
    return rows, y, labels, groups


def test_build_pipeline_is_word_char_and_concept_tfidf_with_one_model_per_label():
    pipeline = build_pipeline(random_state=0)
    names = [name for name, *_ in pipeline.named_steps["features"].transformers]
    assert names == ["words", "chars", "concepts"]
    assert pipeline.named_steps["model"].estimator.random_state == 0


def test_fit_learns_a_tiny_corpus_and_predicts_unseen_text():
    rows, y, labels, groups = corpus()
    model = fit(rows, y, labels, groups, random_state=0, folds=2)
    predicted = model.predict(
        [model_inputs("Housing", "Renovation of dwellings and social housing.")]
    )
    assert predicted.tolist() == [[True, False]]


def test_thresholds_maximise_f1_on_scores():
    scores = np.array([2.0, 1.0, -1.0, -2.0])
    truth = np.array([1, 1, 0, 0])
    assert -1.0 < _best_threshold(scores, truth) < 1.0


def test_save_and_load_round_trip_with_the_sklearn_version(tmp_path):
    rows, y, labels, groups = corpus()
    model = fit(rows, y, labels, groups, random_state=0, folds=2)
    save(model, tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text())
    assert meta["sklearn_version"] == sklearn.__version__
    loaded = load(tmp_path)
    assert loaded.labels == labels
    assert (loaded.predict(rows) == model.predict(rows)).all()


def test_a_model_from_another_sklearn_version_is_refused(tmp_path):
    rows, y, labels, groups = corpus()
    save(fit(rows, y, labels, groups, folds=2), tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text())
    meta["sklearn_version"] = "0.1.0"
    (tmp_path / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelVersionError, match="fundwatch train"):
        load(tmp_path)


def test_a_missing_model_says_to_train(tmp_path):
    with pytest.raises(ModelVersionError, match="fundwatch train"):
        load(tmp_path)
