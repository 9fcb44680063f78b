"""Whether a partnership offer fits a participant, and why: pure functions over plain values.

`offer_fit()` is the one statement of the rules (issue 6); the digest's offers section, the
`offers list` command and the web pages all ask it. Each rule gives a structured
`FitReason` (passed or failed), rendered in English or French by `describe_fit_reason()`.
Eligibility for the related call is decided by `matcher.matching.match_call`, the digests'
hard filters, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from matcher.matching import CallFacts, Profile, expand_countries, match_call
from matcher.taxonomy import country_name, load_taxonomy

ANY_COUNTRY = "any"


@dataclass(frozen=True)
class FitReason:
    """One rule's verdict; `values` are ids (countries, themes...) that `describe` names."""

    rule: str
    ok: bool
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfferFit:
    reasons: tuple[FitReason, ...]

    @property
    def fits(self) -> bool:
        return all(reason.ok for reason in self.reasons)

    @property
    def failed(self) -> tuple[FitReason, ...]:
        return tuple(reason for reason in self.reasons if not reason.ok)

    def describe(self, language: str = "en") -> list[str]:
        """Why it fits (every rule), or why not (the failed rules only), in words."""
        shown = self.reasons if self.fits else self.failed
        return [describe_fit_reason(reason, language) for reason in shown]


def sought_countries(countries: list[str] | tuple[str, ...]) -> frozenset[str] | None:
    """The ISO codes an offer's countries stand for; None when any country will do."""
    if not countries or ANY_COUNTRY in countries:
        return None
    return expand_countries(countries)


def offer_fit(
    offer: Any,
    *,
    participant: Any,
    poster_country: str,
    call: Any | None,
    as_of: date,
) -> OfferFit:
    """The verdict on `offer` (a models.PartnerOffer or alike) for `participant` on `as_of`.

    Rules, all required (every rule is evaluated, so a refusal lists all its reasons):

    - the offer is open (not closed or filled) and not expired: its expiry date is on or
      after `as_of`;
    - the participant is not the poster;
    - the participant's country is among the countries sought (taxonomy groups count as
      their members; `any` admits every country);
    - when the offer names a cross-border call (`call.cross_border` true), the participant's
      country differs from the poster's `poster_country`;
    - the participant's applicant type is among those sought (an offer that names none
      admits every type);
    - the offer's themes intersect the participant's;
    - when the offer names a call, the participant is eligible for it under the digests'
      hard filters (`match_call`: live call, country, applicant type, tenders, themes or
      keywords). A call whose eligibility is undetermined counts, as in digests' "check
      eligibility" section, and the reason says so.
    """
    reasons = [
        _status(offer, as_of),
        FitReason("poster", participant.id != offer.participant_id),
        _country(offer, participant),
    ]
    if call is not None and call.cross_border:
        reasons.append(
            FitReason("cross-border", participant.country != poster_country, (poster_country,))
        )
    sought_types = tuple(offer.applicant_types or ())
    reasons.append(
        FitReason(
            "applicant-type",
            not sought_types or participant.applicant_type in sought_types,
            (participant.applicant_type,) if sought_types else (),
        )
    )
    shared = tuple(sorted(set(offer.themes or ()) & set(participant.themes or ())))
    reasons.append(FitReason("themes", bool(shared), shared))
    if call is not None:
        reasons.append(_call_eligibility(call, participant, as_of))
    return OfferFit(tuple(reasons))


def _status(offer: Any, as_of: date) -> FitReason:
    if offer.status != "open":
        return FitReason("status", False, (offer.status,))
    expires = offer.expires_on.isoformat()
    return FitReason("expiry", offer.expires_on >= as_of, (expires,))


def _country(offer: Any, participant: Any) -> FitReason:
    sought = sought_countries(list(offer.countries or ()))
    if sought is None:
        return FitReason("country", True, (ANY_COUNTRY,))
    return FitReason("country", participant.country in sought, (participant.country,))


