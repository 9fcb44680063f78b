"""The digest's partnership offers section, the "N open offers" count of calls, and a whole
digest built with the offers provider and sent through real SMTP on loopback."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import time_machine
from sqlalchemy.orm import Session

from models.db import write_session
from notifier.build import build_digests
from notifier.offer_digest import OffersSectionProvider
from notifier.offers import close_offer, express_interest, offers_section, open_offer_counts
from notifier.sender import send_due
from notifier.transports import transport_for
from tests.notifier.mail import assert_email_contains, parse, parts
from tests.notifier.smtpsink import SmtpSink
from tests.offers.conftest import (
    EPOCH,
    EPOCH_TIME,
    World,
    make_offer,
    make_participant,
    outbox_rows,
)


def test_the_section_lists_fitting_offers_posted_since_the_previous_digest(
    world: World, db, frozen
) -> None:
    with write_session(db.engine) as session:
        old = make_offer(session, "cluj", title="Old offer")
    later = EPOCH_TIME + timedelta(hours=1)
    moved = time_machine.travel(later + timedelta(minutes=5), tick=False)
    with moved, write_session(db.engine) as session:
        new = make_offer(session, "cluj", title="New offer")
        make_offer(session, "cluj", title="About youth", themes=["youth"])  # fits nobody here
    with Session(db.engine) as session:
        pecs = session.merge(world["pecs"])
        first = offers_section(session, participant=pecs, since=None, as_of=EPOCH)
        since = offers_section(session, participant=pecs, since=later, as_of=EPOCH)
        own = offers_section(
            session, participant=session.merge(world["cluj"]), since=None, as_of=EPOCH
        )
    assert [i.offer.id for i in first.new_offers] == [old.id, new.id]
    assert [i.offer.id for i in since.new_offers] == [new.id]
    assert own.item_count == 0  # a poster is not offered its own offers


def test_the_section_respects_cross_border_and_the_related_call(world: World, db, frozen) -> None:
    with write_session(db.engine) as session:
        make_offer(session, "cluj", call="INTERREG-RO-HU-2027", expires=None)
    with Session(db.engine) as session:

        def fits(name: str) -> int:
            member = session.merge(world[name])
            return len(
                offers_section(session, participant=member, since=None, as_of=EPOCH).new_offers
            )

        assert fits("pecs") == 1  # Hungary: the other side of the border
        assert fits("timisoara") == 0  # Romania, like the poster
        assert fits("strasbourg") == 0  # France: not eligible for the RO-HU call
        assert fits("kosice_ngo") == 0  # only local authorities sought


def test_the_section_lists_interest_received_in_own_offers(
    world: World, db, settings, frozen
) -> None:
    with write_session(db.engine) as session:
        offer = make_offer(session, "cluj")
        express_interest(
            session, offer_id=offer.id, participant_ref="pecs", message="Count us in.",
            share_contact=False, settings=settings, as_of=EPOCH,
        )  # fmt: skip
    with Session(db.engine) as session:
        cluj = session.merge(world["cluj"])
        section = offers_section(session, participant=cluj, since=None, as_of=EPOCH)
        later = offers_section(
            session, participant=cluj, since=EPOCH_TIME + timedelta(minutes=5), as_of=EPOCH
        )
    assert [(r.member.public_id, r.interest.message) for r in section.interest] == [
        ("pecs", "Count us in.")
    ]
    assert later.item_count == 0


def test_open_offer_counts_count_only_live_offers_per_call(world: World, db, frozen) -> None:
    interreg, schools = world.calls["interreg"].id, world.calls["schools"].id
    with write_session(db.engine) as session:
        make_offer(session, "cluj", call="INTERREG-RO-HU-2027", expires=None)
        make_offer(session, "pecs", call="INTERREG-RO-HU-2027", expires=None)
        closed = make_offer(session, "timisoara", call="INTERREG-RO-HU-2027", expires=None)
        close_offer(session, offer_id=closed.id)
        make_offer(session, "cluj", call="ERASMUS-SCHOOLS-2027", expires="2026-12-01")
    with Session(db.engine) as session:
        assert open_offer_counts(session, call_ids=[interreg, schools], as_of=EPOCH) == {
            interreg: 2,
            schools: 1,
        }
        later = EPOCH + timedelta(days=9)  # the schools offer expired on 1 December
        assert open_offer_counts(session, call_ids=[interreg, schools], as_of=later) == {
            interreg: 2
        }
        assert open_offer_counts(session, call_ids=[]) == {}


def test_a_digest_carries_the_offers_section_in_both_languages(
    world: World, db, settings, smtp_sink: SmtpSink, tmp_path: Path, frozen
) -> None:
    with write_session(db.engine) as session:
        offer = make_offer(
            session, "cluj", call="ERASMUS-SCHOOLS-2027", themes=["education"],
            countries=["eu"], expires=None, title="Partners for inclusive schools",
        )  # fmt: skip
        express_interest(
            session, offer_id=offer.id, participant_ref="strasbourg", message="Nous sommes partants.",
            share_contact=True, settings=settings, as_of=EPOCH,
        )  # fmt: skip
    report = build_digests(db.engine, settings, as_of=EPOCH, sections=[OffersSectionProvider()])
    assert report.built >= 2
    smtp = settings.model_copy(update={"mail_url": smtp_sink.url})
    asyncio.run(send_due(db.engine, transport_for(smtp), journal_directory=tmp_path / "journal"))
    digests = {
        r.rcpt_tos[0]: parse(r.content)
        for r in smtp_sink.received()
        if "List-Id" in parse(r.content) and "digests." in parse(r.content)["List-Id"]
    }
    # Strasbourg (French) is offered Cluj's offer: same themes, an EU city, eligible for the call.
    french = digests["europe@strasbourg.example.fr"]
    assert_email_contains(
        french,
        "Offres de partenariat",
        "Offres qui vous correspondent",
        "Partners for inclusive schools",
        "https://fundwatch.example.org/offers/",
        "vous êtes éligible à l'appel ERASMUS-SCHOOLS-2027",
    )
    # Cluj (the poster) hears of Strasbourg's interest; no introduction: Cluj did not consent.
    english = digests["europe@cluj.example.ro"]
    assert_email_contains(english, "Interest in your offers", "Nous sommes partants.")
    text, html = parts(english)
    assert "europe@strasbourg.example.fr" not in text + html


def test_a_later_digest_lists_only_offers_posted_since_the_previous_one(
    world: World, db, settings, frozen
) -> None:
    provider = OffersSectionProvider()
    with write_session(db.engine) as session:
        make_offer(session, "cluj", title="Posted in week 48")
    build_digests(db.engine, settings, as_of=EPOCH, sections=[provider])
    with time_machine.travel(EPOCH_TIME + timedelta(days=7), tick=False):
        with write_session(db.engine) as session:
            make_offer(session, "cluj", title="Posted in week 49")
        week49 = build_digests(
            db.engine, settings, as_of=EPOCH + timedelta(days=7), sections=[provider]
        )
    assert week49.built >= 1  # its calls were all sent in week 48: offers alone make the digest
    rows = [r for r in outbox_rows(db.engine, "digest") if r.recipient == "eu@pecs.example.hu"]
    first, second = (parts(parse(r.content))[0] for r in rows)
    assert "Posted in week 48" in first and "Posted in week 49" not in first
    assert "Posted in week 49" in second and "Posted in week 48" not in second


def test_the_demo_posts_offers_between_demo_participants_once(db, settings, frozen) -> None:
    from notifier.offer_demo import post_demo_offers

    demo = [  # the demo's participants (notifier/demo/participants.jsonl), as the demo imports them
        ("demo-cluj", "RO", "local-authority", ["housing", "education", "social-inclusion"], "en"),
        ("demo-strasbourg", "FR", "local-authority", ["education", "youth", "employment"], "fr"),
        ("demo-pecs", "HU", "local-authority", ["employment", "gender-equality", "health"], "en"),
        ("demo-sofia-ngo", "BG", "ngo", ["health", "social-inclusion"], "en"),
        ("demo-skopje", "MK", "local-authority", ["capacity-building", "youth"], "fr"),
    ]
    with write_session(db.engine) as session:
        for public_id, country, kind, themes, language in demo:
            make_participant(
                session, public_id=public_id, name=public_id.title(), country=country,
                applicant_type=kind, themes=themes, language=language,
                email=f"contact@{public_id}.example.org",
            )  # fmt: skip
        assert post_demo_offers(session, settings=settings, today=EPOCH) == 3
    with write_session(db.engine) as session:
        assert post_demo_offers(session, settings=settings, today=EPOCH) == 0
    build_digests(db.engine, settings, as_of=EPOCH, sections=[OffersSectionProvider()])
    digests = {r.recipient: parts(parse(r.content))[0] for r in outbox_rows(db.engine, "digest")}
    strasbourg = digests["contact@demo-strasbourg.example.org"]
    assert "Our health mediators can join your project" in strasbourg
    assert "Youth exchange on the remembrance of the Roma genocide" in strasbourg
    cluj = digests["contact@demo-cluj.example.org"]
    assert "Demo-Strasbourg" in cluj and "Interest in your offers" in cluj
    assert len(outbox_rows(db.engine, "interest")) == 2  # the poster, and the introduction


def _schools_offer_then_digests(db, settings) -> None:
    """Cluj seeks partners for the Erasmus schools call (until its deadline); digests built."""
    with write_session(db.engine) as session:
        make_offer(
            session, "cluj", call="ERASMUS-SCHOOLS-2027", themes=["education"],
            countries=["eu"], expires=None, title="Partners for inclusive schools",
        )  # fmt: skip
    build_digests(db.engine, settings, as_of=EPOCH)


def test_a_digest_item_says_how_many_open_offers_name_the_call(
    world: World, db, settings, tmp_path: Path, frozen
) -> None:
    _schools_offer_then_digests(db, settings)
    contents = {row.recipient: parse(row.content) for row in outbox_rows(db.engine, "digest")}
    # Strasbourg's digest lists the Erasmus call with the count (in French) beside it.
    french = contents["europe@strasbourg.example.fr"]
    assert_email_contains(french, "Inclusive schools across Europe",
                          "1 offre de partenariat ouverte cite cet appel")  # fmt: skip
    # Pécs is not eligible for the schools call's count: its digest shows no count at all.
    for recipient, message in contents.items():
        text, html = parts(message)
        if "Inclusive schools across Europe" not in text:
            assert "open partnership offer" not in text + html, recipient


def test_the_subject_counts_funding_calls_not_offers(
    world: World, db, settings, tmp_path: Path, frozen
) -> None:
    _schools_offer_then_digests(db, settings)
    french = next(
        parse(row.content)
        for row in outbox_rows(db.engine, "digest")
        if row.recipient == "europe@strasbourg.example.fr"
    )
    text, _html = parts(french)
    calls = text.count("\n* ") - text.split("Offres de partenariat", 1)[-1].count("\n* ")
    assert "Offres de partenariat" in text
    assert french["Subject"].startswith(f"{calls} appel")
