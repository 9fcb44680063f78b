from datetime import date

import pytest

from matcher.dates import choose_deadline, extract_deadline, find_dates, is_rolling

AS_OF = date(2026, 11, 25)


def deadline(text: str, language: str = "en", as_of: date = AS_OF) -> str | None:
    found = extract_deadline("", text, language, as_of).value
    return found.isoformat() if found else None


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Deadline: 15 March 2027, 17:00 CET.", "en", "2027-03-15"),
        ("Submit by 15/03/2027.", "en", "2027-03-15"),
        ("Closing date: March 15, 2027.", "en", "2027-03-15"),
        ("Date limite : 15 mars 2027.", "fr", "2027-03-15"),
        ("Dépôt des candidatures jusqu'au 1er avril 2027.", "fr", "2027-04-01"),
        ("A pályázatok beadási határideje: 2027. január 31.", "hu", "2027-01-31"),
        ("Pályázni 2027. január 31-ig lehet.", "hu", "2027-01-31"),
        ("Las solicitudes se presentarán hasta el 29 de enero de 2027.", "es", "2027-01-29"),
        ("Rok za podnošenje prijava je 31. januara 2027.", "sr", "2027-01-31"),
        ("Срокът за подаване е 31 януари 2027 г.", "bg", "2027-01-31"),
        ("Termin składania wniosków: 15 lutego 2027 r.", "pl", "2027-02-15"),
        ("Η προθεσμία υποβολής λήγει στις 31 Ιανουαρίου 2027.", "el", "2027-01-31"),
        ("Termenul limită de depunere este 31.01.2027.", "ro", "2027-01-31"),
        ("Uzávěrka příjmu žádostí je 28. února 2027.", "cs", "2027-02-28"),
        ("Le proposte devono pervenire entro il 15 gennaio 2027.", "it", "2027-01-15"),
        ("Quotations must reach UNICEF by 19-Nov-2026, 17:00.", "en", "2026-11-19"),
    ],
)
def test_it_reads_deadlines_in_many_languages(text, language, expected):
    assert deadline(text, language) == expected


def test_it_reads_french_dates():
    assert (
        deadline("Les dossiers doivent parvenir le 28/01/2027 au plus tard.", "fr") == "2027-01-28"
    )


def test_it_takes_the_first_upcoming_cut_off():
    text = "Cut-off dates: 2 November 2026, 1 March 2027 and 1 July 2027."
    assert deadline(text) == "2027-03-01"


def test_it_takes_the_next_stage_of_a_two_stage_call():
    text = "Stage 1 (concept note): 15 October 2026.\nStage 2 (full proposal): 30 April 2027."
    assert deadline(text) == "2027-04-30"


def test_a_submission_window_ends_on_its_deadline():
    text = "Benyújtási szakaszok:\n• első szakasz: 2026. október 15. – 2026. november 16.\n"
    text += "• második szakasz: 2027. január 10. – 2027. március 31."
    assert deadline(text, "hu") == "2027-03-31"


def test_a_project_period_is_not_a_deadline():
    text = "Projects run from 1 March 2027 to 28 February 2029. Submit by 15/01/2027."
    assert deadline(text) == "2027-01-15"


def test_questions_and_events_are_not_deadlines():
    text = (
        "Tenders must reach us by 21 January 2027. Questions may be asked until 11 January "
        "2027. An information day takes place on 3 December 2026."
    )
    assert deadline(text) == "2027-01-21"


def test_all_deadlines_passed_gives_the_last_one():
    assert deadline("Deadlines: 1 March 2026 and 1 June 2026.") == "2026-06-01"


def test_a_rolling_call_has_no_deadline():
    text = "Applications are accepted on a rolling basis until funds are exhausted."
    assert deadline(text) is None
    assert is_rolling(text)


def test_it_finds_dates_with_month_words_it_only_knows_by_stem():
    assert [d.value for d in find_dates("do 15. decembra 2026", "sr")] == [date(2026, 12, 15)]


def test_structured_deadlines_choose_the_next_one():
    values = [date(2026, 10, 1), date(2027, 2, 1), date(2027, 6, 1)]
    assert choose_deadline(values, AS_OF) == date(2027, 2, 1)
    assert choose_deadline([date(2026, 1, 1)], AS_OF) == date(2026, 1, 1)
    assert choose_deadline([], AS_OF) is None
