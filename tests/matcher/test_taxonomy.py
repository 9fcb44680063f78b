"""The packaged taxonomy is the shared one and its loader expands groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.taxonomy import country_name, load_taxonomy, normalise_country

PACKAGED = Path(__file__).resolve().parents[2] / "matcher" / "taxonomy.yaml"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "taxonomy.yaml"


def test_packaged_taxonomy_is_the_shared_one() -> None:
    if not SHARED.exists():
        pytest.skip("../shared is not present")
    assert PACKAGED.read_bytes() == SHARED.read_bytes()


def test_it_has_the_vocabulary() -> None:
    taxonomy = load_taxonomy()
    assert len(taxonomy.themes) == 11 and len(taxonomy.applicant_types) == 8
    assert taxonomy.funding_type_ids == ("grant", "loan", "prize", "technical-assistance", "tender")
    assert taxonomy.label("theme", "housing", "fr") == "Logement et conditions de vie"


def test_it_expands_groups_and_reads_el_as_greece() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.expand_countries(["western-balkans"]) == ["AL", "BA", "ME", "MK", "RS", "XK"]
    assert taxonomy.expand_countries(["EL", "ro"]) == ["GR", "RO"]
    assert len(taxonomy.expand_countries(["eu"])) == 27
    with pytest.raises(ValueError):
        taxonomy.expand_countries(["Atlantis"])


def test_country_codes_and_names() -> None:
    assert normalise_country("el") == "GR" and normalise_country("XK") == "XK"
    assert normalise_country("ZZ") is None
    assert country_name("DE", "fr") == "Allemagne" and country_name("XK") == "Kosovo"


def test_norway_is_a_country_not_a_boolean() -> None:
    # YAML 1.1 reads a bare NO as false; the loader must keep it as Norway's code.
    taxonomy = load_taxonomy()
    assert "NO" in taxonomy.country_groups["coe"].members
    assert "NO" in taxonomy.country_groups["erasmus-programme"].members
    assert all(
        isinstance(code, str) for g in taxonomy.country_groups.values() for code in g.members
    )


def test_labels_with_commas_are_whole() -> None:
    # The shared file leaves commas unquoted inside flow mappings; the loader mends them.
    taxonomy = load_taxonomy()
    assert taxonomy.theme("culture-remembrance").label == {
        "en": "Culture, history and remembrance",
        "fr": "Culture, histoire et mémoire",
    }
    assert taxonomy.label("applicant_type", "education-research", "fr") == (
        "École, université ou organisme de recherche"
    )
