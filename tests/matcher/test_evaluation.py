from matcher.evaluation import format_report, keyword_baseline, score

GOLD = {"language": "fr", "themes": ["housing"], "applicant_types": ["ngo"], "countries": ["FR"],
        "deadline": "2027-01-01", "max_amount_eur": 1000, "funding_type": "grant",
        "partnership_required": False, "cross_border": False}  # fmt: skip


def test_it_scores_tags_and_exact_fields_per_language_group():
    predicted = dict(GOLD, themes=["housing", "health"], max_amount_eur=1000.0)
    scores = score([predicted], [GOLD])
    assert scores["fr"].calls == 1 and scores["en"].calls == 0
    precision, recall, _ = scores["all"].themes.micro()
    assert (precision, recall) == (0.5, 1.0)
    assert scores["all"].rate("max_amount_eur") == 1.0
    assert scores["all"].rate("countries") == 1.0


def test_keyword_baseline_uses_the_taxonomy_terms():
    call = {"title": "Logement social", "description": "<p>Un appel pour les familles.</p>"}
    assert keyword_baseline(call)["themes"] == ["housing"]


def test_the_report_lists_the_measures_beside_the_baseline():
    report = format_report(score([GOLD], [GOLD]), score([keyword_baseline({"title": "x"})], [GOLD]))
    assert "themes micro-F1" in report and "(0.00)" in report
