"""The words of partnership-offer mail and of the digest's offers section, in English and French.

Kept apart from the digest's phrases (notifier/i18n.py) so the two can change separately;
`OfferWords` has the same interface as `notifier.i18n.Translator` (`_("key", **params)`,
`_.label("key")`, `.language`), so templates read the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from matcher.taxonomy import country_name, load_taxonomy
from notifier.i18n import Translator, format_day

NBSP = "\u00a0"

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        # the interest mail to the poster
        "interest.subject": "{name} is interested in your offer “{title}”",
        "interest.heading": "New interest in your partnership offer",
        "interest.lead": "{name} ({what}) is interested in your offer “{title}”.",
        "interest.message": "Their message",
        "interest.introduced": (
            "You both agreed to share your contact details, so here are theirs. "
            "We have sent them yours."
        ),
        "interest.through-service": (
            "Contact details are shared only when both sides agree. Answer them through "
            "fundwatch, on the page of your offer:"
        ),
        # the introduction mail to the interested side
        "introduction.subject": "Introduction: {poster} and {name}, about “{title}”",
        "introduction.heading": "You are introduced to {poster}",
        "introduction.lead": (
            "You expressed interest in the partnership offer “{title}” of {poster} ({what}). "
            "You both agreed to share your contact details: here are theirs, and they have "
            "yours."
        ),
        # the expiry reminder to the poster
        "reminder.subject": "Your partnership offer “{title}” expires on {date}",
        "reminder.heading": "Your partnership offer expires soon",
        "reminder.lead": "Your offer “{title}” expires on {date}.",
        "reminder.interest.one": "It has drawn {count} expression of interest.",
        "reminder.interest.other": "It has drawn {count} expressions of interest.",
        "reminder.action": (
            "To keep it open, extend it; if you found your partners, mark it filled or "
            "close it. Otherwise it closes by itself on that day."
        ),
        # shared labels
        "label.offer": "Offer",
        "label.kind": "Kind",
        "label.call": "Call",
        "label.expires": "Open until",
        "label.contacts": "Contact details",
        "label.poster": "Posted by",
        "label.why": "Why it fits you",
        "label.interested": "Interested",
        "kind.seeking-partners": "seeking partners for its project",
        "kind.offering-to-join": "offering to join a project",
        "link.offer": "See the offer on fundwatch",
        "footer.why": "You receive this as a contact of {name}, about an offer on fundwatch.",
        "footer.unsubscribe": "Unsubscribe",
        "footer.preferences": "Manage preferences",
        # the digest section
        "section.title": "Partnership offers",
        "section.new": "Offers that fit you",
        "section.received": "Interest in your offers",
        "section.received-item": "{name} ({what}) about “{title}”",
        "count.offers.one": "{count} open partnership offer names this call",
        "count.offers.other": "{count} open partnership offers name this call",
    },
    "fr": {
        "interest.subject": "{name} s'intéresse à votre offre « {title} »",
        "interest.heading": "Nouvel intérêt pour votre offre de partenariat",
        "interest.lead": "{name} ({what}) s'intéresse à votre offre « {title} ».",
        "interest.message": "Son message",
        "interest.introduced": (
            "Vous avez tous deux accepté de partager vos coordonnées : voici les siennes. "
            "Nous lui avons envoyé les vôtres."
        ),
        "interest.through-service": (
            "Les coordonnées ne sont partagées que si les deux parties l'acceptent. "
            "Répondez-lui par fundwatch, sur la page de votre offre :"
        ),
        "introduction.subject": "Mise en relation : {poster} et {name}, pour « {title} »",
        "introduction.heading": "Mise en relation avec {poster}",
        "introduction.lead": (
            "Vous vous êtes intéressé à l'offre de partenariat « {title} » de {poster} "
            "({what}). Vous avez tous deux accepté de partager vos coordonnées : voici les "
            "siennes, et elle a les vôtres."
        ),
        "reminder.subject": "Votre offre de partenariat « {title} » expire le {date}",
        "reminder.heading": "Votre offre de partenariat expire bientôt",
        "reminder.lead": "Votre offre « {title} » expire le {date}.",
        "reminder.interest.one": "Elle a suscité {count} marque d'intérêt.",
        "reminder.interest.other": "Elle a suscité {count} marques d'intérêt.",
        "reminder.action": (
            "Pour la garder ouverte, prolongez-la ; si vous avez trouvé vos partenaires, "
            "indiquez-la pourvue ou clôturez-la. Sinon elle se clôt d'elle-même ce jour-là."
        ),
        "label.offer": "Offre",
        "label.kind": "Type",
        "label.call": "Appel",
        "label.expires": "Ouverte jusqu'au",
        "label.contacts": "Coordonnées",
        "label.poster": "Publiée par",
        "label.why": "Pourquoi elle vous correspond",
        "label.interested": "Intéressé",
        "kind.seeking-partners": "cherche des partenaires pour son projet",
        "kind.offering-to-join": "propose de rejoindre un projet",
        "link.offer": "Voir l'offre sur fundwatch",
        "footer.why": (
            "Vous recevez ce message en tant que contact de {name}, au sujet d'une offre "
            "sur fundwatch."
        ),
        "footer.unsubscribe": "Se désabonner",
        "footer.preferences": "Gérer vos préférences",
        "section.title": "Offres de partenariat",
        "section.new": "Offres qui vous correspondent",
        "section.received": "Intérêt pour vos offres",
        "section.received-item": "{name} ({what}) pour « {title} »",
        "count.offers.one": "{count} offre de partenariat ouverte cite cet appel",
        "count.offers.other": "{count} offres de partenariat ouvertes citent cet appel",
    },
}


# Why an offer or an interest is refused: the reasons of `notifier.offer_input.OfferRefused`,
# by code. The command line says them in English with ISO dates; web pages in the reader's
# language, dates written out (`refusal_text`).
REFUSALS: dict[str, dict[str, str]] = {
    "en": {
        "not-a-mapping": "an offer is a mapping of fields (participant, kind, title, ...)",
        "invalid": "{detail}",
        "invalid-json": "invalid JSON: {detail} (column {column})",
        "invalid-yaml": "invalid YAML{where}: {detail}",
        "unknown-participant": "unknown participant {ref!r}",
        "unknown-offer": "unknown offer {offer}",
        "unknown-call": "unknown call {ref!r}",
        "unknown-interest": "unknown interest {interest}",
        "call-closed": "the call {call} is closed",
        "expiry-required": (
            "expires: required (YYYY-MM-DD) when the offer names no call with a deadline"
        ),
        "expiry-past": "expires: {expires} is already past (today {today})",
        "themes-required": "themes: give at least one theme (the call names none)",
        "own-offer": "offer {offer} is {member}'s own offer",
        "offer-not-open": "offer {offer} is {status}",
        "offer-expired": "offer {offer} expired on {expires}",
        "message-empty": "the message is empty: say who you are and what you propose",
        "message-too-long": "the message is longer than {limit} characters",
        "already-interested": "{member} already expressed interest in offer {offer}",
        "already-status": "offer {offer} is already {status}",
        "offer-filled": "offer {offer} is filled",
        "offer-withdrawn": "offer {offer} was closed by its poster",
        "until-past": "the new expiry {until} is already past (today {today})",
        "until-not-later": (
            "the new expiry {until} is not later than the current expiry {expires}"
        ),
        "bad-state": "state must be one of {states}",
        "status.open": "open",
        "status.closed": "closed",
        "status.filled": "filled",
    },
    "fr": {
        "not-a-mapping": "une offre est un ensemble de champs (participant, kind, title…)",
        "invalid": "{detail}",
        "invalid-json": "JSON invalide : {detail} (colonne {column})",
        "invalid-yaml": "YAML invalide{where} : {detail}",
        "unknown-participant": "participant inconnu {ref!r}",
        "unknown-offer": "offre {offer} inconnue",
        "unknown-call": "appel inconnu {ref!r}",
        "unknown-interest": "marque d'intérêt {interest} inconnue",
        "call-closed": "l'appel {call} est clos",
        "expiry-required": (
            "date d'expiration : obligatoire quand l'offre ne cite aucun appel avec une date limite"
        ),
        "expiry-past": "date d'expiration : le {expires} est déjà passé (nous sommes le {today})",
        "themes-required": "thèmes : choisissez au moins un thème (l'appel n'en cite aucun)",
        "own-offer": "l'offre {offer} est votre propre offre ({member})",
        "offer-not-open": "l'offre {offer} est {status}",
        "offer-expired": "l'offre {offer} a expiré le {expires}",
        "message-empty": "le message est vide : dites qui vous êtes et ce que vous proposez",
        "message-too-long": "le message dépasse {limit} caractères",
        "already-interested": "{member} a déjà marqué son intérêt pour l'offre {offer}",
        "already-status": "l'offre {offer} est déjà {status}",
        "offer-filled": "l'offre {offer} est pourvue",
        "offer-withdrawn": "l'offre {offer} a été close par son auteur",
        "until-past": "la nouvelle date d'expiration, le {until}, est déjà passée "
        "(nous sommes le {today})",
        "until-not-later": (
            "la nouvelle date d'expiration, le {until}, n'est pas postérieure à l'actuelle, "
            "le {expires}"
        ),
        "bad-state": "l'état doit être l'un de : {states}",
        "status.open": "ouverte",
        "status.closed": "close",
        "status.filled": "pourvue",
    },
}


def refusal_text(code: str, params: dict[str, Any], language: str | None = None) -> str:
    """The reason `code` with its values: for the command line (`language` None: English,
    ISO dates, as the CLI always said it), or for a page in `language` (a sentence, dates
    written out, statuses translated)."""
    lang = language if language in REFUSALS else "en"
    words = REFUSALS[lang]
    values = {
        name: format_day(value, lang)
        if isinstance(value, date) and language is not None
        else words.get(f"status.{value}", value)
        if name == "status"
        else value
        for name, value in params.items()
    }
    text = words[code].format(**values)
    if language is None:
        return text
    if lang == "fr":
        text = text.replace(" :", NBSP + ":")
    return text[:1].upper() + text[1:]  # a sentence on a page


class OfferWords(Translator):
    """`_("key", **params)`; `count=` picks the `.one` or `.other` form; `_.label("key")`."""

    PHRASES = PHRASES

    @staticmethod
    def french_typography(text: str) -> str:
        """A no-break space before ":" and inside guillemets."""
        text = text.replace(" :", NBSP + ":").replace("« ", "«" + NBSP)
        return text.replace(" »", NBSP + "»")


def organisation_text(participant: Any, language: str) -> str:
    """ "municipality or other local authority, Romania": what kind of body, and where."""
    lang = language if language in PHRASES else "en"
    kind = load_taxonomy().label("applicant_type", participant.applicant_type, lang)
    return f"{kind[:1].lower()}{kind[1:]}, {country_name(participant.country, lang)}"