def _call_eligibility(call: Any, participant: Any, as_of: date) -> FitReason:
    match = match_call(Profile.of(participant), CallFacts.of(call), today=as_of)
    if match is None:
        return FitReason("call", False, (call.public_id,))
    if match.eligibility == "check":
        return FitReason("call-check", True, (call.public_id,))
    return FitReason("call", True, (call.public_id,))


# -- reasons in words -----------------------------------------------------------------------

_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "status+": "the offer is open",
        "status-": "the offer is {status}",
        "expiry+": "open until {date}",
        "expiry-": "the offer expired on {date}",
        "poster+": "posted by another member",
        "poster-": "this is your own offer",
        "country+": "partners sought in {country}",
        "country-": "{country} is not among the countries sought",
        "country-any+": "partners sought in any country",
        "cross-border+": "cross-border call: the poster is in {country}, you are not",
        "cross-border-": "cross-border call: the poster is also in {country}",
        "applicant-type+": "open to {type}",
        "applicant-type-": "not open to {type}",
        "applicant-type-any+": "any type of organisation sought",
        "themes+": "themes in common: {themes}",
        "themes-": "no theme in common",
        "call+": "you are eligible for the call {call}",
        "call-": "you are not eligible for the call {call} (or it is no longer open)",
        "call-check+": "the call {call} does not say who may apply: check its terms",
        "closed": "closed",
        "filled": "filled",
    },
    "fr": {
        "status+": "l'offre est ouverte",
        "status-": "l'offre est {status}",
        "expiry+": "ouverte jusqu'au {date}",
        "expiry-": "l'offre a expiré le {date}",
        "poster+": "publiée par un autre membre",
        "poster-": "c'est votre propre offre",
        "country+": "partenaires recherchés\u00a0: {country}",
        "country-": "{country} ne fait pas partie des pays recherchés",
        "country-any+": "partenaires recherchés dans tous les pays",
        "cross-border+": (
            "appel transfrontalier\u00a0: l'auteur de l'offre est d'un autre pays ({country})"
        ),
        "cross-border-": "appel transfrontalier\u00a0: l'auteur de l'offre est aussi de {country}",
        "applicant-type+": "type recherché\u00a0: {type}",
        "applicant-type-": "type non recherché\u00a0: {type}",
        "applicant-type-any+": "tout type d'organisation recherché",
        "themes+": "thèmes communs\u00a0: {themes}",
        "themes-": "aucun thème commun",
        "call+": "vous êtes éligible à l'appel {call}",
        "call-": "vous n'êtes pas éligible à l'appel {call} (ou il n'est plus ouvert)",
        "call-check+": "l'appel {call} ne précise pas qui peut candidater\u00a0: vérifiez-le",
        "closed": "close",
        "filled": "pourvue",
    },
}


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def describe_fit_reason(reason: FitReason, language: str = "en") -> str:
    """One verdict in English or French, with taxonomy labels and country names."""
    from babel.dates import format_date

    lang = language if language in _PHRASES else "en"
    phrases = _PHRASES[lang]
    taxonomy = load_taxonomy()
    rule = reason.rule
    if rule in ("country", "applicant-type") and not reason.values:
        rule = f"{rule}-any"
    if rule == "country" and reason.values == (ANY_COUNTRY,):
        rule = "country-any"
    key = f"{rule}{'+' if reason.ok else '-'}"
    params: dict[str, str] = {}
    if rule == "status":
        params["status"] = phrases.get(reason.values[0], reason.values[0]) if reason.values else ""
    elif rule == "expiry":
        day = date.fromisoformat(reason.values[0])
        params["date"] = format_date(day, format="d MMMM y", locale=lang)
    elif rule in ("country", "cross-border"):
        params["country"] = country_name(reason.values[0], lang)
    elif rule == "applicant-type":
        params["type"] = _lower_first(taxonomy.label("applicant_type", reason.values[0], lang))
    elif rule == "themes":
        labels = (_lower_first(taxonomy.label("theme", t, lang)) for t in reason.values)
        params["themes"] = ", ".join(labels)
    elif rule in ("call", "call-check"):
        params["call"] = reason.values[0]
    return phrases[key].format(**params)
