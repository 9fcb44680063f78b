from datetime import date

import pytest

from matcher.service import OUTPUT_FIELDS, get_classifier
from matcher.taxonomy import load_taxonomy
from matcher.text import html_to_text

AS_OF = date(2026, 11, 25)
CALLS = [
    {
        "id": "t1",
        "title": "Small grants for Roma school mediators",
        "description": "<p>The programme funds school mediators who support Roma pupils and their "
        "families, reduce early school leaving and improve cooperation with teachers.</p>"
        "<p>Eligible applicants: municipalities and non-governmental organisations registered "
        "in Romania or Bulgaria.</p><p>Grants of up to EUR 50,000 per project.</p>"
        "<p>Deadline: 15 March 2027.</p>",
        "url": "https://example.org/t1",
        "funder": "Example Foundation",
        "published": "2026-10-01",
    },
    {
        "id": "t2",
        "title": "Pályázati felhívás: lakhatási programok a szegregátumokban",
        "description": "A felhívás a telepeken élő családok lakhatási körülményeinek javítását "
        "támogatja. Támogatást igénylők köre: települési önkormányzatok. A támogatás összege "
        "legfeljebb 200 000 euró. Beadási határidő: 2027. január 31.",
        "url": "https://example.hu/t2",
        "funder": "Minisztérium",
        "published": "2026-10-01",
    },
]


@pytest.fixture(scope="module")
def classifier():
    return get_classifier()


def test_the_shipped_model_loads_once(classifier):
    assert get_classifier() is classifier
    assert classifier.version.startswith("themes-")
    assert "+sklearn" in classifier.version


def test_it_classifies_calls_into_the_output_format(classifier):
    first, second = classifier.classify_many(CALLS, as_of=AS_OF)
    assert tuple(first) == OUTPUT_FIELDS
    assert first["id"] == "t1"
    assert first["language"] == "en"
    assert "education" in first["themes"]
    assert set(first["applicant_types"]) == {"local-authority", "ngo"}
    assert first["countries"] == ["BG", "RO"]
    assert first["deadline"] == "2027-03-15"
    assert first["max_amount_eur"] == 50000
    assert first["funding_type"] == "grant"
    assert second["language"] == "hu"
    assert "housing" in second["themes"]
    assert second["countries"] == ["HU"]
    assert second["deadline"] == "2027-01-31"
    assert second["max_amount_eur"] == 200000


def test_every_tag_has_verbatim_evidence(classifier):
    taxonomy = load_taxonomy()
    for call, result in zip(CALLS, classifier.classify_many(CALLS, as_of=AS_OF), strict=True):
        texts = (call["title"], html_to_text(call["description"]))
        evidence = result["evidence"]
        for field in ("themes", "applicant_types", "countries"):
            assert result[field] == sorted(set(result[field]))
            assert set(evidence[field]) == set(result[field])
        assert set(result["themes"]) <= set(taxonomy.theme_ids)
        for field in ("deadline", "max_amount_eur", "funding_type"):
            assert evidence[field]
        for spans in [
            *evidence["themes"].values(),
            *evidence["countries"].values(),
            evidence["deadline"],
        ]:
            for span in spans:
                assert len(span) <= 200
                assert span.startswith("field:") or any(span in text for text in texts)


def test_structured_fields_win_and_are_normalised(classifier):
    call = dict(
        CALLS[0],
        countries=["EL", "DE", "EL"],
        deadline=["2026-10-01", "2027-02-01"],
        themes=["youth"],
        max_amount_eur=1000,
        funding_type="prize",
        partnership_required=True,
    )
    result = classifier.classify(call, as_of=AS_OF)
    assert result["countries"] == ["DE", "GR"]
    assert result["evidence"]["countries"] == {"DE": ["field:countries"], "GR": ["field:countries"]}
    assert result["deadline"] == "2027-02-01"
    assert result["themes"] == ["youth"]
    assert result["max_amount_eur"] == 1000
    assert result["funding_type"] == "prize"
    assert result["partnership_required"] is True


def test_a_rolling_structured_deadline_is_null(classifier):
    assert classifier.classify(dict(CALLS[0], deadline=None), as_of=AS_OF)["deadline"] is None


def test_an_irrelevant_tender_gets_no_theme(classifier):
    call = {
        "id": "t3",
        "title": "Call for tenders: supply of server infrastructure and cloud software licences",
        "description": "The contracting authority procures servers, storage and software "
        "licences for its data centre. Tenderers must submit offers by 12 January 2027.",
    }
    result = classifier.classify(call, as_of=AS_OF)
    assert result["themes"] == []
    assert result["funding_type"] == "tender"


def test_a_rolling_call_cites_why_it_has_no_deadline(classifier):
    call = dict(
        CALLS[0], description="Grants for Roma NGOs. Applications are accepted on a rolling basis."
    )
    result = classifier.classify(call, as_of=AS_OF)
    assert result["deadline"] is None
    assert result["evidence"]["deadline"] == ["Applications are accepted on a rolling basis."]
