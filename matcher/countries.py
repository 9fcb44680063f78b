"""Countries where applicants must be established, read from a call's text.

- Country names in every language we read come from babel's territory names (plus
  pycountry's English official names), built once into a word-sequence table. Inflected
  forms ("Romániában", "w Rumunii", "u Srbiji", "Romanian") are caught by stems: a
  capitalised word that starts with a name, or with a name less its last letter.
- Group phrases ("EU Member States", "États membres du Conseil de l'Europe", "Western
  Balkans", "EEA and Norway Grants beneficiary States" …) expand with the taxonomy's
  `country_groups`.
- Exclusions are removed: countries after "except", "apart from", "à l'exception de",
  "kivéve", "с изключение на" … and countries in a sentence saying they are not eligible.
- Donor words ("Norway Grants", "Norwegian Financial Mechanism") name no applicant country.
- A list of codes ("AT, BE, EL, ES") counts too; EL is Greece (GR).
- No country named in a call written in a national language: that language's country
  (the web address's country when it has one), e.g. a Hungarian call is for Hungary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

from matcher.country_cues import (
    ADJECTIVES,
    ANY_COUNTRY,
    APPLICANTS,
    ASSOCIATED,
    BACKGROUND,
    DONOR,
    ESTABLISHED,
    EXCLUDE_BEFORE,
    EXTRA_NAMES,
    GROUP_PHRASES,
    GROUP_QUALIFIERS,
    HOME,
    INFLECTING,
    KNOWN,
    MEMBER_STATES,
    NAME_LANGUAGES,
    NOT_ELIGIBLE,
    OPTIONAL,
)
from matcher.cues import compile_cues, parse_cues
from matcher.taxonomy import load_taxonomy, normalise_country
from matcher.text import MAX_SPAN, clip, fold


# Countries a call for us can name: Europe, its neighbours and the usual associated ones.
@dataclass
class Countries:
    codes: set[str] = field(default_factory=set)
    evidence: dict[str, list[str]] = field(default_factory=dict)

    def add(self, code: str, span: str) -> None:
        self.codes.add(code)
        spans = self.evidence.setdefault(code, [])
        if span not in spans and len(spans) < 2:
            spans.append(span)


@dataclass(frozen=True)
class _Tables:
    exact: dict[str, str]
    first_words: dict[str, int]  # first word of a name -> most words a name has after it
    prefix: dict[str, dict[str, tuple[str, int]]]  # language -> stem -> (code, letters after)
    adjectives: dict[str, str]  # English and French adjective stem -> code


# Languages whose country names take case endings ("Romániában", "w Rumunii", "u Srbiji").
_PARTNER_NOUNS = re.compile(
    r"(?<!\w)(?:partner|partenaire|organi[sz]ation|organisme|municipalit|authorit|applicant|"
    r"entit|ngos?\b|institution|side|border|beneficiar|count(?:y|ies)|region|communes?\b|"
    r"collectivit|association|structure|côté|frontière|acteur|porteur|lead)"
)


@cache
def _tables() -> _Tables:
    import pycountry
    from babel import Locale

    names: dict[str, set[str]] = {}
    by_language: dict[str, dict[str, set[str]]] = {}

    def note(name: str, code: str, language: str = "en") -> None:
        key = " ".join(re.findall(r"\w+", fold(name)))
        if key:
            names.setdefault(key, set()).add(code)
            by_language.setdefault(language.split("_")[0], {}).setdefault(key, set()).add(code)

    for language in NAME_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if code in KNOWN:
                note(name, code, language)
    for code in KNOWN:
        country = pycountry.countries.get(alpha_2=code)
        for attr in ("name", "official_name", "common_name"):
            if country is not None and getattr(country, attr, None):
                note(getattr(country, attr), code)
    for name, code in EXTRA_NAMES.items():
        note(name, code)
    exact = {key: next(iter(codes)) for key, codes in names.items() if len(codes) == 1}
    first_words: dict[str, int] = {}
    for key in exact:
        words = key.split(" ")
        first_words[words[0]] = max(first_words.get(words[0], 0), len(words))
    prefix: dict[str, dict[str, tuple[str, int]]] = {}
    for language, table in by_language.items():
        stems: dict[str, set[tuple[str, int]]] = {}
        for key, codes in table.items():
            if " " in key or len(key) < 5 or len(codes) != 1:
                continue
            code = next(iter(codes))
            stems.setdefault(key, set()).add((code, 5))
            if key[-1] in "aeiouyаяеиоуыйьαηιουω" and len(key) >= 6:
                stems.setdefault(key[:-1], set()).add((code, 4))
        prefix[language] = {
            stem: max(options, key=lambda o: o[1])
            for stem, options in stems.items()
            if len({code for code, _ in options}) == 1
        }
    for alias, target in (("hr", "sr"), ("bs", "sr")):
        prefix[alias] = {**prefix.get(target, {}), **prefix.get(alias, {})}
    adjectives = {fold(word): code for code, words in ADJECTIVES.items() for word in words.split()}
    return _Tables(exact=exact, first_words=first_words, prefix=prefix, adjectives=adjectives)


_WORD = re.compile(r"\w+")
_CODE_LIST = re.compile(r"\b[A-Z]{2}\b(?:\s*[,/;]\s*[A-Z]{2}\b){2,}")


def _lookup_stem(word: str, stems: dict[str, tuple[str, int]]) -> str | None:
    for cut in range(len(word), 4, -1):
        hit = stems.get(word[:cut])
        if hit is not None and len(word) - cut <= hit[1]:
            return hit[0]
    return None


def _adjective(word: str, folded: str, start: int, end: int, tables: _Tables) -> str | None:
    """The country of an adjective placed next to a partner word ("French partner",
    "partenaire français"), else None: "Romanian language" names no applicant country."""
    for cut in range(len(word), 3, -1):
        code = tables.adjectives.get(word[:cut])
        if code is not None and len(word) - cut <= 3:
            after = re.split(r"[.;:()]", folded[end : end + 45], maxsplit=1)[0]
            before = re.split(r"[.;:()]", folded[max(0, start - 25) : start])[-1]
            return code if _PARTNER_NOUNS.search(after) or _PARTNER_NOUNS.search(before) else None
    return None


def _upper_class() -> str:
    upper = "".join(chr(c) for c in range(0x2500) if chr(c).isupper() and chr(c).isalpha())
    return "[" + re.escape(upper) + "]"


# Country names are capitalised in every language we read: only capitalised words (and, in
# French, lower-case adjectives) are looked up, which keeps this under a millisecond a call.
_CAPITALISED = re.compile(r"(?<!\w)" + _upper_class() + r"\w*")
_FOLLOWING = re.compile(r"\w+")


def country_mentions(text: str, language: str = "en") -> list[tuple[str, int, int]]:
    """(code, start, end) of every country name or code list item in `text`."""
    tables = _tables()
    stems = tables.prefix.get(language, {}) if language in INFLECTING else {}
    folded = fold(text)
    found: list[tuple[str, int, int]] = []
    taken_until = -1
    for match in _CAPITALISED.finditer(text):
        start = match.start()
        if start < taken_until:
            continue
        word = folded[start : match.end()]
        hit = None
        longest = tables.first_words.get(word, 0)
        if longest > 1:
            words = [(m.group(0), m.end()) for m in _FOLLOWING.finditer(folded, start, start + 80)]
            for n in range(min(longest, len(words)), 1, -1):
                code = tables.exact.get(" ".join(w for w, _ in words[:n]))
                if code is not None:
                    hit = (code, start, words[n - 1][1])
                    break
        if hit is None and longest:
            code = tables.exact.get(word)
            hit = (code, start, match.end()) if code else None
        if hit is None and len(word) >= 5 and stems:
            code = _lookup_stem(word, stems)
            hit = (code, start, match.end()) if code else None
        if hit is None and language == "en" and len(word) >= 4:
            code = _adjective(word, folded, start, match.end(), tables)
            hit = (code, start, match.end()) if code else None
        if hit is not None:
            found.append(hit)
            taken_until = hit[2]
    if language == "fr":
        # French writes adjectives of nationality in lower case ("un partenaire belge").
        for match in _french_adjectives().finditer(folded):
            code = _adjective(match.group(0), folded, match.start(), match.end(), tables)
            if code is not None and not any(s <= match.start() < e for _, s, e in found):
                found.append((code, match.start(), match.end()))
    for match in _CODE_LIST.finditer(text):
        for code in re.findall(r"[A-Z]{2}", match.group(0)):
            normal = normalise_country(code)
            if normal is not None and normal in KNOWN:
                found.append((normal, match.start(), match.end()))
    return sorted(found, key=lambda item: item[1])


@cache
def _french_adjectives() -> re.Pattern[str]:
    stems = sorted({fold(w) for words in ADJECTIVES.values() for w in words.split()}, key=len)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, reversed(stems))) + r")\w{0,3}(?!\w)")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    def every(spec: str) -> re.Pattern[str]:
        return compile_cues(tuple(c for cues in parse_cues(spec).values() for c in cues))

    out = {
        "member": every(MEMBER_STATES),
        "exclude": every(EXCLUDE_BEFORE),
        "not_eligible": every(NOT_ELIGIBLE),
        "donor": every(DONOR),
        "established": every(ESTABLISHED),
        "any_country": every(ANY_COUNTRY),
        "associated": every(ASSOCIATED),
        "applicants": every(APPLICANTS),
        "background": every(BACKGROUND),
        "optional": every(OPTIONAL),
    }
    for group, spec in GROUP_QUALIFIERS.items():
        out["q:" + group] = every(spec)
    for group, spec in GROUP_PHRASES.items():
        out["g:" + group] = every(spec)
    return out


_NOT_A_GROUP_BEFORE = re.compile(
    r"(?:other|autres?|celalalt|celelalte|eight|several|some|certain|\d+|two|three|four|five|"
    r"deux|trois|quatre|plusieurs|each|both|chaque|fiecare|mindket|ketto|два|две|три|"
    r"dva|dve|tri|dwa|dwoch|trzech|dos|tres|due|tre|δυο|τρια|beide|beiden|ambele|"
    r"obou|oba|obu|obe|ambos|entrambi|ολων)\W*(?:\w+\W+)?$"
)


def _groups_in(text: str, folded: str, programme: str) -> list[tuple[str, int, int]]:
    """Country groups the text names as where applicants may be, with their offsets."""
    patterns = _patterns()
    found = []
    for key, pattern in patterns.items():
        if key.startswith("g:"):
            found += [(key[2:], m.start(), m.end()) for m in pattern.finditer(folded)]
    for match in patterns["member"].finditer(folded):
        before = folded[max(0, match.start() - 25) : match.start()]
        near = folded[max(0, match.start() - 40) : match.end() + 45]
        if patterns["q:coe"].search(near):
            found.append(("coe", match.start(), match.end()))
            continue
        # "the other Member State", "eight member States" speak of states, not of where
        # applicants may be established; so does a borrower list ("Emprunteurs : États
        # membres") unless the EU is named.
        if _NOT_A_GROUP_BEFORE.search(before):
            continue
        qualified = patterns["q:eu"].search(folded[max(0, match.start() - 15) : match.end() + 30])
        if not qualified and before.rstrip().endswith(":"):
            continue
        if re.match(
            r"\W*(?:of|de|du|des)\W+(?:the\W+|la\W+)?(?:bank|banque|ceb)", folded[match.end() :]
        ):
            continue
        found.append(("eu", match.start(), match.end()))
    for match in patterns["q:eu"].finditer(folded):
        sentence = _sentence_around(folded, match.start())
        if patterns["applicants"].search(sentence):
            found.append(("eu", match.start(), match.end()))
    if "erasmus" in programme:
        found += [
            ("erasmus-programme", m.start(), m.end())
            for m in patterns["associated"].finditer(folded)
        ]
    return found


def _sentence_around(folded: str, pos: int) -> str:
    starts = [folded.rfind(stop, 0, pos) for stop in (". ", "\n", "; ")]
    start = max(starts) + 1
    ends = [e for e in (folded.find(stop, pos) for stop in (". ", "\n", "; ")) if e >= 0]
    return folded[start : min(ends) if ends else len(folded)]


def extract_countries(
    title: str, body: str, language: str, url: str = "", programme: str = ""
) -> Countries:
    """ISO codes where applicants must be established, each with the phrase that said so.

    - The title's countries count ("Interreg Österreich–Ungarn"); in the description only
      those in a sentence about applicants, partners or eligibility, so "Roma from Romania"
      in a German call's background names no applicant country.
    - A sentence saying partners are optional adds none; excluded ones are removed.
    - None named: the web address's country, else the language's for a national language.
    """
    result = Countries()
    excluded: set[str] = set()
    patterns = _patterns()
    context = fold(" ".join((programme, url, title, body[:3000])))
    programme = "erasmus" if "erasmus" in context else ""
    for is_title, text in ((True, title), (False, body)):
        folded = fold(text)
        if patterns["any_country"].search(folded):
            return Countries()
        checked: dict[str, bool] = {}

        for group, start, end in _groups_in(text, folded, programme):
            if is_title or _about_applicants(folded, start, checked):
                span = clip(text, start, end)
                for code in group_members(group):
                    result.add(code, span)
        donor_spans = [(m.start(), m.end()) for m in patterns["donor"].finditer(folded)]
        for code, start, end in country_mentions(text, language):
            if any(s <= start < e for s, e in donor_spans):
                continue
            if _is_excluded(folded, start, end):
                excluded.add(code)
            elif is_title or _about_applicants(folded, start, checked):
                result.add(code, clip(text, start, end))
    for code in excluded:
        result.codes.discard(code)
        result.evidence.pop(code, None)
    if not result.codes and not excluded:
        home = _home_country(language, url)
        if home is not None:
            # The evidence of a national call is its title, written in the national language.
            result.add(home, clip(title, 0, min(len(title), MAX_SPAN)) if title else "field:url")
    return result


def _about_applicants(folded: str, pos: int, checked: dict[str, bool]) -> bool:
    """False in a sentence about where people come from or about optional partners."""
    sentence = _sentence_around(folded, pos)
    if sentence not in checked:
        patterns = _patterns()
        checked[sentence] = not (
            patterns["background"].search(sentence) or patterns["optional"].search(sentence)
        )
    return checked[sentence]


@cache
def group_members(group: str) -> tuple[str, ...]:
    """A country group's members (the taxonomy loader keeps NO as Norway's code)."""
    return load_taxonomy().country_groups[group].members


def _is_excluded(folded: str, start: int, end: int) -> bool:
    patterns = _patterns()
    line_start = folded.rfind("\n", 0, start) + 1
    before = folded[max(line_start, start - 60) : start]
    for stop in (". ", "; ", ": "):
        cut = before.rfind(stop)
        if cut >= 0:
            before = before[cut + 2 :]
    # A country right after an exclusion word, or in a list that follows one.
    matches = list(patterns["exclude"].finditer(before))
    if matches and not re.search(r"[.;:]", before[matches[-1].end() :]):
        return True
    sentence_end = min(
        (p for p in (folded.find(". ", end), folded.find("\n", end)) if p >= 0),
        default=len(folded),
    )
    after = folded[end : min(sentence_end, end + 60)]
    return bool(patterns["not_eligible"].search(after))


def _tld_country(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    tld = host.rsplit(".", 1)[-1].upper()
    if len(tld) == 2 and tld not in ("EU", "IO", "CO", "ME", "TV"):
        code = normalise_country(tld)
        return code if code in KNOWN else None
    return None


def _home_country(language: str, url: str) -> str | None:
    return _tld_country(url) or HOME.get(language)
