"""The tagging vocabulary (matcher/taxonomy.yaml, a copy of the shared taxonomy), loaded once.

Every theme, applicant type, funding type and country group id that fundwatch emits or
accepts comes from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

# Codes some sources write that ISO 3166-1 spells otherwise.
COUNTRY_ALIASES = {"EL": "GR", "UK": "GB"}
# Kosovo* uses the user-assigned code XK, unknown to ISO 3166-1 and so to pycountry.
EXTRA_COUNTRIES = {"XK": {"en": "Kosovo", "fr": "Kosovo"}}


@dataclass(frozen=True)
class Term:
    id: str
    label: dict[str, str]
    covers: str = ""
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def label_in(self, language: str) -> str:
        return self.label.get(language) or self.label["en"]


@dataclass(frozen=True)
class CountryGroup:
    id: str
    label: dict[str, str]
    members: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    version: int
    themes: tuple[Term, ...]
    applicant_types: tuple[Term, ...]
    funding_types: tuple[Term, ...]
    country_groups: dict[str, CountryGroup]

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    @property
    def applicant_type_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.applicant_types)

    @property
    def funding_type_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.funding_types)

    def theme(self, theme_id: str) -> Term:
        return _by_id(self.themes, theme_id)

    def applicant_type(self, type_id: str) -> Term:
        return _by_id(self.applicant_types, type_id)

    def funding_type(self, type_id: str) -> Term:
        return _by_id(self.funding_types, type_id)

    def label(self, kind: str, term_id: str, language: str = "en") -> str:
        """The label of a theme, applicant type, funding type or country group id."""
        if kind == "country_group":
            group = self.country_groups[term_id]
            return group.label.get(language) or group.label["en"]
        terms = {"theme": self.themes, "applicant_type": self.applicant_types}.get(
            kind, self.funding_types
        )
        return _by_id(terms, term_id).label_in(language)

    def expand_countries(self, codes: Iterable[str]) -> list[str]:
        """Country codes and group ids -> sorted unique ISO alpha-2 codes (EL read as GR)."""
        out: set[str] = set()
        for code in codes:
            if code in self.country_groups:
                out.update(self.country_groups[code].members)
                continue
            normal = normalise_country(code)
            if normal is None:
                raise ValueError(f"unknown country or country group {code!r}")
            out.add(normal)
        return sorted(out)


def _by_id(terms: Iterable[Term], term_id: str) -> Term:
    for term in terms:
        if term.id == term_id:
            return term
    raise KeyError(term_id)


def normalise_country(code: str) -> str | None:
    """An ISO alpha-2 code (upper case; EL->GR, UK->GB; XK kept), or None when unknown."""
    import pycountry

    upper = code.strip().upper()
    upper = COUNTRY_ALIASES.get(upper, upper)
    if upper in EXTRA_COUNTRIES:
        return upper
    if len(upper) == 2 and pycountry.countries.get(alpha_2=upper) is not None:
        return upper
    return None


def country_name(code: str, language: str = "en") -> str:
    """A country's name in English or French (babel), for digests and pages."""
    from babel import Locale

    if code in EXTRA_COUNTRIES:
        return EXTRA_COUNTRIES[code].get(language, EXTRA_COUNTRIES[code]["en"])
    names = Locale.parse(language if language in ("en", "fr") else "en").territories
    return str(names.get(code, code))


def repair_label(raw: dict[str, Any]) -> dict[str, str]:
    """Labels as written, even where a flow mapping has an unquoted comma.

    The shared taxonomy writes `label: {en: Culture, history and remembrance, fr: …}`; YAML
    reads the words after each comma as extra keys with no value. The file must stay a byte
    copy of the shared one, so the label is put back together here: a key without a value
    continues the label of the language key before it.
    """
    label: dict[str, str] = {}
    current: str | None = None
    for key, value in raw.items():
        if value is None and current is not None:
            label[current] = f"{label[current]}, {key}"
        else:
            current = str(key)
            label[current] = str(value)
    return label


def _term(raw: dict[str, Any]) -> Term:
    terms = {lang: tuple(words) for lang, words in (raw.get("terms") or {}).items()}
    label = repair_label(raw["label"])
    return Term(id=raw["id"], label=label, covers=raw.get("covers", ""), terms=terms)


class Yaml12BoolLoader(yaml.SafeLoader):
    """YAML 1.1 reads NO (Norway), YES, ON, OFF as booleans; only true/false are booleans here."""


Yaml12BoolLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12BoolLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def parse_taxonomy(text: str) -> Taxonomy:
    data = yaml.load(text, Loader=Yaml12BoolLoader)  # a SafeLoader subclass: no tags run code
    groups = {
        gid: CountryGroup(id=gid, label=repair_label(g["label"]), members=tuple(g["members"]))
        for gid, g in data["country_groups"].items()
    }
    return Taxonomy(
        version=int(data["version"]),
        themes=tuple(_term(t) for t in data["themes"]),
        applicant_types=tuple(_term(t) for t in data["applicant_types"]),
        funding_types=tuple(_term(t) for t in data["funding_types"]),
        country_groups=groups,
    )


@cache
def load_taxonomy() -> Taxonomy:
    """The packaged taxonomy, parsed once per process."""
    text = resources.files("matcher").joinpath("taxonomy.yaml").read_text(encoding="utf-8")
    return parse_taxonomy(text)
