"""Matching rules: hard filters, the "check eligibility" case, ranking and reasons in en/fr."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from matcher.matching import (
    CallFacts,
    Profile,
    describe,
    keyword_hits,
    match_call,
    normalise_words,
    rank,
    reasons_text,
)

TODAY = date(2026, 11, 23)

CLUJ = Profile(
    key="cluj",
    country="RO",
    applicant_type="local-authority",
    themes=frozenset({"housing", "education"}),
    keywords=("desegregation",),
)


def call(**overrides) -> CallFacts:
    values = {
        "key": "C1",
        "status": "open",
        "deadlines": (TODAY + timedelta(days=23),),
        "countries": frozenset({"RO", "HU"}),
        "applicant_types": frozenset({"local-authority", "ngo"}),
        "themes": frozenset({"housing", "education"}),
        "funding_type": "grant",
        "words": normalise_words("Housing and schools for Roma neighbourhoods"),
    }
    values.update(overrides)
    return CallFacts(**values)


def test_it_matches_an_eligible_call_with_reasons() -> None:
    match = match_call(CLUJ, call(), today=TODAY)
    assert match is not None and match.eligibility == "eligible"
    assert reasons_text(match) == (
        "open to municipality or other local authority in Romania; "
        "themes: education, housing and living conditions; deadline in 23 days"
    )


def test_reasons_read_in_french() -> None:
    match = match_call(CLUJ, call(), today=TODAY)
    assert match is not None
    assert describe(match, "fr") == [
        "éligible\u00a0: commune ou autre collectivité locale, Roumanie",
        "thèmes\u00a0: éducation, logement et conditions de vie",
        "date limite dans 23 jours",
    ]


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"status": "closed"}, "closed"),
        ({"hidden": True}, "hidden by the Taskforce"),
        ({"deadlines": (TODAY - timedelta(days=1),)}, "deadline passed"),
        ({"countries": frozenset({"HU"})}, "another country"),
        ({"applicant_types": frozenset({"ngo"})}, "another applicant type"),
        ({"funding_type": "tender"}, "a tender"),
        ({"themes": frozenset({"health"}), "words": " health care "}, "no theme, no keyword"),
    ],
)
def test_it_skips_calls_failing_a_hard_filter(overrides, why) -> None:
    assert match_call(CLUJ, call(**overrides), today=TODAY) is None, why


def test_the_deadline_day_itself_still_matches() -> None:
    match = match_call(CLUJ, call(deadlines=(TODAY,)), today=TODAY)
    assert match is not None and match.days_left == 0
    assert describe(match)[-1] == "deadline today"


def test_a_later_deadline_keeps_a_call_whose_first_one_passed() -> None:
    two_stages = call(deadlines=(TODAY - timedelta(days=5), TODAY + timedelta(days=40)))
    match = match_call(CLUJ, two_stages, today=TODAY)
    assert match is not None and match.next_deadline == TODAY + timedelta(days=40)


def test_rolling_and_forthcoming_calls_pass() -> None:
    rolling = match_call(CLUJ, call(deadlines=()), today=TODAY)
    assert rolling is not None and rolling.days_left is None
    assert describe(rolling)[-1] == "no deadline (open until further notice)"
    soon = call(status="forthcoming", opening_date=date(2027, 1, 15))
    forthcoming = match_call(CLUJ, soon, today=TODAY)
    assert forthcoming is not None
    assert "opens on 15 January 2027" in describe(forthcoming)


def test_tenders_reach_only_profiles_that_ask_for_them() -> None:
    tender = call(funding_type="tender")
    assert match_call(CLUJ, tender, today=TODAY) is None
    assert match_call(replace(CLUJ, wants_tenders=True), tender, today=TODAY) is not None


def test_a_keyword_admits_a_call_without_a_shared_theme() -> None:
    other_theme = call(
        themes=frozenset({"anti-discrimination"}),
        words=normalise_words("School DESEGREGATION programme"),
    )
    match = match_call(CLUJ, other_theme, today=TODAY)
    assert match is not None and match.keywords == ("desegregation",) and match.themes == ()
    assert "your keywords: desegregation" in describe(match)


def test_keywords_match_whole_words_ignoring_case_and_accents() -> None:
    words = normalise_words("Élèves et écoles: la désségrégation scolaire; early-childhood care")
    assert keyword_hits(["ecoles", "early childhood", "ségrég", "Eleves"], words) == (
        "ecoles",
        "early childhood",
        "Eleves",
    )


def test_undetermined_eligibility_goes_to_check_eligibility() -> None:
    no_countries = match_call(CLUJ, call(countries=frozenset()), today=TODAY)
    assert no_countries is not None and no_countries.eligibility == "check"
    assert describe(no_countries)[0] == "eligibility not stated (countries): check the call"
    neither = match_call(
        CLUJ, call(countries=frozenset(), applicant_types=frozenset()), today=TODAY
    )
    assert neither is not None
    assert describe(neither, "fr")[0] == (
        "éligibilité non précisée (pays, bénéficiaires)\u00a0: vérifiez l'appel"
    )


def test_what_is_known_still_excludes_an_undetermined_call() -> None:
    wrong_type = call(countries=frozenset(), applicant_types=frozenset({"business"}))
    assert match_call(CLUJ, wrong_type, today=TODAY) is None
    wrong_country = call(applicant_types=frozenset(), countries=frozenset({"FR"}))
    assert match_call(CLUJ, wrong_country, today=TODAY) is None
    no_fit = call(countries=frozenset(), themes=frozenset({"health"}), words=" health ")
    assert match_call(CLUJ, no_fit, today=TODAY) is None


def test_country_groups_are_read_as_their_members() -> None:
    eu_call = CallFacts.of(
        SimpleNamespace(
            id=7,
            status="open",
            deadlines=["2027-01-31"],
            countries=["eu"],
            applicant_types=["local-authority"],
            themes=["housing"],
            funding_type="grant",
            title="Housing",
            description_text="",
            opening_date=None,
            hidden=False,
        )
    )
    assert "RO" in eu_call.countries and "NO" not in eu_call.countries
    assert match_call(CLUJ, eu_call, today=TODAY) is not None


def test_ranking_prefers_theme_overlap_then_keywords_similarity_and_near_deadlines() -> None:
    both = match_call(CLUJ, call(key="both"), today=TODAY)
    one = match_call(CLUJ, call(key="one", themes=frozenset({"housing"})), today=TODAY)
    with_keyword = match_call(
        CLUJ,
        call(key="kw", themes=frozenset({"housing"}), words=" housing desegregation "),
        today=TODAY,
    )
    similar = match_call(
        CLUJ, call(key="sim", themes=frozenset({"housing"})), today=TODAY, similarity=0.6
    )
    near = match_call(
        CLUJ, call(key="near", themes=frozenset({"housing"}), deadlines=(TODAY,)), today=TODAY
    )
    far = match_call(
        CLUJ,
        call(key="far", themes=frozenset({"housing"}), deadlines=(TODAY + timedelta(days=300),)),
        today=TODAY,
    )
    assert [m.call_key for m in rank([far, one, both])] == ["both", "one", "far"]
    assert with_keyword.score > one.score and similar.score > one.score and near.score > far.score
    assert "close to your profile" in describe(similar)


def test_profile_of_a_participant_joins_profile_text_and_keywords() -> None:
    participant = SimpleNamespace(
        id=1,
        country="RO",
        applicant_type="ngo",
        themes=["youth"],
        keywords=["Romani language", "  "],
        wants_tenders=None,
        profile="Youth work in Cluj",
    )
    profile = Profile.of(participant)
    assert profile.keywords == ("Romani language",)
    assert profile.text == "Youth work in Cluj Romani language"
    assert profile.wants_tenders is False
