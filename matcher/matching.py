"""Whether a call fits a participant, how well, and why: pure functions over plain values.

`match_call()` is the one statement of the rules; the digest builder narrows thousands of
calls with array filters first (notifier/matchindex.py) and then asks `match_call()` for the
verdict on each candidate, so the rules live here only. The reasons a match carries are
structured (`Reason`) and rendered in English or French by `describe()`, for the digest and
for the call's page on the web app.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any, Literal

from matcher.taxonomy import country_name, load_taxonomy

LIVE_STATUSES = ("open", "forthcoming")
Eligibility = Literal["eligible", "check"]

# Weights of the ranking inside a digest section (see match_call's docstring).
THEME_WEIGHT = 3.0
KEYWORD_WEIGHT = 2.0
SIMILARITY_WEIGHT = 2.0
DEADLINE_WEIGHT = 1.0
# Below this cosine, profile text similarity is noise and is not given as a reason.
SIMILARITY_REASON_THRESHOLD = 0.15
_WORD = re.compile(r"\w+")
# Combining marks left by NFKD (accents, cedillas, the Romanian comma below).
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


# -- plain inputs ---------------------------------------------------------------------------


def normalise_words(text: str) -> str:
    """Lower-case words without accents, one space apart, padded: " école rurale " -> " ecole
    rurale ". Keyword phrases are searched in this form, so they match whole words only."""
    folded = text.casefold()
    if not folded.isascii():
        folded = _MARKS.sub("", unicodedata.normalize("NFKD", folded))
    return " " + " ".join(_WORD.findall(folded)) + " "


@dataclass(frozen=True)
class Profile:
    """What matching reads of a participant."""

    key: Any
    country: str
    applicant_type: str
    themes: frozenset[str] = frozenset()
    keywords: tuple[str, ...] = ()
    wants_tenders: bool = False
    text: str = ""

    @classmethod
    def of(cls, participant: Any) -> Profile:
        """From a models.Participant (or anything with the same attributes)."""
        keywords = tuple(k for k in (participant.keywords or []) if normalise_words(k).strip())
        return cls(
            key=participant.id,
            country=participant.country,
            applicant_type=participant.applicant_type,
            themes=frozenset(participant.themes or []),
            keywords=keywords,
            wants_tenders=bool(participant.wants_tenders),
            text=" ".join([participant.profile or "", *keywords]).strip(),
        )


# The attributes of a call CallFacts.of reads (a query can load just these columns).
CALL_FACT_ATTRIBUTES = ("id", "status", "deadlines", "countries", "applicant_types", "themes",
                        "funding_type", "title", "description_text", "opening_date",
                        "hidden")  # fmt: skip


def call_words(call: Any) -> str:
    """A call's title and description as keywords and text similarity read them."""
    return normalise_words(f"{call.title}\n{call.description_text or ''}")


@dataclass(frozen=True)
class CallFacts:
    """What matching reads of a call; `words` is its title and description normalised."""

    key: Any
    status: str
    deadlines: tuple[date, ...] = ()
    countries: frozenset[str] = frozenset()
    applicant_types: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    funding_type: str | None = None
    words: str = " "
    opening_date: date | None = None
    hidden: bool = False

    @classmethod
    def of(cls, call: Any) -> CallFacts:
        """From a models.Call (or anything with the same attributes)."""
        return cls(
            key=call.id,
            status=call.status,
            deadlines=tuple(sorted(date.fromisoformat(d) for d in call.deadlines or [])),
            countries=expand_countries(call.countries or []),
            applicant_types=frozenset(call.applicant_types or []),
            themes=frozenset(call.themes or []),
            funding_type=call.funding_type,
            words=call_words(call),
            opening_date=call.opening_date,
            hidden=bool(call.hidden),
        )

    def next_deadline(self, today: date) -> date | None:
        """The first deadline on or after `today` (None for a rolling call or a passed one)."""
        return next((d for d in self.deadlines if d >= today), None)

    def is_live(self, today: date) -> bool:
        """Open or forthcoming, shown, and with a deadline still ahead (or none: rolling)."""
        if self.hidden or self.status not in LIVE_STATUSES:
            return False
        return not self.deadlines or self.deadlines[-1] >= today


