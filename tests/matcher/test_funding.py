import pytest

from matcher.funding import extract_cross_border, extract_funding_type, extract_partnership


@pytest.mark.parametrize(
    ("title", "body", "kind"),
    [
        ("Call for tenders: evaluation services", "Tenderers must submit offers.", "tender"),
        ("Appel d'offres — marché de services", "Le soumissionnaire remet une offre.", "tender"),
        ("Social housing loans", "The Bank lends to borrowers for social housing.", "loan"),
        ("European Prize for Inclusive Cities 2027", "The jury selects the winners.", "prize"),
        (
            "Technical assistance for municipalities",
            "Expert days are offered; no grants are paid.",
            "technical-assistance",
        ),
        ("Call for proposals: Roma inclusion", "Grants of up to EUR 50,000 per project.", "grant"),
        (
            "Otwarty konkurs ofert dla organizacji",
            "Dotacja na realizację zadania publicznego.",
            "grant",
        ),
    ],
)
def test_it_reads_the_funding_type(title, body, kind):
    assert extract_funding_type(title, body).value == kind


def test_nothing_said_is_a_grant_not_decided():
    found = extract_funding_type("Support for communities", "We support communities.")
    assert (found.value, found.decided) == ("grant", False)


def test_it_reads_required_partnerships():
    found = extract_partnership("", "Proposals must be submitted by at least two applicants.")
    assert found.value is True and found.evidence
    assert extract_partnership("", "Partnerships are welcome.").value is False


def test_it_reads_cross_border_partnerships():
    text = "Partnership: at least three partners from three different countries."
    assert extract_cross_border("", text).value is True
    assert extract_cross_border("", "All partners may come from the same country.").value is False
