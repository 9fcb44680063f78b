"""Offers expire by themselves; posters are reminded once, 7 days before; close, fill, extend."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy.orm import Session

from models.db import write_session
from models.offer import PartnerOffer
from notifier.offers import close_offer, extend_offer, fill_offer, run_offer_upkeep
from tests.notifier.mail import assert_email_contains, parse
from tests.offers.conftest import EPOCH, EPOCH_TIME, World, make_offer, offer_tables, outbox_rows

EXPIRES = EPOCH + timedelta(days=30)  # 23 December 2026


def post(db, **fields) -> int:
    with write_session(db.engine) as session:
        return make_offer(session, "cluj", **fields).id


def offer(db, offer_id: int) -> PartnerOffer:
    with Session(db.engine) as session:
        return session.get_one(PartnerOffer, offer_id)


def remind(run_cli, day) -> str:
    result = run_cli("offers", "remind", "--as-of", day.isoformat())
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_poster_is_reminded_once_seven_days_before_expiry(run_cli, world: World, db) -> None:
    offer_id = post(db)
    with time_machine.travel(EPOCH_TIME + timedelta(days=22), tick=False):
        assert "0 posters reminded" in remind(run_cli, EXPIRES - timedelta(days=8))
        assert outbox_rows(db.engine, "offer-reminder") == []
    with time_machine.travel(EPOCH_TIME + timedelta(days=23), tick=False):
        assert "1 posters reminded" in remind(run_cli, EXPIRES - timedelta(days=7))
        assert "0 posters reminded" in remind(run_cli, EXPIRES - timedelta(days=7))
    with time_machine.travel(EPOCH_TIME + timedelta(days=24), tick=False):
        assert "0 posters reminded" in remind(run_cli, EXPIRES - timedelta(days=6))
    rows = outbox_rows(db.engine, "offer-reminder")
    assert [(r.recipient, r.status) for r in rows] == [("europe@cluj.example.ro", "queued")]
    message = parse(rows[0].content)
    assert message["Subject"] == (
        "Your partnership offer “Partners for a desegregation plan” expires on 23 December 2026"
    )
    assert_email_contains(message, "It has drawn 0 expressions of interest.", f"/offers/{offer_id}")
    assert offer(db, offer_id).reminded_at == EPOCH_TIME + timedelta(days=23)


def test_a_missed_reminder_day_is_caught_up_within_the_week(world: World, db, settings) -> None:
    offer_id = post(db)
    with write_session(db.engine) as session:
        done = run_offer_upkeep(session, settings=settings, as_of=EXPIRES - timedelta(days=3))
    assert done.reminded == 1 and offer(db, offer_id).reminded_at is not None


def test_offers_close_by_themselves_after_their_expiry_day(run_cli, world: World, db) -> None:
    offer_id = post(db)
    with time_machine.travel(EPOCH_TIME + timedelta(days=30), tick=False):
        assert "0 offers expired" in remind(run_cli, EXPIRES)
        assert offer(db, offer_id).status == "open"  # open through its last day
        listed = run_cli("offers", "list", "--open").stdout
        assert listed.startswith(f"{offer_id}\topen\t2026-12-23\tcluj\t-\t0 interests\t")
    with time_machine.travel(EPOCH_TIME + timedelta(days=31), tick=False):
        # Already out of lists before the upkeep runs: expiry does not wait for the job.
        assert run_cli("offers", "list", "--open").stdout.strip() == "no offers"
        assert "\texpired\t" in run_cli("offers", "list").stdout
        assert "1 offers expired" in remind(run_cli, EXPIRES + timedelta(days=1))
    assert offer(db, offer_id).status == "closed"


def test_extending_re_arms_the_reminder_and_reopens_an_expired_offer(
    run_cli, world: World, db, settings
) -> None:
    offer_id = post(db)
    with write_session(db.engine) as session:
        run_offer_upkeep(session, settings=settings, as_of=EXPIRES - timedelta(days=7))
        run_offer_upkeep(session, settings=settings, as_of=EXPIRES + timedelta(days=1))
    assert offer(db, offer_id).status == "closed" and offer(db, offer_id).reminded_at
    with time_machine.travel(EPOCH_TIME + timedelta(days=32), tick=False):
        result = run_cli("offers", "extend", str(offer_id), "--until", "2027-02-01")
    assert (
        result.exit_code == 0 and result.stdout.strip() == f"offer {offer_id} open until 2027-02-01"
    )
    extended = offer(db, offer_id)
    assert (extended.status, extended.reminded_at) == ("open", None)
    with write_session(db.engine) as session:
        again = run_offer_upkeep(
            session, settings=settings, as_of=extended.expires_on - timedelta(days=7)
        )
    assert again.reminded == 1
    assert len({r.message_id for r in outbox_rows(db.engine, "offer-reminder")}) == 2


@pytest.mark.parametrize(
    ("setup", "args", "reason"),
    [
        (None, ("extend", "{id}", "--until", "2026-12-01"), "is not later than the current expiry"),
        (None, ("extend", "{id}", "--until", "2026-11-01"), "is already past"),
        ("filled", ("extend", "{id}", "--until", "2027-03-01"), "is filled"),
        ("closed", ("extend", "{id}", "--until", "2027-03-01"), "was closed by its poster"),
        ("closed", ("close", "{id}"), "is already closed"),
        ("filled", ("fill", "{id}"), "is already filled"),
        (None, ("close", "999"), "unknown offer 999"),
        (None, ("list", "--participant", "atlantis"), "unknown participant 'atlantis'"),
    ],
    ids=[
        "earlier",
        "past",
        "filled",
        "withdrawn",
        "close-twice",
        "fill-twice",
        "bad-id",
        "bad-poster",
    ],
)
def test_bad_offer_changes_are_refused_and_change_nothing(
    run_cli, world: World, db, frozen, setup, args, reason
) -> None:
    offer_id = post(db)
    if setup is not None:
        with write_session(db.engine) as session:
            (fill_offer if setup == "filled" else close_offer)(session, offer_id=offer_id)
    before = offer_tables(db.engine)
    result = run_cli("offers", *(a.format(id=offer_id) for a in args))
    assert result.exit_code == 1, result.output
    assert reason in result.stderr
    assert offer_tables(db.engine) == before


def test_close_and_fill_from_the_command_line(run_cli, world: World, db, frozen) -> None:
    first, second = post(db), post(db, title="Second offer")
    assert run_cli("offers", "close", str(first)).stdout.strip() == f"offer {first} closed"
    assert run_cli("offers", "fill", str(second)).stdout.strip() == f"offer {second} filled"
    assert [offer(db, first).status, offer(db, second).status] == ["closed", "filled"]
    with write_session(db.engine) as session, pytest.raises(Exception, match="is filled"):
        extend_offer(session, offer_id=second, until=EPOCH + timedelta(days=90), as_of=EPOCH)


def test_malformed_and_out_of_range_offer_ids_are_refused(
    run_cli, world: World, db, frozen
) -> None:
    post(db)
    before = offer_tables(db.engine)
    not_a_number = run_cli("offers", "close", "abc")
    assert not_a_number.exit_code == 2 and "'abc' is not a valid integer" in not_a_number.stderr
    huge = run_cli("offers", "close", str(2**40))
    assert huge.exit_code == 1 and f"unknown offer {2**40}" in huge.stderr
    assert offer_tables(db.engine) == before


def test_the_poster_follows_up_an_interest_through_its_states(
    world: World, db, settings, frozen
) -> None:
    from notifier.offer_input import OfferRefused
    from notifier.offers import express_interest, set_interest_state

    with write_session(db.engine) as session:
        offer_id = make_offer(session, "cluj").id
        interest = express_interest(
            session, offer_id=offer_id, participant_ref="pecs", message="Hello",
            share_contact=False, settings=settings, as_of=EPOCH,
        )  # fmt: skip
        assert (
            set_interest_state(session, interest_id=interest.id, state="accepted").state
            == "accepted"
        )
        with pytest.raises(OfferRefused, match="state must be one of new, contacted"):
            set_interest_state(session, interest_id=interest.id, state="maybe")
        with pytest.raises(OfferRefused, match="unknown interest 999"):
            set_interest_state(session, interest_id=999, state="declined")
