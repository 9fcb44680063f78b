"""Bench: fundwatch's classify_many on 20,000 calls beside the bare scikit-learn pipeline.

    .venv/bin/python bench/classify.py [--calls 20000] [--seed 0]

The calls are resampled from the labelled set (matcher/training/*.jsonl) with a fixed seed
and a unique id each. Both sides get the same calls in the same run, with the model already
loaded (its load time is printed apart): the bare side is the fitted scikit-learn pipeline's
`predict` on the model's input columns, the full side is everything `fundwatch classify`
does per call (HTML to text, language, themes, applicant types, countries, dates, amounts,
funding type, evidence), using every core for a batch this size.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.classifier import model_inputs
from matcher.service import get_classifier
from matcher.text import html_to_text
from matcher.trainer import load_labelled, training_files

AS_OF = date(2026, 11, 25)


def make_calls(count: int, seed: int) -> list[dict[str, Any]]:
    records = load_labelled(training_files())
    rng = random.Random(seed)
    calls = []
    for i in range(count):
        record = rng.choice(records)
        call = {k: v for k, v in record.items() if k not in ("gold", "group")}
        call["id"] = f"bench-{i:05d}"
        calls.append(call)
    return calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000, help="How many calls to classify.")
    parser.add_argument("--seed", type=int, default=0, help="Seed of the resampling.")
    args = parser.parse_args()

    calls = make_calls(args.calls, args.seed)
    start = time.perf_counter()
    classifier = get_classifier()
    load_s = time.perf_counter() - start
    pipeline = classifier.model.pipeline

    # Bare scikit-learn: the pipeline's predict on the same calls' input columns.
    rows = [model_inputs(str(c["title"]), html_to_text(str(c["description"]))) for c in calls]
    from matcher.classifier import _as_array

    array = _as_array(rows)
    start = time.perf_counter()
    pipeline.predict(array)
    bare_s = time.perf_counter() - start

    start = time.perf_counter()
    tagged = classifier.classify_many(calls, as_of=AS_OF)
    full_s = time.perf_counter() - start
    assert len(tagged) == len(calls)

    bare_rate, full_rate = len(calls) / bare_s, len(calls) / full_s
    print(f"calls: {len(calls)} (resampled from the labelled set, seed {args.seed})")
    print(f"cores: {os.cpu_count()}; model load: {load_s:.2f} s (not counted on either side)")
    print(f"bare scikit-learn pipeline.predict: {bare_rate:8.0f} calls/s ({bare_s:.1f} s)")
    print(f"fundwatch classify_many:            {full_rate:8.0f} calls/s ({full_s:.1f} s)")
    print(f"ratio classify_many / bare predict: {full_rate / bare_rate:.2f}")
    print("target: >= 500 calls/s for classify_many")


if __name__ == "__main__":
    main()
