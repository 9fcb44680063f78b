"""The classifier's public API: `get_classifier().classify(call, as_of=...)`.

For each field, in order of precedence:
- a structured field present in the call (taken as given, normalised; evidence
  `field:<name>`);
- for themes, the model (thresholds per label);
- for applicant types, the rules' types when the sentences about applicants name any,
  else the model's;
- for funding type and partnership, the rules (grant / no partnership unless a phrase says
  otherwise); for cross-border, a phrase that decides it, else the model;
- for language, dates, amounts and countries, the rules (matcher/dates.py, amounts.py,
  countries.py, language.py).
The output is the conventions' section 3 object: lists sorted and unique, every tag with
evidence.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import sklearn

from matcher import classifier as clf
from matcher.amounts import extract_max_amount
from matcher.applicants import extract_applicants
from matcher.classifier import TrainedModel, model_inputs
from matcher.countries import extract_countries, group_members
from matcher.dates import choose_deadline, extract_deadline, rolling_evidence
from matcher.explain import Explainer, passages
from matcher.funding import extract_cross_border, extract_funding_type, extract_partnership
from matcher.language import detect_language
from matcher.taxonomy import load_taxonomy, normalise_country
from matcher.text import html_to_text
from matcher.trainer import RELEVANT

SHIPPED_MODEL_DIR = Path(__file__).parent / "model"
BATCH = 512
PARALLEL_FROM = 4000  # calls; below this a pool's start-up costs more than it saves
OUTPUT_FIELDS = (
    "id",
    "language",
    "themes",
    "applicant_types",
    "countries",
    "deadline",
    "max_amount_eur",
    "funding_type",
    "partnership_required",
    "cross_border",
    "evidence",
)


class Classifier:
    """Tags calls with the taxonomy's ids; one instance per process (see get_classifier)."""

    def __init__(self, model: TrainedModel) -> None:
        self.model = model
        self.explainer = Explainer(model)
        trained = str(model.meta.get("trained_on", "unknown")).replace("-", ".")
        self.version = f"themes-{trained}+sklearn{sklearn.__version__}"
        self._index = {label: i for i, label in enumerate(model.labels)}

    def classify(self, call: Mapping[str, Any], *, as_of: date) -> dict[str, Any]:
        return self.classify_many([call], as_of=as_of)[0]

    def classify_many(
        self, calls: Iterable[Mapping[str, Any]], *, as_of: date
    ) -> list[dict[str, Any]]:
        """Tag calls in batches (one vectorisation per batch); big jobs use every core."""
        calls = list(calls)
        batches = [calls[i : i + BATCH] for i in range(0, len(calls), BATCH)]
        workers = min(os.cpu_count() or 1, len(batches))
        if len(calls) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
            return [row for batch in batches for row in self._classify_batch(batch, as_of)]
        # Rules cost ~3/4 of a call's time and are pure Python: a forked worker per core
        # shares the loaded model copy-on-write (conventions section 7: "two processes").
        global _WORKER
        _WORKER = self
        with mp.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_classify_in_worker, [(batch, as_of) for batch in batches])
        return [row for part in parts for row in part]

    def _classify_batch(
        self, calls: Sequence[Mapping[str, Any]], as_of: date
    ) -> list[dict[str, Any]]:
        texts = [(_text(c.get("title")), html_to_text(_text(c.get("description")))) for c in calls]
        features, scores = self.model.scores([model_inputs(t, b) for t, b in texts])
        decided = scores >= self.model.thresholds
        return [
            self._one(call, title, body, features[i], scores[i], decided[i], as_of)
            for i, (call, (title, body)) in enumerate(zip(calls, texts, strict=True))
        ]

    def _one(
        self,
        call: Mapping[str, Any],
        title: str,
        body: str,
        row: Any,
        scores: np.ndarray,
        decided: np.ndarray,
        as_of: date,
    ) -> dict[str, Any]:
        evidence: dict[str, Any] = {}
        spans = passages(title, body)

        def model_evidence(label: str) -> list[str]:
            return self.explainer.evidence(row, self._index[label], spans)

        language = _given_str(call, "language") or detect_language(f"{title}\n{body}")
        if call.get("language"):
            evidence["language"] = ["field:language"]

        # Themes: structured field, else the model.
        if _present_list(call, "themes"):
            themes = _sorted_ids(call["themes"])
            evidence["themes"] = {t: ["field:themes"] for t in themes}
        else:
            themes = sorted(
                t for t in load_taxonomy().theme_ids if decided[self._index[f"theme:{t}"]]
            )
            if RELEVANT in self._index and not decided[self._index[RELEVANT]]:
                themes = []  # the gate: a tender for IT services gets no theme at all
            evidence["themes"] = {t: model_evidence(f"theme:{t}") for t in themes}

        # Applicant types: structured field, else rules, else the model.
        if _present_list(call, "applicant_types"):
            applicants = _sorted_ids(call["applicant_types"])
            evidence["applicant_types"] = {t: ["field:applicant_types"] for t in applicants}
        else:
            found = extract_applicants(title, body)
            if found.types:
                applicants = sorted(found.types)
                evidence["applicant_types"] = {t: found.evidence[t] for t in applicants}
            else:
                applicants = [
                    t
                    for t in load_taxonomy().applicant_type_ids
                    if decided[self._index[f"applicant:{t}"]]
                ]
                evidence["applicant_types"] = {
                    t: model_evidence(f"applicant:{t}") for t in applicants
                }

        # Countries: structured field (groups expanded, EL read as GR), else rules.
        if _present_list(call, "countries"):
            countries = _normal_countries(call["countries"])
            evidence["countries"] = {c: ["field:countries"] for c in countries}
        else:
            found_countries = extract_countries(
                title, body, language, _text(call.get("url")), _text(call.get("programme"))
            )
            countries = sorted(found_countries.codes)
            evidence["countries"] = {c: found_countries.evidence[c] for c in countries}

        # Deadline: structured (a date or list of them; null = rolling), else rules.
        deadline: date | None
        if "deadline" in call:
            deadline = choose_deadline(_dates(call["deadline"]), as_of)
            evidence["deadline"] = ["field:deadline"]
        else:
            found_deadline = extract_deadline(title, body, language, as_of)
            deadline = found_deadline.value
            if found_deadline.evidence:
                evidence["deadline"] = found_deadline.evidence
            elif rolling := rolling_evidence(body):
                evidence["deadline"] = rolling  # why the deadline is null

        # Maximum amount: structured, else rules.
        if "max_amount_eur" in call:
            amount = _number(call["max_amount_eur"])
            evidence["max_amount_eur"] = ["field:max_amount_eur"]
        else:
            found_amount = extract_max_amount(title, body)
            amount = found_amount.value
            if found_amount.evidence:
                evidence["max_amount_eur"] = found_amount.evidence

        funding_type = self._funding_type(call, title, body, evidence)
        partnership = self._flag(
            call,
            "partnership_required",
            extract_partnership(title, body),
            decided,
            evidence,
            model_evidence,
        )
        cross_border = self._flag(
            call,
            "cross_border",
            extract_cross_border(title, body),
            decided,
            evidence,
            model_evidence,
        )
        if cross_border and not partnership and "partnership_required" not in call:
            # Partners from several countries are partners: the one implies the other.
            partnership = True
            evidence["partnership_required"] = evidence.get("cross_border", [])
        return {
            "id": call.get("id"),
            "language": language,
            "themes": themes,
            "applicant_types": applicants,
            "countries": countries,
            "deadline": deadline.isoformat() if deadline else None,
            "max_amount_eur": _json_number(amount),
            "funding_type": funding_type,
            "partnership_required": partnership,
            "cross_border": cross_border,
            "evidence": evidence,
        }

    def _funding_type(
        self, call: Mapping[str, Any], title: str, body: str, evidence: dict[str, Any]
    ) -> str:
        given = _given_str(call, "funding_type")
        if given in load_taxonomy().funding_type_ids:
            evidence["funding_type"] = ["field:funding_type"]
            return given
        rule = extract_funding_type(title, body)
        evidence["funding_type"] = rule.evidence
        return str(rule.value)

    def _flag(
        self,
        call: Mapping[str, Any],
        name: str,
        rule: Any,
        decided: np.ndarray,
        evidence: dict[str, Any],
        model_evidence: Any,
    ) -> bool:
        if name in call and call[name] is not None:
            value = bool(call[name])
            if value:
                evidence[name] = [f"field:{name}"]
            return value
        if rule.decided:
            evidence[name] = rule.evidence
            return bool(rule.value)
        if name in self._index and decided[self._index[name]]:
            evidence[name] = model_evidence(name)
            return True
        return False


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _given_str(call: Mapping[str, Any], name: str) -> str:
    value = call.get(name)
    return value.strip() if isinstance(value, str) else ""


