"""The array index finds exactly what match_call() finds pair by pair, with similarity."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np

from matcher.matching import CallFacts, Profile, match_call, normalise_words
from matcher.taxonomy import load_taxonomy
from notifier.matchindex import CallIndex, CallWords, TextModel

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


def worded_calls(rng: random.Random, n: int) -> list[CallFacts]:
    """Calls with long texts over a large vocabulary (float32 sums of many terms)."""
    vocabulary = ["".join(rng.choices("abcdefghijklmnoprstuvzéè", k=rng.randint(2, 9))) for _ in range(2000)]  # fmt: skip
    return [
        CallFacts(
            key=i,
            status=rng.choice(["open", "open", "forthcoming", "closed"]),
            deadlines=(TODAY + timedelta(days=rng.randint(-5, 60)),),
            countries=frozenset(rng.sample(["RO", "HU", "FR"], rng.choice([0, 1, 2]))),
            applicant_types=frozenset({"local-authority"}),
            themes=frozenset(rng.sample(["housing", "education", "youth"], 1)),
            words=normalise_words(" ".join(rng.choices(vocabulary, k=rng.randint(5, 300)))),
        )
        for i in range(n)
    ]


def _model_of(calls: list[CallFacts], words: CallWords | None = None) -> TextModel:
    """The text model of the live calls, made as a preview makes it (from their words)."""
    live = {c.key: c for c in calls if c.is_live(TODAY)}
    return (words or CallWords()).model(
        {key: 0 for key in live}, lambda keys: [(key, live[key].words) for key in keys]
    )


def test_one_contact_s_candidates_match_as_in_the_whole_index_to_the_bit() -> None:
    """The preview's way (an index of a few calls, with the text model of every live call)
    gives the build's matches: same calls, similarities and scores, bit for bit."""
    rng = random.Random(11)
    calls = worded_calls(rng, 800)
    profiles = [
        Profile(
            key=i,
            country=rng.choice(["RO", "HU"]),
            applicant_type="local-authority",
            themes=frozenset(rng.sample(["housing", "education", "youth"], 1)),
            text=" ".join(c.words for c in rng.sample(calls, 2)),
        )
        for i in range(30)
    ]
    model = _model_of(calls)
    compared = 0
    for profile, matches in CallIndex(calls, today=TODAY).match(profiles):
        # Its candidates, and other calls besides (closed, of other countries, ...).
        subset = sorted(
            {
                c.key: c for c in [*rng.sample(calls, 100), *(calls[m.call_key] for m in matches)]
            }.values(),
            key=lambda c: c.key,
        )
        [(_, found)] = CallIndex(subset, today=TODAY, text=model).match([profile])
        assert found == matches
        compared += sum(m.similarity > 0 for m in found)
    assert compared > 300  # many matches, with texts alike in part


def test_call_words_reads_only_the_calls_that_changed() -> None:
    rng = random.Random(2)
    calls = worded_calls(rng, 200)
    live = {c.key: c for c in calls if c.is_live(TODAY)}
    texts = {key: c.words for key, c in live.items()}
    asked: list[list[int]] = []

    def load(keys: list[int]) -> list[tuple[int, str]]:
        asked.append(sorted(keys))
        return [(key, texts[key]) for key in keys]

    words = CallWords()
    stamps = {key: 1 for key in live}
    first = words.model(stamps, load)
    assert asked == [sorted(live)] and words.model(dict(stamps), load) is first
    # One call's text changes (its stamp with it), one closes, one opens.
    changed, closed, opened = sorted(live)[:3]
    texts[changed] = normalise_words("an entirely new text about water and sanitation")
    stamps[changed] = 2
    del stamps[closed]
    texts[10_000] = normalise_words("a new call about water")
    stamps[10_000] = 1
    second = words.model(stamps, load)
    assert asked[1:] == [[changed, 10_000]]
    fresh = CallWords().model(stamps, lambda keys: [(key, texts[key]) for key in keys])
    probe = [texts[changed], normalise_words("water sanitation"), texts[opened]]
    assert np.array_equal(_cosines(second, probe), _cosines(fresh, probe))
    assert not np.array_equal(_cosines(second, probe), _cosines(first, probe))


def _cosines(model: TextModel, texts: list[str]) -> np.ndarray:
    vectors = model.vectors(texts)
    return (vectors @ vectors.T).toarray()


def test_the_text_model_of_the_words_is_the_fitted_one() -> None:
    calls = [c for c in worded_calls(random.Random(4), 300) if c.is_live(TODAY)]
    fitted, matrix = TextModel.fit([c.words for c in calls])
    made = _model_of(calls)
    texts = [c.words for c in calls] + [normalise_words("zz unknown words")]
    assert (made.vectors(texts[:-1]) != matrix).nnz == 0
    assert (made.vectors(texts) != fitted.vectors(texts)).nnz == 0
