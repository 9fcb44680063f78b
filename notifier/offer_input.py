"""The offers file (conventions §2): one partnership offer as YAML or JSON, validated.

Only the shape and the vocabulary are checked here (kinds, roles, taxonomy ids, country
codes and groups, language codes, dates); whether the participant and the call exist, and
whether the offer is already expired, needs the database and is checked in
`notifier.offers.post_offer`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from matcher.taxonomy import Yaml12BoolLoader, load_taxonomy, normalise_country
from models.linefile import validation_reason
from models.offer import OFFER_KINDS, OFFER_ROLES
from models.participantfile import language_codes
from notifier.offer_words import refusal_text

ANY_COUNTRY = "any"


class OfferRefused(ValueError):
    """Bad input for an offer or an interest: a reason `code` (notifier.offer_words.REFUSALS)
    and its values. `str()` is the one-line English reason of the command line;
    `text(language)` says it on a page in the reader's language."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(refusal_text(code, params))

    def text(self, language: str) -> str:
        return refusal_text(self.code, self.params, language)


class OfferInput(BaseModel):
    """One offer as posted. Unknown fields are refused: a typo must not vanish silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    participant: str = Field(min_length=1, max_length=100)
    kind: str
    title: str = Field(min_length=1, max_length=500)
    description: str = ""
    call: str | None = Field(None, min_length=1)
    themes: list[str] = []
    countries: list[str] = [ANY_COUNTRY]
    roles: list[str] = []
    applicant_types: list[str] = []
    languages: list[str] = []
    expires: date | None = None
    share_contact: bool = False

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in OFFER_KINDS:
            raise ValueError(f"kind must be one of {', '.join(OFFER_KINDS)}, not {value!r}")
        return value

    @field_validator("themes")
    @classmethod
    def _themes(cls, value: list[str]) -> list[str]:
        return _known(value, load_taxonomy().theme_ids, "theme")

    @field_validator("applicant_types")
    @classmethod
    def _applicant_types(cls, value: list[str]) -> list[str]:
        return _known(value, load_taxonomy().applicant_type_ids, "applicant type")

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[str]) -> list[str]:
        return _known(value, OFFER_ROLES, "role")

    @field_validator("countries", mode="before")
    @classmethod
    def _countries(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return normalise_countries([str(v) for v in value])

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        return language_codes(value)


def _known(values: list[str], allowed: tuple[str, ...], what: str) -> list[str]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValueError(
            f"unknown {what} {', '.join(map(repr, unknown))} (known: {', '.join(allowed)})"
        )
    return sorted(set(values))


def normalise_countries(values: list[str]) -> list[str]:
    """Country codes upper-cased (EL read as GR), group ids kept as given, or ["any"] alone.

    Groups stay unexpanded so the offer keeps saying what its poster meant ("EU Member
    States"); `matcher.offer_fit` expands them when it decides.
    """
    groups = load_taxonomy().country_groups
    cleaned = [v.strip() for v in values if v.strip()]
    if not cleaned:
        raise ValueError("give at least one country or country group, or [any]")
    if any(v.lower() == ANY_COUNTRY for v in cleaned):
        if len(cleaned) > 1:
            raise ValueError("`any` cannot be combined with countries or groups")
        return [ANY_COUNTRY]
    out: list[str] = []
    for value in cleaned:
        if value.lower() in groups:
            out.append(value.lower())
            continue
        code = normalise_country(value)
        if code is None:
            raise ValueError(
                f"{value!r} is neither an ISO 3166-1 alpha-2 country code nor a country group "
                f"({', '.join(groups)})"
            )
        out.append(code)
    return sorted(set(out))


def parse_offer(data: Any) -> OfferInput:
    """A validated offer, or OfferRefused naming the first problems."""
    if not isinstance(data, dict):
        raise OfferRefused("not-a-mapping")
    try:
        return OfferInput.model_validate(data)
    except ValidationError as exc:
        raise OfferRefused("invalid", detail=validation_reason(exc)) from None


def read_offer_text(text: str, *, fmt: str) -> Any:
    """The raw mapping of an offers file (`yaml`) or of a --json argument (`json`)."""
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise OfferRefused("invalid-json", detail=exc.msg, column=exc.colno) from None
    try:
        # The taxonomy's loader reads only true/false as booleans, so `NO` stays Norway.
        return yaml.load(text, Loader=Yaml12BoolLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise OfferRefused(
            "invalid-yaml", where=where, detail=getattr(exc, "problem", exc)
        ) from None