def _present_list(call: Mapping[str, Any], name: str) -> bool:
    return isinstance(call.get(name), list | tuple)


def _sorted_ids(values: Iterable[Any]) -> list[str]:
    return sorted({str(v) for v in values if v})


def _normal_countries(values: Iterable[Any]) -> list[str]:
    taxonomy = load_taxonomy()
    out: set[str] = set()
    for value in values:
        code = str(value).strip()
        if code in taxonomy.country_groups:
            out.update(group_members(code))
        else:
            normal = normalise_country(code)
            if normal is not None:
                out.add(normal)
    return sorted(out)


def _dates(value: Any) -> list[date]:
    values = value if isinstance(value, list | tuple) else [value]
    out = []
    for item in values:
        if isinstance(item, date):
            out.append(item)
        elif isinstance(item, str) and len(item) >= 10:
            try:
                out.append(date.fromisoformat(item[:10]))
            except ValueError:
                continue
    return out


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError:
        return None


def _json_number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


_WORKER: Classifier | None = None


def _classify_in_worker(job: tuple[list[Mapping[str, Any]], date]) -> list[dict[str, Any]]:
    assert _WORKER is not None
    batch, as_of = job
    return _WORKER._classify_batch(batch, as_of)


_CACHE: dict[Path, Classifier] = {}
_LOCK = threading.Lock()


def get_classifier(model_dir: Path | None = None) -> Classifier:
    """Loaded once per process (cached). Looks in model_dir first (where `fundwatch train`
    writes; may not exist), else the model shipped in matcher/model/."""
    directory = SHIPPED_MODEL_DIR
    if model_dir is not None and (Path(model_dir) / clf.META_FILE).exists():
        directory = Path(model_dir)
    directory = directory.resolve()
    with _LOCK:
        if directory not in _CACHE:
            _CACHE[directory] = Classifier(clf.load(directory))
        return _CACHE[directory]
