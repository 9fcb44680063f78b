"""Members' partnership offers on the web: post, edit, close, fill, extend, browse, interest.

alice (Cluj-Napoca, RO) posts; bob (Marseille, FR, education) is the interested member;
admin has no member profile. Every route is tried by all three.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from models.db import read_session, write_session
from models.offer import Interest, PartnerOffer
from models.participant import Participant
from tests.web.conftest import SQLITE_ONLY, mail_text, outbox
from tests.web.factories import days, make_call, make_offer, make_participant

OFFER = {
    "kind": "seeking-partners",
    "title": "Partners for school mediators",
    "description": "We lead a project on <b>school</b> mediation.\n\nTwo partners wanted.",
    "themes": ["education"],
    "countries": ["any"],
    "roles": ["partner"],
    "applicant_types": ["local-authority"],
    "languages": "en, fr",
    "expires": days(40).isoformat(),
    "share_contact": "1",
}


def _offers(db) -> list[PartnerOffer]:
    with read_session(db.engine) as session:
        return list(session.scalars(select(PartnerOffer).order_by(PartnerOffer.id)))


def _offer(db, offer_id: int) -> PartnerOffer:
    with read_session(db.engine) as session:
        return session.get(PartnerOffer, offer_id)


@pytest.fixture
def alices_offer(db, people) -> int:
    """An open offer of alice that fits bob (education, any country, local authorities)."""
    with write_session(db.engine) as s:
        alice = s.get(Participant, people.alice_participant_id)
        return make_offer(s, poster=alice, call=None, share_contact=True).id


def test_member_posts_an_offer_from_the_form(visitors, db, people) -> None:
    form = visitors.alice.get("/offers/new")
    assert form.status_code == 200 and 'name="countries"' in form.text
    response = visitors.alice.post("/offers", OFFER)
    assert response.status_code == 303
    offer_id = int(re.search(r"/offers/(\d+)", response.headers["location"]).group(1))
    offer = _offer(db, offer_id)
    assert offer.participant_id == people.alice_participant_id
    assert (offer.kind, offer.themes, offer.countries, offer.roles) == (
        "seeking-partners",
        ["education"],
        ["any"],
        ["partner"],
    )
    assert (offer.languages, offer.expires_on, offer.share_contact) == (
        ["en", "fr"],
        days(40),
        True,
    )
    page = visitors.alice.get(f"/offers/{offer_id}?saved=1").text
    assert "Saved." in page and "&lt;b&gt;school&lt;/b&gt;" in page
    assert "shared with interested members" in page  # the poster sees its own consent


def test_an_offer_naming_a_call_expires_with_its_deadline_by_default(visitors, db) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="CERV-OFFER", deadlines=[days(50)], themes=["education"])
    data = {**OFFER, "call": "CERV-OFFER", "expires": "", "themes": []}
    assert visitors.alice.post("/offers", data).status_code == 303
    offer = _offers(db)[-1]
    assert offer.expires_on == days(50) and offer.themes == ["education"]  # the call's


# Form checks do not depend on the database: SQLite only.
@SQLITE_ONLY
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "selling", "Choose what you offer."),
        ("title", "   ", "Give a title"),
        ("themes", ["astrology"], "Choose at least one theme."),
        ("countries", ["any", "FR"], "Choose countries or groups"),
        ("countries", ["ZZ"], "Choose countries or groups"),
        ("roles", ["sponsor"], "Choose among lead"),
        ("applicant_types", ["dragon"], "unknown applicant type"),
        ("languages", "english", "Two-letter language codes"),
        ("expires", "2001-01-01", "Give a date from today on"),
        ("expires", "tomorrow", "Give a date from today on"),
        ("call", "NO-SUCH-CALL", "No open call has this id."),
    ],
)
def test_a_bad_offer_is_shown_next_to_its_field_and_nothing_is_saved(
    visitors, db, field, value, message
) -> None:
    response = visitors.alice.post("/offers", {**OFFER, field: value})
    assert response.status_code == 400
    assert re.search(r'class="field-error">[^<]*' + re.escape(message), response.text), field
    assert "Two partners wanted." in response.text  # the typed values are kept
    assert _offers(db) == []


def test_an_offer_without_call_needs_an_expiry(visitors, db) -> None:
    response = visitors.alice.post("/offers", {**OFFER, "expires": ""})
    assert response.status_code == 400 and "Give a date from today on" in response.text
    assert _offers(db) == []


def test_the_form_errors_are_in_french_for_bob(visitors, db) -> None:
    response = visitors.bob.post("/offers", {**OFFER, "themes": []})
    assert response.status_code == 400 and "Choisissez au moins un thème." in response.text


def test_a_member_posts_only_as_its_own_participant(visitors, db, people) -> None:
    data = {**OFFER, "participant": "marseille", "participant_id": str(people.bob_participant_id)}
    assert visitors.alice.post("/offers", data).status_code == 303
    assert _offers(db)[0].participant_id == people.alice_participant_id


def test_poster_edits_its_offer_but_not_its_call_or_expiry(visitors, db, alices_offer) -> None:
    form = visitors.alice.get(f"/offers/{alices_offer}/edit")
    assert form.status_code == 200 and "Edit the offer" in form.text
    data = {**OFFER, "title": "New title", "countries": ["eu"], "expires": days(90).isoformat()}
    response = visitors.alice.post(f"/offers/{alices_offer}/edit", data)
    assert response.status_code == 303
    offer = _offer(db, alices_offer)
    assert (offer.title, offer.countries, offer.expires_on) == ("New title", ["eu"], days(20))
    bad = visitors.alice.post(f"/offers/{alices_offer}/edit", {**OFFER, "themes": []})
    assert bad.status_code == 400 and _offer(db, alices_offer).themes == ["education"]


def test_poster_closes_fills_and_extends(visitors, db, people) -> None:
    with write_session(db.engine) as s:
        alice = s.get(Participant, people.alice_participant_id)
        first, second = (
            make_offer(s, poster=alice, call=None),
            make_offer(s, poster=alice, call=None),
        )
        first_id, second_id = first.id, second.id
    assert visitors.alice.post(f"/offers/{first_id}/close").status_code == 303
    assert _offer(db, first_id).status == "closed"
    again = visitors.alice.post(f"/offers/{first_id}/close")
    assert again.status_code == 400 and "already closed" in again.text
    assert visitors.alice.post(f"/offers/{second_id}/fill").status_code == 303
    assert _offer(db, second_id).status == "filled"
    refused = visitors.alice.post(f"/offers/{second_id}/extend", {"until": days(60).isoformat()})
    assert refused.status_code == 400 and _offer(db, second_id).expires_on == days(20)
    with write_session(db.engine) as s:
        third = make_offer(s, poster=s.get(Participant, people.alice_participant_id), call=None)
        third_id = third.id
    ok = visitors.alice.post(f"/offers/{third_id}/extend", {"until": days(60).isoformat()})
    assert ok.status_code == 303 and _offer(db, third_id).expires_on == days(60)
    bad = visitors.alice.post(f"/offers/{third_id}/extend", {"until": "soon"})
    assert bad.status_code == 400 and "Give a date (YYYY-MM-DD)." in bad.text


def test_members_browse_the_offers_that_fit_them(visitors, db, people, alices_offer) -> None:
    with write_session(db.engine) as s:
        alice = s.get(Participant, people.alice_participant_id)
        make_offer(s, poster=alice, call=None, title="Housing partners only", themes=["housing"])
    page = visitors.bob.get("/offers").text
    assert "Partners wanted for a school mediation project" in page
    assert "Housing partners only" not in page  # bob works on education, not housing
    everything = visitors.bob.get("/offers?show=all").text
    assert "Housing partners only" in everything and "aucun thème commun" in everything
    own = visitors.alice.get("/offers").text
    assert "Vos offres" not in own and "Your offers" in own
    assert own.count("Housing partners only") == 1  # in "your offers", never as a fit


def test_member_expresses_interest_and_the_poster_is_mailed(
    visitors, db, people, alices_offer
) -> None:
    page = visitors.bob.get(f"/offers/{alices_offer}")
    assert page.status_code == 200 and "Manifester mon intérêt" in page.text
    response = visitors.bob.post(
        f"/offers/{alices_offer}/interest",
        {"message": "Marseille would join\x00 as a partner.", "share_contact": "1"},
    )
    assert response.status_code == 303
    with read_session(db.engine) as session:
        interest = session.scalar(select(Interest))
        assert interest.participant_id == people.bob_participant_id
        assert (interest.message, interest.share_contact) == (
            "Marseille would join as a partner.",
            True,
        )
    mails = outbox(db, kind="interest", recipient=people.alice)
    assert len(mails) == 1 and "Marseille would join as a partner." in mail_text(mails[0])
    twice = visitors.bob.post(f"/offers/{alices_offer}/interest", {"message": "Again"})
    assert twice.status_code == 400  # bob's page is in French, and so is the reason
    assert "Marseille a déjà marqué son intérêt pour l&#39;offre" in twice.text
    with read_session(db.engine) as session:
        assert session.scalar(select(func.count()).select_from(Interest)) == 1


def test_an_empty_interest_is_refused(visitors, db, alices_offer) -> None:
    response = visitors.bob.post(f"/offers/{alices_offer}/interest", {"message": "  "})
    assert response.status_code == 400 and "pas pu être enregistré" in response.text


def test_poster_sees_interest_received_and_contacts_only_after_two_consents(
    visitors, db, people, alices_offer
) -> None:
    with write_session(db.engine) as s:
        carol = make_participant(
            s, email="carol@pecs.example.hu", name="Pécs", country="HU", themes=["education"]
        )
        s.add(
            Interest(
                offer_id=alices_offer,
                participant_id=carol.participant_id,
                message="Pécs is interested.",
                share_contact=False,
            )
        )
    visitors.bob.post(
        f"/offers/{alices_offer}/interest", {"message": "Marseille too.", "share_contact": "1"}
    )
    page = visitors.alice.get(f"/offers/{alices_offer}").text
    assert "Pécs is interested." in page and "Marseille too." in page
    assert people.bob in page  # both consented: an introduction
    assert "carol@pecs.example.hu" not in page  # Pécs did not consent
    bob_view = visitors.bob.get(f"/offers/{alices_offer}").text
    assert people.alice in bob_view  # the poster consented too
    assert "Pécs is interested." not in bob_view and "Pécs" not in bob_view


def test_poster_changes_the_state_of_an_interest(visitors, db, alices_offer) -> None:
    visitors.bob.post(f"/offers/{alices_offer}/interest", {"message": "Hello"})
    with read_session(db.engine) as session:
        interest_id = session.scalar(select(Interest.id))
    path = f"/offers/{alices_offer}/interests/{interest_id}"
    assert visitors.alice.post(path, {"state": "accepted"}).status_code == 303
    assert visitors.alice.post(path, {"state": "married"}).status_code == 400
    with read_session(db.engine) as session:
        assert session.get(Interest, interest_id).state == "accepted"
    assert "accepté" in visitors.bob.get(f"/offers/{alices_offer}").text


def test_no_consent_flag_of_another_member_is_ever_shown(visitors, db, alices_offer) -> None:
    bob_view = visitors.bob.get(f"/offers/{alices_offer}").text
    assert "shared with interested" not in bob_view and "partagées avec" not in bob_view
    assert "Vos coordonnées" not in bob_view


def test_another_members_offer_cannot_be_changed(visitors, db, alices_offer) -> None:
    visitors.bob.post(f"/offers/{alices_offer}/interest", {"message": "Hello"})
    with read_session(db.engine) as session:
        interest_id = session.scalar(select(Interest.id))
    for path, data in [
        (f"/offers/{alices_offer}/edit", {**OFFER, "title": "Hijacked"}),
        (f"/offers/{alices_offer}/close", {}),
        (f"/offers/{alices_offer}/fill", {}),
        (f"/offers/{alices_offer}/extend", {"until": days(90).isoformat()}),
        (f"/offers/{alices_offer}/interests/{interest_id}", {"state": "declined"}),
    ]:
        assert visitors.bob.post(path, data).status_code == 404, path
    assert visitors.bob.get(f"/offers/{alices_offer}/edit").status_code == 404
    offer = _offer(db, alices_offer)
    assert (offer.title, offer.status, offer.expires_on) == (
        "Partners wanted for a school mediation project",
        "open",
        days(20),
    )
    with read_session(db.engine) as session:
        assert session.get(Interest, interest_id).state == "new"


def test_a_closed_offer_is_hidden_from_members_who_never_answered_it(
    visitors, db, alices_offer
) -> None:
    visitors.alice.post(f"/offers/{alices_offer}/close")
    assert visitors.bob.get(f"/offers/{alices_offer}").status_code == 404
    assert (
        visitors.bob.post(f"/offers/{alices_offer}/interest", {"message": "x"}).status_code == 404
    )
    assert visitors.alice.get(f"/offers/{alices_offer}").status_code == 200
    assert visitors.bob.get("/offers/999999").status_code == 404
    assert visitors.bob.get("/offers/99999999999").status_code == 404


def test_an_admin_without_member_profile_is_refused_on_every_offer_route(
    visitors, db, alices_offer
) -> None:
    gets = ["/offers", "/offers/new", f"/offers/{alices_offer}", f"/offers/{alices_offer}/edit"]
    for path in gets:
        assert visitors.admin.get(path).status_code == 403, path
    posts = [
        "/offers",
        f"/offers/{alices_offer}/edit",
        f"/offers/{alices_offer}/close",
        f"/offers/{alices_offer}/fill",
        f"/offers/{alices_offer}/extend",
        f"/offers/{alices_offer}/interest",
        f"/offers/{alices_offer}/interests/1",
    ]
    for path in posts:
        response = visitors.admin.post(path, {**OFFER, "message": "x", "state": "new"})
        assert response.status_code == 403, path
    assert _offer(db, alices_offer).status == "open" and len(_offers(db)) == 1


def test_anonymous_visitors_are_sent_to_the_login_and_forms_need_the_token(
    visitors, db, alices_offer
) -> None:
    for path in ("/offers", "/offers/new", f"/offers/{alices_offer}"):
        response = visitors.anon.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/login"
    response = visitors.anon.post("/offers", OFFER)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    no_token = visitors.alice.client.post(f"/offers/{alices_offer}/close", data={})
    assert no_token.status_code == 403 and _offer(db, alices_offer).status == "open"


def test_the_call_page_lists_live_offers_naming_it(visitors, client, db, people) -> None:
    with write_session(db.engine) as s:
        call = make_call(s, public_id="OFFERED-CALL", deadlines=[days(45)])
        alice = s.get(Participant, people.alice_participant_id)
        make_offer(s, poster=alice, call=call, title="Live offer for the call")
        make_offer(s, poster=alice, call=call, title="Closed offer", status="closed")
        make_offer(s, poster=alice, call=call, title="Expired offer", expires_on=days(-1))
    public = client.get("/calls/OFFERED-CALL").text
    assert "Live offer for the call" in public
    assert "Closed offer" not in public and "Expired offer" not in public
    assert '<a href="/offers/' not in public  # anonymous visitors get no offer link
    member = visitors.bob.get("/calls/OFFERED-CALL").text
    assert '<a href="/offers/' in member and "/offers/new?call=OFFERED-CALL" in member
    assert client.get("/api/v1/calls/OFFERED-CALL").json()["open_offers"] == 1
