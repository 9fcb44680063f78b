from pathlib import Path

import pytest

from matcher.euroaccess import entity_types, format_scores, load, max_contribution, score_records
from matcher.service import get_classifier

EXPORT = Path(__file__).resolve().parents[3] / "shared/corpus/other/euroaccess-calls-2025-10.json"


def test_it_reads_the_exports_label_formats():
    assert max_contribution("between € 50,000.00 and € 5,000,000.00") == 5_000_000
    assert max_contribution("max. € 2,500,000.00") == 2_500_000
    assert max_contribution("€ 4,000,000.00") == 4_000_000
    assert max_contribution("min. € 60,000.00") is None
    assert entity_types(
        "eligible entitiesPublic Body (national, regional and local; incl. EGTCs)"
    ) == {
        "local-authority",
        "regional-authority",
        "national-authority",
    }


@pytest.mark.skipif(not EXPORT.exists(), reason="../shared is not beside this checkout")
def test_it_scores_the_real_calls():
    records = load(EXPORT)
    scores = score_records(records, get_classifier())
    report = format_scores(scores, len(records))
    assert "deadline exact" in report
    assert scores.hits["partnership accuracy"] / scores.counts["partnership accuracy"] > 0.8
