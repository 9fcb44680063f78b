from matcher.countries import country_mentions, extract_countries, group_members

EU = set(group_members("eu"))


def countries(text: str, language: str = "en", url: str = "", title: str = "Call") -> set[str]:
    return extract_countries(title, text, language, url).codes


def test_it_expands_eu_member_states_with_exclusions():
    text = "Applicants must be established in all EU Member States except Denmark."
    assert countries(text) == EU - {"DK"}


def test_it_removes_countries_said_to_be_ineligible():
    text = (
        "Eligible: organisations established in the Member States participating in AMIF. "
        "Denmark does not take part in the Fund and entities established there are not eligible."
    )
    assert countries(text) == EU - {"DK"}


def test_it_expands_other_groups():
    assert countries("Open to NGOs from the Western Balkans.") == {
        "AL",
        "BA",
        "ME",
        "MK",
        "RS",
        "XK",
    }
    text = "Organisations registered in a member State of the Council of Europe may apply."
    assert len(countries(text)) == 46
    assert "NO" in countries(text)  # YAML's bare NO is Norway, not false


def test_it_reads_names_in_the_calls_language_and_inflected():
    assert countries(
        "Pályázhatnak a Romániában és Magyarországon bejegyzett szervezetek.", "hu"
    ) == {"HU", "RO"}
    assert countries("Kandydaci z Polski i z Rumunii.", "pl") == {"PL", "RO"}
    assert countries("Eligibles : communes de Belgique et de France.", "fr") == {"BE", "FR"}


def test_el_in_a_list_of_codes_is_greece():
    assert countries("Eligible countries: AT, BE, EL, ES.") == {"AT", "BE", "ES", "GR"}


def test_a_national_call_is_for_its_country():
    assert countries("Önkormányzatok pályázhatnak a felhívásra.", "hu") == {"HU"}
    assert countries(
        "Appel à projets pour les communes.", "fr", url="https://www.wallonie.be/x"
    ) == {"BE"}
    assert countries("Municipalities may apply.", "en") == set()


def test_donor_names_are_not_applicant_countries():
    text = "The EEA and Norway Grants fund NGOs registered in Bulgaria."
    assert countries(text) == {"BG"}


def test_partner_adjectives_name_countries():
    assert countries("At least one French partner and one Italian partner.") == {"FR", "IT"}
    assert countries("The Romanian language is welcome.") == set()


def test_any_country_means_no_restriction():
    assert (
        countries("Tenderers may be established in any country; at least eight member States.")
        == set()
    )


def test_mentions_carry_offsets():
    text = "Partners from Serbia and North Macedonia."
    assert [(code, text[s:e]) for code, s, e in country_mentions(text)] == [
        ("RS", "Serbia"),
        ("MK", "North Macedonia"),
    ]