def expand_countries(codes: Iterable[str]) -> frozenset[str]:
    """ISO codes as they are, taxonomy group ids ("eu") as their members; unknown codes kept."""
    groups = load_taxonomy().country_groups
    out: set[str] = set()
    for code in codes:
        out.update(groups[code].members if code in groups else (code.upper(),))
    return frozenset(out)


# -- the verdict ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """One reason of a match; `describe()` turns it into words."""

    kind: str
    values: tuple[str, ...] = ()
    number: int | None = None


@dataclass(frozen=True)
class Match:
    call_key: Any
    eligibility: Eligibility
    score: float
    themes: tuple[str, ...]
    keywords: tuple[str, ...]
    similarity: float
    next_deadline: date | None
    days_left: int | None
    reasons: tuple[Reason, ...] = field(default=())


@lru_cache(maxsize=65536)
def _phrase_of(keyword: str) -> str:
    return normalise_words(keyword)


def keyword_hits(keywords: Sequence[str], words: str) -> tuple[str, ...]:
    """The keywords whose words appear together, whole, in `words` (a normalise_words text)."""
    return tuple(k for k in keywords if _phrase_of(k) in words)


def match_call(
    profile: Profile, call: CallFacts, *, today: date, similarity: float = 0.0
) -> Match | None:
    """The match of `call` for `profile` on `today`, or None when it does not fit.

    Hard filters, all required:

    - the call is open or forthcoming and not hidden, and its next deadline is on or after
      `today` (a rolling call, with no deadline, passes);
    - the participant's country is in the call's countries;
    - the participant's applicant type is in the call's applicant types;
    - the funding type is not `tender`, unless the participant asks for tenders;
    - the call's themes intersect the participant's, or one of the participant's keywords
      appears in the call's title or description (whole words; case and accents ignored).

    A call with no countries or no applicant types (its eligibility could not be
    determined) is not dropped: it matches with eligibility "check" when every other filter
    passes and what is known (the countries, or the applicant types) admits the participant.

    Score, higher first: 3 x the share of the participant's themes the call covers,
    + 2 x keyword hits (up to 3, as a share), + 2 x the cosine `similarity` of the call's
    text to the profile text, + 1 x deadline closeness (1 today, 0.5 in 30 days, 0 when
    rolling).
    """
    if not call.is_live(today):
        return None
    deadline = call.next_deadline(today)
    if call.countries and profile.country not in call.countries:
        return None
    if call.applicant_types and profile.applicant_type not in call.applicant_types:
        return None
    if call.funding_type == "tender" and not profile.wants_tenders:
        return None
    shared = tuple(sorted(profile.themes & call.themes))
    hits = keyword_hits(profile.keywords, call.words)
    if not shared and not hits:
        return None
    eligibility: Eligibility = "eligible" if call.countries and call.applicant_types else "check"
    days_left = (deadline - today).days if deadline is not None else None
    theme_share = len(shared) / len(profile.themes) if profile.themes else 0.0
    closeness = 0.0 if days_left is None else 1.0 / (1.0 + days_left / 30.0)
    score = (
        THEME_WEIGHT * theme_share
        + KEYWORD_WEIGHT * min(len(hits), 3) / 3
        + SIMILARITY_WEIGHT * similarity
        + DEADLINE_WEIGHT * closeness
    )
    return Match(
        call_key=call.key,
        eligibility=eligibility,
        score=round(score, 6),
        themes=shared,
        keywords=hits,
        similarity=similarity,
        next_deadline=deadline,
        days_left=days_left,
        reasons=_reasons(profile, call, eligibility, shared, hits, similarity, days_left),
    )


def _reasons(
    profile: Profile,
    call: CallFacts,
    eligibility: Eligibility,
    shared: tuple[str, ...],
    hits: tuple[str, ...],
    similarity: float,
    days_left: int | None,
) -> tuple[Reason, ...]:
    reasons: list[Reason] = []
    if eligibility == "eligible":
        reasons.append(Reason("open-to", (profile.applicant_type, profile.country)))
    else:
        known = {"countries": call.countries, "applicant_types": call.applicant_types}
        missing = tuple(name for name, values in known.items() if not values)
        reasons.append(Reason("check-eligibility", missing))
    if shared:
        reasons.append(Reason("themes", shared))
    if hits:
        reasons.append(Reason("keywords", hits))
    if similarity >= SIMILARITY_REASON_THRESHOLD:
        reasons.append(Reason("profile"))
    if call.status == "forthcoming" and call.opening_date is not None:
        reasons.append(Reason("opens", (call.opening_date.isoformat(),)))
    if days_left is None:
        reasons.append(Reason("rolling"))
    else:
        reasons.append(Reason("deadline", number=days_left))
    return tuple(reasons)


