"""The words of partnership-offer mail and of the digest's offers section, in English and French.

Kept apart from the digest's phrases (notifier/i18n.py) so the two can change separately;
`OfferWords` has the same interface as `notifier.i18n.Translator` (`_("key", **params)`,
`_.label("key")`, `.language`), so templates read the same way.
"""

from __future__ import annotations

from typing import Any

from matcher.taxonomy import country_name, load_taxonomy

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


class OfferWords:
    """`_("key", **params)`; `count=` picks the `.one` or `.other` form."""

    def __init__(self, language: str) -> None:
        self.language = language if language in PHRASES else "en"
        self._phrases = PHRASES[self.language]

    def __call__(self, key: str, **params: Any) -> str:
        if "count" in params and f"{key}.one" in self._phrases:
            key = f"{key}.one" if params["count"] == 1 else f"{key}.other"
        text = self._phrases[key]
        if self.language == "fr":
            # French typography: a no-break space before ":" (and inside guillemets).
            text = text.replace(" :", NBSP + ":").replace("« ", "«" + NBSP)
            text = text.replace(" »", NBSP + "»")
        return text.format(**params) if params else text

    def label(self, key: str) -> str:
        """A field label followed by its colon, the French way in French."""
        return self(key) + (NBSP + ":" if self.language == "fr" else ":")


def organisation_text(participant: Any, language: str) -> str:
    """ "municipality or other local authority, Romania": what kind of body, and where."""
    kind = load_taxonomy().label("applicant_type", participant.applicant_type, language)
    return f"{kind[:1].lower()}{kind[1:]}, {country_name(participant.country, language)}"
