"""The fit rules of an offer for a participant (pure: no database)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from matcher.offer_fit import offer_fit

TODAY = date(2026, 11, 23)


def member(id: int = 2, **overrides: Any) -> SimpleNamespace:
    values = {
        "id": id,
        "country": "HU",
        "applicant_type": "local-authority",
        "themes": ["housing", "employment"],
        "keywords": [],
        "wants_tenders": False,
        "profile": None,
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def offer(**overrides: Any) -> SimpleNamespace:
    values = {
        "participant_id": 1,
        "status": "open",
        "expires_on": TODAY + timedelta(days=30),
        "countries": ["any"],
        "applicant_types": ["local-authority"],
        "themes": ["housing"],
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def call(**overrides: Any) -> SimpleNamespace:
    values = {
        "id": 10,
        "public_id": "INTERREG-RO-HU-2027",
        "title": "Interreg Romania-Hungary",
        "description_text": "",
        "status": "open",
        "deadlines": [(TODAY + timedelta(days=60)).isoformat()],
        "countries": ["HU", "RO"],
        "applicant_types": ["local-authority", "ngo"],
        "themes": ["housing"],
        "funding_type": "grant",
        "opening_date": None,
        "hidden": False,
        "cross_border": True,
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def fit(
    the_offer: Any,
    participant: Any,
    *,
    poster_country: str = "RO",
    the_call: Any = None,
    as_of: date = TODAY,
) -> Any:
    return offer_fit(
        the_offer,
        participant=participant,
        poster_country=poster_country,
        call=the_call,
        as_of=as_of,
    )


def failed_rules(result: Any) -> set[str]:
    return {reason.rule for reason in result.failed}


def test_an_open_offer_fits_with_every_reason_given() -> None:
    result = fit(offer(), member())
    assert result.fits
    assert result.describe("en") == [
        "open until 23 December 2026",
        "posted by another member",
        "partners sought in any country",
        "open to municipality or other local authority",
        "themes in common: housing and living conditions",
    ]


def test_reasons_are_given_in_french_too() -> None:
    assert fit(offer(), member()).describe("fr")[0] == "ouverte jusqu'au 23 décembre 2026"
    refused = fit(offer(countries=["RO"]), member())
    assert refused.describe("fr") == ["Hongrie ne fait pas partie des pays recherchés"]


@pytest.mark.parametrize("status", ["closed", "filled"])
def test_closed_and_filled_offers_fit_nobody(status: str) -> None:
    result = fit(offer(status=status), member())
    assert not result.fits and failed_rules(result) == {"status"}


def test_an_offer_fits_through_its_expiry_day_and_not_after() -> None:
    expiring = offer(expires_on=TODAY)
    assert fit(expiring, member()).fits
    late = fit(expiring, member(), as_of=TODAY + timedelta(days=1))
    assert failed_rules(late) == {"expiry"}
    assert late.describe("en") == ["the offer expired on 23 November 2026"]


def test_the_poster_is_never_offered_its_own_offer() -> None:
    result = fit(offer(participant_id=2), member(id=2))
    assert failed_rules(result) == {"poster"}


def test_the_country_must_be_among_those_sought() -> None:
    assert fit(offer(countries=["HU", "SK"]), member()).fits
    assert failed_rules(fit(offer(countries=["SK"]), member())) == {"country"}


def test_country_groups_count_as_their_members() -> None:
    assert fit(offer(countries=["eu"]), member(country="HU")).fits
    assert not fit(offer(countries=["eu"]), member(country="RS")).fits
    assert fit(offer(countries=["western-balkans"]), member(country="XK")).fits


def test_a_cross_border_call_shuts_out_the_posters_own_country() -> None:
    same_country = fit(offer(), member(country="RO"), the_call=call())
    assert failed_rules(same_country) == {"cross-border"}
    assert same_country.describe("en") == ["cross-border call: the poster is also in Romania"]
    assert fit(offer(), member(country="HU"), the_call=call()).fits


def test_without_a_cross_border_call_the_same_country_is_welcome() -> None:
    assert fit(offer(), member(country="RO")).fits
    assert fit(offer(), member(country="RO"), the_call=call(cross_border=False)).fits


def test_the_applicant_type_must_be_among_those_sought() -> None:
    ngo = member(applicant_type="ngo")
    assert failed_rules(fit(offer(), ngo)) == {"applicant-type"}
    assert fit(offer(applicant_types=[]), ngo).fits  # none named: every type is welcome


def test_themes_must_intersect() -> None:
    result = fit(offer(themes=["youth"]), member())
    assert failed_rules(result) == {"themes"}
    assert result.describe("en") == ["no theme in common"]


def test_the_participant_must_be_eligible_for_the_related_call() -> None:
    # The offer seeks anyone, but the call is only for RO and HU: a Slovak city cannot join.
    result = fit(offer(), member(country="SK"), the_call=call(cross_border=False))
    assert failed_rules(result) == {"call"}
    assert "not eligible for the call INTERREG-RO-HU-2027" in result.describe("en")[0]
    eligible = fit(offer(), member(), the_call=call())
    assert "you are eligible for the call INTERREG-RO-HU-2027" in eligible.describe("en")


def test_a_closed_related_call_makes_the_offer_fit_nobody() -> None:
    closed = call(status="closed")
    assert failed_rules(fit(offer(), member(), the_call=closed)) == {"call"}


def test_the_call_eligibility_uses_the_digest_hard_filters() -> None:
    # A tender is a hard filter of digests: only participants asking for tenders get it.
    tender = call(funding_type="tender", cross_border=False)
    assert failed_rules(fit(offer(), member(), the_call=tender)) == {"call"}
    assert fit(offer(), member(wants_tenders=True), the_call=tender).fits


def test_a_call_of_undetermined_eligibility_fits_with_a_warning() -> None:
    unknown = call(countries=[], cross_border=False)
    result = fit(offer(), member(), the_call=unknown)
    assert result.fits
    assert "does not say who may apply" in result.describe("en")[-1]


def test_every_failed_rule_is_reported_at_once() -> None:
    result = fit(offer(countries=["SK"], themes=["youth"], status="closed"), member())
    assert failed_rules(result) == {"status", "country", "themes"}
