"""A member's own profile and digest preferences: form values checked, then applied.

Forms post plain strings; each is checked here against the taxonomy and the model's
limits, so a bad value is an error shown next to its field and nothing is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pycountry
from pydantic import BaseModel

from matcher.taxonomy import load_taxonomy
from models.participant import CONTACT_LANGUAGES, FREQUENCIES, Contact, Participant
from web.filters import clean_multiline, known_countries

MAX_PROFILE = 5000
MAX_KEYWORDS = 30
MAX_KEYWORD = 60
MAX_POPULATION = 100_000_000


class ProfileForm(BaseModel):
    """The profile form as posted (strings; checked by `check_profile`)."""

    country: str = ""
    applicant_type: str = ""
    population: str = ""
    profile: str = ""
    themes: list[str] = []
    keywords: str = ""
    languages: str = ""


class PreferencesForm(BaseModel):
    frequency: str = ""
    language: str = ""


@dataclass
class CheckedProfile:
    country: str
    applicant_type: str
    population: int | None
    profile: str | None
    themes: list[str]
    keywords: list[str]
    languages: list[str]
    errors: dict[str, str] = field(default_factory=dict)


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


def check_profile(form: ProfileForm) -> CheckedProfile:
    """The form's values, normalised, with an error message key per bad field."""
    taxonomy = load_taxonomy()
    errors: dict[str, str] = {}
    # PostgreSQL refuses NUL in text and JSON: control characters never reach the database.
    form = ProfileForm.model_validate(
        {
            name: clean_multiline(value) if isinstance(value, str) else value
            for name, value in form.model_dump().items()
        }
    )
    country = form.country.strip().upper()
    if country not in known_countries():
        errors["country"] = "unknown country"
    applicant_type = form.applicant_type.strip()
    if applicant_type not in taxonomy.applicant_type_ids:
        errors["applicant_type"] = "unknown applicant type"
    population: int | None = None
    if form.population.strip():
        digits = form.population.strip().replace(" ", "").replace(",", "").replace(".", "")
        if digits.isdigit() and int(digits) <= MAX_POPULATION:
            population = int(digits)
        else:
            errors["population"] = "not a whole number"
    themes = sorted(set(form.themes))
    if any(theme not in taxonomy.theme_ids for theme in themes):
        errors["themes"] = "unknown theme"
    keywords = sorted({k.lower() for k in _split(form.keywords)})
    if len(keywords) > MAX_KEYWORDS or any(len(k) > MAX_KEYWORD for k in keywords):
        errors["keywords"] = "too long"
    languages: list[str] = []
    for code in _split(form.languages.lower()):
        if len(code) != 2 or pycountry.languages.get(alpha_2=code) is None:
            errors["languages"] = "unknown language code {code}"
            errors["languages_code"] = code
            break
        if code not in languages:
            languages.append(code)
    profile = form.profile.strip()
    if len(profile) > MAX_PROFILE:
        errors["profile"] = "too long"
    return CheckedProfile(
        country=country,
        applicant_type=applicant_type,
        population=population,
        profile=profile or None,
        themes=themes,
        keywords=keywords,
        languages=languages,
        errors=errors,
    )


def apply_profile(participant: Participant, checked: CheckedProfile) -> None:
    participant.country = checked.country
    participant.applicant_type = checked.applicant_type
    participant.population = checked.population
    participant.profile = checked.profile
    participant.themes = checked.themes
    participant.keywords = checked.keywords
    participant.languages = checked.languages


def apply_preferences(contact: Contact, form: PreferencesForm) -> dict[str, str]:
    """Set frequency and language when both are known values; the errors otherwise."""
    errors = {}
    if form.frequency not in FREQUENCIES:
        errors["frequency"] = "frequency"
    if form.language not in CONTACT_LANGUAGES:
        errors["language"] = "language"
    if not errors:
        contact.frequency = form.frequency
        contact.language = form.language
    return errors
