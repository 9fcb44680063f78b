import pytest

from matcher.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Pályázati felhívás települési önkormányzatok számára a roma integráció érdekében", "hu"),
        ("Appel à projets pour les collectivités territoriales et les associations", "fr"),
        ("Poziv za podnošenje predloga projekata za inkluziju Roma u opštinama Srbije", "sr"),
        ("Јавен повик за доделување грантови за вклучување на Ромите во општините", "mk"),
        ("Покана за представяне на проектни предложения за приобщаване на ромите", "bg"),
        ("Výzva na predkladanie žiadostí o nenávratný finančný príspevok pre obce", "sk"),
        ("Πρόσκληση υποβολής προτάσεων για δήμους με οικισμούς Ρομά", "el"),
    ],
)
def test_it_detects_the_calls_languages(text, language):
    assert detect_language(text) == language


def test_it_defaults_to_english_without_text():
    assert detect_language("  ") == "en"
