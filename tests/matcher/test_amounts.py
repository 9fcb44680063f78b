import pytest

from matcher.amounts import extract_max_amount, parse_number


def amount(text: str) -> float | None:
    return extract_max_amount("", text).value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Grants of up to EUR 1.2 million per project.", 1_200_000),
        ("Subvención máxima de 250.000 € por proyecto.", 250_000),
        ("Funding: up to 80 % of max EUR 100,000.", 100_000),
        ("The grant must lie between EUR 75 000 and EUR 500 000.", 500_000),
        ("Project size: EUR 75 000 – 500 000.", 500_000),
        ("Le montant maximal est de 1,5 million d’euros.", 1_500_000),
        ("Budget FEDER par projet : 275 000 € au maximum (taux de 75 %).", 275_000),
        ("A támogatás összege legfeljebb 50 000 euró.", 50_000),
        ("Maximálna výška príspevku: 1,5 mil. eur na projekt.", 1_500_000),
        ("Максималният размер на помощта е 1,2 млн. евро.", 1_200_000),
        ("Importo: fino a 1,5 milioni di euro per proposta.", 1_500_000),
        ("Contributi da 20.000 a 50.000 euro per progetto.", 50_000),
        ("Maximum budget: EUR 60,000, all costs included.", 60_000),
        (
            "Prizes: the winner receives 15 000 euros; two runners-up receive 5 000 euros each.",
            15_000,
        ),
    ],
)
def test_it_reads_the_maximum_per_project(text, expected):
    assert amount(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The total budget of the call is EUR 5 million.",
        "The minimum grant is EUR 10,000; no maximum is set.",
        "Grants of up to HUF 10 million.",
        "Indicative EU contribution: EUR 15 000 000 in total.",
        "Apply now.",
    ],
)
def test_totals_minima_and_other_currencies_give_no_maximum(text):
    assert amount(text) is None


def test_the_total_beside_a_ceiling_is_ignored():
    text = "The call has EUR 12 million in total. Each project may receive up to EUR 200,000."
    assert amount(text) == 200_000


@pytest.mark.parametrize(
    ("written", "value"),
    [("250.000", 250_000), ("100,000", 100_000), ("75 000", 75_000), ("1.250.000,50", 1_250_000.5)],
)
def test_it_parses_numbers_in_european_conventions(written, value):
    assert parse_number(written) == value


def test_evidence_is_the_phrase_with_the_amount():
    found = extract_max_amount("", "Intro.\nGrants of up to EUR 1.2 million per project.")
    assert found.evidence == ["Grants of up to EUR 1.2 million per project."]
