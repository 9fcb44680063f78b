"""The array index finds exactly what match_call() finds pair by pair, with similarity."""

from __future__ import annotations

import random
from datetime import date, timedelta

from matcher.matching import CallFacts, Profile, match_call, normalise_words
from matcher.taxonomy import load_taxonomy
from notifier.matchindex import CallIndex

TODAY = date(2026, 11, 23)
WORDS = ["housing", "school", "roma", "youth", "health", "mediator", "settlement", "grant",
         "desegregation", "women", "culture", "heritage", "jobs", "training", "water"]  # fmt: skip
COUNTRIES = ["RO", "HU", "SK", "FR", "BG", "XK", "NO", "eu", "western-balkans"]


def random_calls(rng: random.Random, n: int) -> list[CallFacts]:
    taxonomy = load_taxonomy()
    calls = []
    for i in range(n):
        deadlines = tuple(
            sorted(TODAY + timedelta(days=rng.randint(-30, 200)) for _ in range(rng.randint(0, 2)))
        )
        countries = rng.sample(COUNTRIES, rng.choice([0, 1, 1, 2, 3]))
        calls.append(
            CallFacts.of(
                type(
                    "C",
                    (),
                    {
                        "id": i,
                        "status": rng.choice(["open", "open", "forthcoming", "closed"]),
                        "deadlines": [d.isoformat() for d in deadlines],
                        "countries": countries,
                        "applicant_types": rng.sample(
                            taxonomy.applicant_type_ids, rng.choice([0, 1, 2, 3])
                        ),
                        "themes": rng.sample(taxonomy.theme_ids, rng.choice([0, 1, 2])),
                        "funding_type": rng.choice(["grant", "grant", "loan", "tender"]),
                        "title": " ".join(rng.sample(WORDS, 3)),
                        "description_text": " ".join(rng.choices(WORDS, k=12)),
                        "opening_date": None,
                        "hidden": rng.random() < 0.05,
                    },
                )()
            )
        )
    return calls


def random_profiles(rng: random.Random, n: int) -> list[Profile]:
    taxonomy = load_taxonomy()
    return [
        Profile(
            key=i,
            country=rng.choice(["RO", "HU", "FR", "XK", "NO", "DE"]),
            applicant_type=rng.choice(taxonomy.applicant_type_ids),
            themes=frozenset(rng.sample(taxonomy.theme_ids, rng.choice([0, 1, 2]))),
            keywords=tuple(
                rng.sample([*WORDS, "school mediator", "roma youth"], rng.choice([0, 1, 2]))
            ),
            wants_tenders=rng.random() < 0.2,
            text=" ".join(rng.choices(WORDS, k=rng.choice([0, 5]))),
        )
        for i in range(n)
    ]


def test_index_finds_the_same_matches_as_the_rules_pair_by_pair() -> None:
    rng = random.Random(7)
    calls, profiles = random_calls(rng, 300), random_profiles(rng, 80)
    index = CallIndex(calls, today=TODAY)
    found = 0
    for profile, matches in index.match(profiles):
        expected = {c.key for c in calls if match_call(profile, c, today=TODAY) is not None}
        assert {m.call_key for m in matches} == expected, profile
        found += len(expected)
    assert found > 100  # the random data does exercise the rules


def test_similarity_favours_calls_worded_like_the_profile() -> None:
    base = {
        "status": "open",
        "countries": frozenset({"RO"}),
        "applicant_types": frozenset({"local-authority"}),
        "themes": frozenset({"housing"}),
    }
    near = CallFacts(
        key="near", words=normalise_words("Water and sanitation in Roma settlements"), **base
    )
    far = CallFacts(
        key="far", words=normalise_words("Museum heritage digitisation programme"), **base
    )
    profile = Profile(
        key=1,
        country="RO",
        applicant_type="local-authority",
        themes=frozenset({"housing"}),
        text="We bring water and sanitation to informal settlements",
    )
    [(_, matches)] = list(CallIndex([near, far], today=TODAY).match([profile]))
    by_key = {m.call_key: m for m in matches}
    assert by_key["near"].similarity > 0.2 > by_key["far"].similarity
    assert by_key["near"].score > by_key["far"].score


def test_an_empty_index_matches_nothing() -> None:
    profile = Profile(key=1, country="RO", applicant_type="ngo", themes=frozenset({"youth"}))
    assert list(CallIndex([], today=TODAY).match([profile])) == [(profile, [])]
