"""Interest in an offer: the poster is mailed at once (real SMTP on loopback), contact details
travel only with both consents (double opt-in), and bad input changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.account import Suppression, secret_hash
from models.db import write_session
from models.offer import Interest
from models.participant import Contact
from tests.notifier.mail import assert_email_contains, parse, parts
from tests.notifier.smtpsink import SmtpSink
from tests.offers.conftest import EPOCH, EPOCH_TIME, World, make_offer, offer_tables, outbox_rows

CLUJ = "europe@cluj.example.ro"
PECS = "eu@pecs.example.hu"


def post(db, poster: str = "cluj", **fields) -> int:
    with write_session(db.engine) as session:
        return make_offer(session, poster, **fields).id


def interest(run_cli, sink: SmtpSink, offer_id: int, member: str, *extra: str):
    return run_cli(
        "--mail-url", sink.url, "offers", "interest", str(offer_id),
        "--from", member, "--message", "Pécs runs a similar programme; shall we talk?", *extra,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("poster_consents", "member_consents"),
    [(False, False), (True, False), (False, True)],
    ids=["neither", "poster-only", "member-only"],
)
def test_without_both_consents_no_address_leaves(
    run_cli, world: World, db, smtp_sink: SmtpSink, frozen, poster_consents, member_consents
) -> None:
    offer_id = post(db, share_contact=poster_consents)
    extra = ("--share-contact",) if member_consents else ()
    result = interest(run_cli, smtp_sink, offer_id, "pecs", *extra)
    assert result.exit_code == 0, result.output
    received = smtp_sink.received()
    assert [r.rcpt_tos for r in received] == [[CLUJ]]  # the poster only, at once
    content = received[0].content
    assert PECS.encode() not in content  # anywhere: headers, text, HTML
    message = parse(content)
    assert_email_contains(
        message,
        "Pécs (municipality or other local authority, Hungary) is interested",
        "Pécs runs a similar programme; shall we talk?",
        "Contact details are shared only when both sides agree.",
        f"http://127.0.0.1:8000/offers/{offer_id}",  # where the poster answers
    )
    assert (
        message["Subject"] == "Pécs is interested in your offer “Partners for a desegregation plan”"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with Session(db.engine) as session:
        row = session.scalars(select(Interest)).one()
        assert row.notified_at is not None and row.state == "new"
        assert row.share_contact is member_consents


def test_with_both_consents_each_side_gets_the_others_address(
    run_cli, world: World, db, smtp_sink: SmtpSink, frozen
) -> None:
    offer_id = post(db, share_contact=True)
    result = interest(run_cli, smtp_sink, offer_id, "pecs", "--share-contact")
    assert result.exit_code == 0, result.output
    by_recipient = {r.rcpt_tos[0]: r for r in smtp_sink.received()}
    assert set(by_recipient) == {CLUJ, PECS}
    to_poster = parse(by_recipient[CLUJ].content)
    assert_email_contains(to_poster, "You both agreed to share your contact details", PECS)
    to_member = parse(by_recipient[PECS].content)
    assert to_member["Subject"] == (
        "Introduction: Cluj-Napoca and Pécs, about “Partners for a desegregation plan”"
    )
    assert_email_contains(to_member, CLUJ, "You both agreed to share your contact details")


def test_the_interest_mail_is_in_the_posters_language(
    run_cli, world: World, db, smtp_sink: SmtpSink, frozen
) -> None:
    offer_id = post(db, "strasbourg", share_contact=True)
    assert interest(run_cli, smtp_sink, offer_id, "pecs").exit_code == 0
    message = parse(smtp_sink.received()[0].content)
    assert message["Content-Language"] == "fr"
    text, html = parts(message)
    assert "Pécs s'intéresse à votre offre" in message["Subject"]
    assert "Les coordonnées ne sont partagées que si les deux parties l'acceptent." in text
    assert "Ouverte jusqu'au\u00a0: 23 décembre 2026" in text
    assert "Répondez-lui par fundwatch" in html and PECS not in html


@pytest.mark.parametrize("why", ["hard-bounce", "erased", "unsubscribed"])
def test_a_poster_contact_we_may_not_mail_is_not_mailed(
    run_cli, world: World, db, smtp_sink: SmtpSink, frozen, why: str
) -> None:
    offer_id = post(db)
    with write_session(db.engine) as session:
        contact = session.scalars(select(Contact).where(Contact.email == CLUJ)).one()
        if why == "hard-bounce":
            contact.bounce_state = "hard"
        elif why == "erased":
            session.add(Suppression(email_hash=secret_hash(CLUJ)))
        else:
            contact.unsubscribed_at = EPOCH_TIME
    result = interest(run_cli, smtp_sink, offer_id, "pecs")
    assert result.exit_code == 0
    assert "no contact of the poster can be mailed" in result.stderr
    assert smtp_sink.received() == []
    with Session(db.engine) as session:
        assert session.scalars(select(Interest.notified_at)).one() is None


def test_queue_only_leaves_the_mail_in_the_outbox(
    run_cli, world: World, db, smtp_sink, frozen
) -> None:
    offer_id = post(db)
    assert interest(run_cli, smtp_sink, offer_id, "pecs", "--queue-only").exit_code == 0
    assert smtp_sink.received() == []
    rows = outbox_rows(db.engine, "interest")
    assert [(r.recipient, r.status) for r in rows] == [(CLUJ, "queued")]
    assert rows[0].message_id.endswith("@127.0.0.1>")
    assert PECS.encode() not in rows[0].content


def _close(db, offer_id: int) -> None:
    with write_session(db.engine) as session:
        from notifier.offers import close_offer

        close_offer(session, offer_id=offer_id)


@pytest.mark.parametrize(
    ("case", "member", "reason"),
    [
        ("own offer", "cluj", "is cluj's own offer"),
        ("unknown member", "atlantis", "unknown participant 'atlantis'"),
        ("unknown offer", "pecs", "unknown offer 999"),
        ("closed offer", "pecs", "is closed"),
        ("expired offer", "pecs", "expired on 2026-11-20"),
        ("second interest", "pecs", "pecs already expressed interest"),
        ("empty message", "pecs", "the message is empty"),
    ],
    ids=["own", "unknown-member", "unknown-offer", "closed", "expired", "twice", "empty"],
)
def test_bad_interest_is_refused_and_changes_nothing(
    run_cli, world: World, db, smtp_sink: SmtpSink, frozen, case: str, member: str, reason: str
) -> None:
    offer_id = post(db)
    message = "Hello"
    if case == "unknown offer":
        offer_id = 999
    elif case == "closed offer":
        _close(db, offer_id)
    elif case == "expired offer":
        offer_id = post(db, as_of=EPOCH - timedelta(days=10), expires="2026-11-20")
    elif case == "second interest":
        assert interest(run_cli, smtp_sink, offer_id, "pecs", "--queue-only").exit_code == 0
    elif case == "empty message":
        message = "   "
    before = offer_tables(db.engine)
    result = run_cli(
        "--mail-url", smtp_sink.url, "offers", "interest", str(offer_id),
        "--from", member, "--message", message,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert reason in result.stderr and result.stderr.startswith("error: ")
    assert offer_tables(db.engine) == before
    assert smtp_sink.received() == []
