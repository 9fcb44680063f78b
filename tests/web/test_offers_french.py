"""Every reason the offers module gives for a refusal reaches a French page in French.

bob (Marseille) reads French, so his pages are French. Each case below makes the offers
module refuse one thing bob does on the web, for one reason code; together the cases and
the codes no page can show cover every code of `notifier.offer_words.REFUSALS`. The command
line keeps the English reasons (tests/offers).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest

from models.db import write_session
from models.offer import PartnerOffer
from models.participant import Participant
from notifier.offer_input import OfferRefused
from notifier.offer_words import REFUSALS
from tests.web.factories import TODAY, days, make_call, make_offer

FORM = {
    "kind": "seeking-partners",
    "title": "Des médiateurs scolaires",
    "description": "Nous cherchons deux villes partenaires.",
    "themes": ["education"],
    "countries": ["any"],
    "roles": ["partner"],
    "applicant_types": ["local-authority"],
    "languages": "fr",
    "expires": days(40).isoformat(),
}
# Codes no page shows: offers files and --json (command line only); a participant, offer
# or interest id that is not the visitor's own answers 404 before the offers module is
# asked; a bad interest state answers a bare 400.
NOT_ON_PAGES = {
    "not-a-mapping",
    "invalid",
    "invalid-json",
    "invalid-yaml",
    "unknown-participant",
    "unknown-offer",
    "unknown-interest",
    "bad-state",
}
Case = Callable[[Any, Any, Any], tuple[Any, OfferRefused]]
CASES: dict[str, Case] = {}


def case(code: str) -> Callable[[Case], Case]:
    def register(make: Case) -> Case:
        CASES[code] = make
        return make

    return register


def _offer(db, participant_id: int, **overrides: Any) -> int:
    with write_session(db.engine) as session:
        poster = session.get(Participant, participant_id)
        return make_offer(session, poster=poster, call=None, **overrides).id


def _set(db, offer_id: int, **values: Any) -> None:
    with write_session(db.engine) as session:
        offer = session.get(PartnerOffer, offer_id)
        for name, value in values.items():
            setattr(offer, name, value)


def _interested(visitors, db, people) -> int:
    """An offer of alice in which bob already expressed interest."""
    offer_id = _offer(db, people.alice_participant_id)
    answer = visitors.bob.post(f"/offers/{offer_id}/interest", {"message": "Marseille en est."})
    assert answer.status_code == 303
    return offer_id


@case("unknown-call")
def _unknown_call(visitors, db, people):
    answer = visitors.bob.post("/offers", {**FORM, "call": "NO-SUCH-CALL"})
    return answer, OfferRefused("unknown-call", ref="NO-SUCH-CALL")


@case("call-closed")
def _call_closed(visitors, db, people):
    with write_session(db.engine) as session:
        make_call(session, public_id="CLOSED-2026", status="closed")
    answer = visitors.bob.post("/offers", {**FORM, "call": "CLOSED-2026"})
    return answer, OfferRefused("call-closed", call="CLOSED-2026")


@case("expiry-required")
def _expiry_required(visitors, db, people):
    return visitors.bob.post("/offers", {**FORM, "expires": ""}), OfferRefused("expiry-required")


@case("expiry-past")
def _expiry_past(visitors, db, people):
    answer = visitors.bob.post("/offers", {**FORM, "expires": days(-1).isoformat()})
    return answer, OfferRefused("expiry-past", expires=days(-1), today=TODAY)


@case("themes-required")
def _themes_required(visitors, db, people):
    with write_session(db.engine) as session:
        make_call(session, public_id="NO-THEMES", themes=[])
    answer = visitors.bob.post("/offers", {**FORM, "call": "NO-THEMES", "themes": []})
    return answer, OfferRefused("themes-required")


@case("own-offer")
def _own_offer(visitors, db, people):
    offer_id = _offer(db, people.bob_participant_id)
    answer = visitors.bob.post(f"/offers/{offer_id}/interest", {"message": "Nous-mêmes."})
    return answer, OfferRefused("own-offer", offer=offer_id, member="marseille")


@case("offer-not-open")
def _offer_not_open(visitors, db, people):
    offer_id = _interested(visitors, db, people)
    _set(db, offer_id, status="filled")
    answer = visitors.bob.post(f"/offers/{offer_id}/interest", {"message": "Encore."})
    return answer, OfferRefused("offer-not-open", offer=offer_id, status="filled")


@case("offer-expired")
def _offer_expired(visitors, db, people):
    offer_id = _interested(visitors, db, people)
    _set(db, offer_id, expires_on=days(-2))
    answer = visitors.bob.post(f"/offers/{offer_id}/interest", {"message": "Encore."})
    return answer, OfferRefused("offer-expired", offer=offer_id, expires=days(-2))


@case("message-empty")
def _message_empty(visitors, db, people):
    offer_id = _offer(db, people.alice_participant_id)
    answer = visitors.bob.post(f"/offers/{offer_id}/interest", {"message": "   "})
    return answer, OfferRefused("message-empty")


@case("message-too-long")
def _message_too_long(visitors, db, people):
    offer_id = _offer(db, people.alice_participant_id)
    answer = visitors.bob.post(f"/offers/{offer_id}/interest", {"message": "mot " * 1500})
    return answer, OfferRefused("message-too-long", limit=5000)


@case("already-interested")
def _already_interested(visitors, db, people):
    offer_id = _interested(visitors, db, people)
    answer = visitors.bob.post(f"/offers/{offer_id}/interest", {"message": "Encore."})
    return answer, OfferRefused("already-interested", member="marseille", offer=offer_id)


@case("already-status")
def _already_status(visitors, db, people):
    offer_id = _offer(db, people.bob_participant_id, status="closed")
    answer = visitors.bob.post(f"/offers/{offer_id}/fill")
    return answer, OfferRefused("already-status", offer=offer_id, status="closed")


@case("offer-filled")
def _offer_filled(visitors, db, people):
    offer_id = _offer(db, people.bob_participant_id, status="filled")
    answer = visitors.bob.post(f"/offers/{offer_id}/extend", {"until": days(60).isoformat()})
    return answer, OfferRefused("offer-filled", offer=offer_id)


@case("offer-withdrawn")
def _offer_withdrawn(visitors, db, people):
    offer_id = _offer(db, people.bob_participant_id, status="closed")
    answer = visitors.bob.post(f"/offers/{offer_id}/extend", {"until": days(60).isoformat()})
    return answer, OfferRefused("offer-withdrawn", offer=offer_id)


@case("until-past")
def _until_past(visitors, db, people):
    offer_id = _offer(db, people.bob_participant_id)
    answer = visitors.bob.post(f"/offers/{offer_id}/extend", {"until": days(-3).isoformat()})
    return answer, OfferRefused("until-past", until=days(-3), today=TODAY)


@case("until-not-later")
def _until_not_later(visitors, db, people):
    offer_id = _offer(db, people.bob_participant_id, expires_on=days(20))
    answer = visitors.bob.post(f"/offers/{offer_id}/extend", {"until": days(10).isoformat()})
    return answer, OfferRefused("until-not-later", until=days(10), expires=days(20))


def _alert(page: str) -> str:
    """The text of the page's error paragraph, as a reader sees it."""
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', page, re.S)
    assert found, "no error on the page"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def test_every_refusal_code_is_shown_on_a_page_or_never_reaches_one() -> None:
    codes = {code for code in REFUSALS["en"] if not code.startswith("status.")}
    assert set(CASES) | NOT_ON_PAGES == codes
    assert not set(CASES) & NOT_ON_PAGES


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_refusal_reason_is_french_on_a_french_page(visitors, db, people, code) -> None:
    answer, expected = CASES[code](visitors, db, people)
    assert answer.status_code == 400 and '<html lang="fr">' in answer.text
    shown = _alert(answer.text)
    french, english = expected.text("fr"), str(expected)
    assert french != english and " ".join(french.split()) in shown, (code, shown)
    assert english not in shown and expected.text("en") not in shown
    for status in ("open", "closed", "filled"):  # statuses are said in French too
        assert f" is {status}" not in shown and f" already {status}" not in shown


def test_the_command_line_keeps_english_reasons() -> None:
    refused = OfferRefused("until-not-later", until=days(10), expires=days(20))
    assert str(refused) == (
        "the new expiry 2026-12-05 is not later than the current expiry 2026-12-15"
    )
    assert refused.text("en") == (
        "The new expiry 5 December 2026 is not later than the current expiry 15 December 2026"
    )
    assert refused.text("fr") == (
        "La nouvelle date d'expiration, le 5 décembre 2026, n'est pas postérieure à "
        "l'actuelle, le 15 décembre 2026"
    )


def test_every_reason_has_a_french_twin_with_the_same_placeholders() -> None:
    english, french = REFUSALS["en"], REFUSALS["fr"]
    assert set(english) == set(french)
    for code, text in english.items():
        assert set(re.findall(r"{(\w+)", text)) == set(re.findall(r"{(\w+)", french[code]))
        if code != "invalid":  # a parser's own words, from the command line only
            assert text != french[code], code