def rank(matches: Iterable[Match]) -> list[Match]:
    """Best first; ties by the nearer deadline (rolling last), then by call key."""
    return sorted(
        matches,
        key=lambda m: (
            -m.score,
            m.days_left if m.days_left is not None else 10**6,
            str(m.call_key),
        ),
    )


# -- reasons in words -----------------------------------------------------------------------

_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "open-to": "open to {type} in {country}",
        "check-eligibility": "eligibility not stated ({missing}): check the call",
        "countries": "countries",
        "applicant_types": "who may apply",
        "themes": "themes: {values}",
        "keywords": "your keywords: {values}",
        "profile": "close to your profile",
        "opens": "opens on {date}",
        "rolling": "no deadline (open until further notice)",
        "deadline-0": "deadline today",
        "deadline-1": "deadline tomorrow",
        "deadline-n": "deadline in {n} days",
    },
    "fr": {
        "open-to": "éligible\u00a0: {type}, {country}",
        "check-eligibility": "éligibilité non précisée ({missing})\u00a0: vérifiez l'appel",
        "countries": "pays",
        "applicant_types": "bénéficiaires",
        "themes": "thèmes\u00a0: {values}",
        "keywords": "vos mots-clés\u00a0: {values}",
        "profile": "proche de votre profil",
        "opens": "ouverture le {date}",
        "rolling": "sans date limite (ouvert jusqu'à nouvel ordre)",
        "deadline-0": "date limite aujourd'hui",
        "deadline-1": "date limite demain",
        "deadline-n": "date limite dans {n} jours",
    },
}


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


@cache
def _label(kind: str, term_id: str, language: str) -> str:
    return load_taxonomy().label(kind, term_id, language)


@cache
def _country(code: str, language: str) -> str:
    return country_name(code, language)


@cache
def _phrase(language: str, key: str) -> str:
    return _PHRASES.get(language, _PHRASES["en"])[key]


@lru_cache(maxsize=65536)
def describe_reason(reason: Reason, language: str = "en") -> str:
    """One reason in English or French, with taxonomy labels and country names."""
    from babel.dates import format_date

    lang = language if language in _PHRASES else "en"
    if reason.kind == "open-to":
        type_id, country = reason.values
        label = _lower_first(_label("applicant_type", type_id, lang))
        return _phrase(lang, "open-to").format(type=label, country=_country(country, lang))
    if reason.kind == "check-eligibility":
        missing = ", ".join(_phrase(lang, name) for name in reason.values)
        return _phrase(lang, "check-eligibility").format(missing=missing)
    if reason.kind == "themes":
        labels = ", ".join(_lower_first(_label("theme", t, lang)) for t in reason.values)
        return _phrase(lang, "themes").format(values=labels)
    if reason.kind == "keywords":
        return _phrase(lang, "keywords").format(values=", ".join(reason.values))
    if reason.kind == "opens":
        when = format_date(date.fromisoformat(reason.values[0]), format="d MMMM y", locale=lang)
        return _phrase(lang, "opens").format(date=when)
    if reason.kind == "deadline":
        n = reason.number or 0
        key = "deadline-0" if n == 0 else "deadline-1" if n == 1 else "deadline-n"
        return _phrase(lang, key).format(n=n)
    return _phrase(lang, reason.kind)


def describe(match: Match, language: str = "en") -> list[str]:
    """Every reason of `match` in words."""
    return [describe_reason(reason, language) for reason in match.reasons]


def reasons_text(match: Match, language: str = "en") -> str:
    """The reasons as one line: "open to … in Romania; themes: housing, education; deadline in
    23 days"."""
    return "; ".join(describe(match, language))
