from matcher.applicants import extract_applicants

AUTHORITIES = {"local-authority", "regional-authority", "national-authority"}
EVERYONE = AUTHORITIES | {"ngo", "education-research", "business"}


def types(text: str) -> set[str]:
    return extract_applicants("", text).types


def test_public_authorities_at_any_level_are_all_three():
    assert types(
        "Eligible applicants: public authorities at any level and NGOs."
    ) == AUTHORITIES | {"ngo"}


def test_collectivites_territoriales_are_local_and_regional():
    assert types("Peuvent candidater : les collectivités territoriales.") == {
        "local-authority",
        "regional-authority",
    }


def test_any_legal_entity_is_every_type_but_people():
    assert types("Who may apply: any legal entity established in an EU Member State.") == EVERYONE


def test_any_legal_entity_then_named_types_are_those_types():
    assert types("Eligible: any legal entity, such as NGOs and universities.") == {
        "ngo",
        "education-research",
    }


def test_it_removes_stated_exclusions():
    text = (
        "Eligible applicants: municipalities. NGOs may be involved as mediators but cannot apply."
    )
    assert types(text) == {"local-authority"}
    text = "Who may apply? Any legal entity. Organisations aiming at profit and companies are not eligible."
    assert types(text) == EVERYONE - {"business"}


def test_it_reads_indirect_mentions():
    assert types("Eligible: municipalities with more than 10,000 inhabitants.") == {
        "local-authority"
    }
    assert types("Applicants must be public bodies at local level.") == {"local-authority"}
    assert types("Eligible applicants: non-profit organisations and schools.") == {
        "ngo",
        "education-research",
    }
    assert (
        types("Partners: public authorities at local, regional and national level.") == AUTHORITIES
    )


def test_it_reads_lists_under_a_heading():
    text = "Who can apply?\n- municipalities;\n- civil society organisations;\n- universities.\n\nFunding\nUp to EUR 5,000."
    assert types(text) == {"local-authority", "ngo", "education-research"}


def test_it_reads_other_languages():
    assert types("Jogosultak: települési önkormányzatok és civil szervezetek.") == {
        "local-authority",
        "ngo",
    }
    assert types("Допустими кандидати: общини и неправителствени организации.") == {
        "local-authority",
        "ngo",
    }
    assert types("Beneficiari eligibili: organizații neguvernamentale și școli.") == {
        "ngo",
        "education-research",
    }


def test_the_funder_is_not_an_applicant():
    text = "The Ministry of Education invites municipalities to apply for grants."
    assert types(text) == {"local-authority"}


def test_sentences_not_about_applicants_name_no_type():
    assert types("The project trains teachers in schools and supports families.") == set()
