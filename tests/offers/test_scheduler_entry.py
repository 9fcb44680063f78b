"""The scheduler's `offers` job calls notifier.offers by name: the names and keywords hold."""

from __future__ import annotations

from datetime import timedelta

from models.db import write_session
from notifier import offers
from tests.offers.conftest import EPOCH, World, make_offer, outbox_rows


def test_the_scheduler_entry_points_remind_then_expire(world: World, db, settings, frozen) -> None:
    with write_session(db.engine) as session:
        make_offer(session, "cluj", expires=(EPOCH + timedelta(days=5)).isoformat())
        make_offer(session, "pecs", expires=(EPOCH + timedelta(days=1)).isoformat())
    with write_session(db.engine) as session:
        assert offers.send_expiry_reminders(session, settings=settings, today=EPOCH) == 2
        assert offers.expire_offers(session, settings=settings, today=EPOCH) == 0
    with write_session(db.engine) as session:
        later = EPOCH + timedelta(days=2)
        assert offers.send_expiry_reminders(session, settings=settings, today=later) == 0
        assert offers.expire_offers(session, settings=settings, today=later) == 1
    assert len(outbox_rows(db.engine, "offer-reminder")) == 2
