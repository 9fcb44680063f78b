"""The words of the emails in English and French, and Babel formatting of dates and amounts.

Templates are shared by both languages and take their words from `Translator` (`_("key")`),
so a layout change is made once. French typography puts a no-break space before `:`.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, ClassVar

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency

LANGUAGES = ("en", "fr")
NBSP = "\u00a0"

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "subject.one": "{count} funding call for {name} – {period}",
        "subject.other": "{count} funding calls for {name} – {period}",
        "subject-offers": "Partnership offers for {name} – {period}",
        "heading": "Funding calls for {name}",
        "intro.first": "Here are all the open funding calls that fit your profile.",
        "intro.later": "Here is what is new for you since your last digest.",
        "section.new": "New calls",
        "section.updated": "Updated calls",
        "section.closing-soon": "Closing soon",
        "section.check-eligibility": "Check eligibility",
        "note.check-eligibility": (
            "These calls fit your themes, but we could not tell from them who may apply "
            "or where. Please check their terms."
        ),
        "note.closing-soon": "Calls we sent you before whose deadline is near.",
        "label.funder": "Funder",
        "label.deadline": "Deadline",
        "label.amount": "Maximum amount",
        "label.who": "Who may apply",
        "label.where": "Where",
        "label.why": "Why it matched",
        "label.changed": "Changed",
        "value.not-stated": "not stated",
        "value.rolling": "no deadline (open until further notice)",
        "value.today": "closes today",
        "days.one": "{count} day left",
        "days.other": "{count} days left",
        "value.opens": "opens on {date}",
        "value.others.one": "{first} and {count} other country",
        "value.others.other": "{first} and {count} other countries",
        "change.deadlines": "deadline",
        "change.status": "status",
        "change.budget": "budget",
        "link.funder": "Funder's page",
        "link.fundwatch": "On fundwatch",
        "footer.why": "You receive this {frequency} digest as a contact of {name}.",
        "frequency.daily": "daily",
        "frequency.weekly": "weekly",
        "frequency.monthly": "monthly",
        "footer.unsubscribe": "Unsubscribe",
        "footer.preferences": "Manage preferences",
    },
    "fr": {
        "subject.one": "{count} appel à financement pour {name} – {period}",
        "subject.other": "{count} appels à financement pour {name} – {period}",
        "subject-offers": "Offres de partenariat pour {name} – {period}",
        "heading": "Appels à financement pour {name}",
        "intro.first": "Voici tous les appels ouverts qui correspondent à votre profil.",
        "intro.later": "Voici les nouveautés pour vous depuis votre dernier résumé.",
        "section.new": "Nouveaux appels",
        "section.updated": "Appels mis à jour",
        "section.closing-soon": "Bientôt clos",
        "section.check-eligibility": "Éligibilité à vérifier",
        "note.check-eligibility": (
            "Ces appels correspondent à vos thèmes, mais nous n'avons pas pu déterminer "
            "qui peut candidater ni où. Vérifiez leurs conditions."
        ),
        "note.closing-soon": "Des appels déjà envoyés dont la date limite approche.",
        "label.funder": "Bailleur",
        "label.deadline": "Date limite",
        "label.amount": "Montant maximum",
        "label.who": "Qui peut candidater",
        "label.where": "Où",
        "label.why": "Pourquoi cet appel",
        "label.changed": "Modifié",
        "value.not-stated": "non précisé",
        "value.rolling": "sans date limite (ouvert jusqu'à nouvel ordre)",
        "value.today": "clôture aujourd'hui",
        "days.one": "{count} jour restant",
        "days.other": "{count} jours restants",
        "value.opens": "ouverture le {date}",
        "value.others.one": "{first} et {count} autre pays",
        "value.others.other": "{first} et {count} autres pays",
        "change.deadlines": "date limite",
        "change.status": "statut",
        "change.budget": "budget",
        "link.funder": "Page du bailleur",
        "link.fundwatch": "Sur fundwatch",
        "footer.why": "Vous recevez ce résumé {frequency} en tant que contact de {name}.",
        "frequency.daily": "quotidien",
        "frequency.weekly": "hebdomadaire",
        "frequency.monthly": "mensuel",
        "footer.unsubscribe": "Se désabonner",
        "footer.preferences": "Gérer vos préférences",
    },
}


class Translator:
    """`_("key", **params)` in templates; `count=` picks the `.one` or `.other` form.

    Subclasses with words of their own (`notifier.offer_words.OfferWords`) set `PHRASES`.
    """

    PHRASES: ClassVar[dict[str, dict[str, str]]] = PHRASES

    def __init__(self, language: str) -> None:
        self.language = language if language in self.PHRASES else "en"
        self._phrases = self.PHRASES[self.language]

    def __call__(self, key: str, **params: Any) -> str:
        if "count" in params and f"{key}.one" in self._phrases:
            key = f"{key}.one" if params["count"] == 1 else f"{key}.other"
        text = self._phrases[key]
        if self.language == "fr":
            text = self.french_typography(text)
        return text.format(**params) if params else text

    @staticmethod
    def french_typography(text: str) -> str:
        """A no-break space before ":"."""
        return text.replace(" :", NBSP + ":")

    def label(self, key: str) -> str:
        """A field label followed by its colon, the French way in French."""
        return self(key) + (NBSP + ":" if self.language == "fr" else ":")


@cache
def _amount_pattern(language: str) -> str:
    # The locale's currency pattern without decimals: budgets are whole euros.
    return Locale.parse(language).currency_formats["standard"].pattern.replace(".00", "")


def format_amount(value: float | None, language: str) -> str | None:
    """250000 -> "€250,000" (en) or "250 000 €" (fr); None stays None."""
    if value is None:
        return None
    return format_currency(
        value, "EUR", locale=language, format=_amount_pattern(language), currency_digits=False
    )


def format_day(value: date | None, language: str) -> str | None:
    """A date in words: "15 March 2027" / "15 mars 2027"."""
    if value is None:
        return None
    return format_date(value, format="d MMMM y", locale=language)
