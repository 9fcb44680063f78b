"""The Taskforce's statistics page and partnership tracking."""

from __future__ import annotations

import re
from datetime import timedelta

from models.db import read_session, write_session
from models.digest import OutboxMessage
from models.offer import Interest
from models.participant import Participant
from models.source import Source
from tests.web.factories import EPOCH, TODAY, days, make_call, make_offer, make_participant
from web import stats


def _seed(db, people) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="C1", themes=["housing"], countries=["RO"], deadlines=[days(3)])
        make_call(
            s,
            public_id="C2",
            themes=["housing", "health"],
            countries=["eu"],
            deadlines=[days(20)],
            first_seen_at=EPOCH - timedelta(days=60),
            language="fr",
        )
        make_call(s, public_id="C3", themes=["youth"], countries=[], deadlines=[])
        make_call(s, public_id="C4", themes=["housing"], countries=["RO"], hidden=True)
        make_participant(
            s,
            email="nobody@lonely.example",
            name="Lonely town",
            country="IS",
            themes=["culture-remembrance"],
        )
        for n, status in enumerate(("sent", "sent", "failed")):
            s.add(
                OutboxMessage(
                    kind="digest",
                    recipient="x@example.org",
                    subject="",
                    message_id=f"<m{n}@test>",
                    content=b"",
                    status=status,
                )
            )
        s.add(
            Source(
                key="broken",
                name="Broken feed",
                kind="feed",
                url="https://x.example",
                state="failing",
                consecutive_failures=4,
                last_error="HTTP 500\ntrace",
            )
        )
        s.add(
            Source(key="fine", name="Fine feed", kind="feed", url="https://y.example", state="ok")
        )
        offer = make_offer(s, poster=s.get(Participant, people.alice_participant_id), call=None)
        s.add(
            Interest(
                offer_id=offer.id,
                participant_id=people.bob_participant_id,
                message="hi",
                share_contact=True,
            )
        )


def test_matches_per_participant_are_the_digests_matches(db, people) -> None:
    _seed(db, people)
    with read_session(db.engine) as session:
        rows = stats.matches_per_participant(session, today=TODAY)
    counts = {row.name: row.matches for row in rows}
    # Cluj (RO, housing): C1 and C2 (eu); Marseille (FR, education): none; Lonely town too.
    assert counts == {"Cluj-Napoca": 2, "Marseille": 0, "Lonely town": 0}
    assert rows[-1].name == "Cluj-Napoca"  # fewest first


def test_the_statistics_page_shows_every_chart(visitors, db, people) -> None:
    _seed(db, people)
    page = visitors.admin.get("/taskforce/stats")
    assert page.status_code == 200
    html = page.text
    assert (
        "New calls by theme and month" in html
        and 'aria-label="0, 0, 0, 0, 0, 0, 0, 0, 0, 0' in html
    )
    assert "2 of 3 participants get no matching call." in html
    assert re.search(
        r'class="no-match">\s*<td><a href="/taskforce/participants/[^"]+">Lonely town', html
    )
    assert "0–1 weeks" in html and "rolling" in html
    assert "Iceland (1)" in html and "Romania (1)" in html
    assert '<tr class="mail-sent"><td>digest</td><td>sent</td><td>2</td></tr>' in html
    assert '<tr class="mail-failed"><td>digest</td><td>failed</td><td>1</td></tr>' in html
    assert "Broken feed" in html and "4 failures in a row" in html and "Fine feed" not in html
    assert "<script" not in html and "cdn" not in html.lower()


def test_the_open_calls_by_week_count_each_deadline_once(db, people) -> None:
    _seed(db, people)
    with read_session(db.engine) as session:
        bars = stats.open_calls_by_deadline(session, today=TODAY)
    assert [bar.value for bar in bars[:4]] == [1, 0, 1, 0]  # C1 in 3 days, C2 in 20
    assert (bars[-2].value, bars[-1].value) == (0, 1)  # none later; C3 rolling; C4 hidden


def test_partnership_tracking_lists_offers_per_call_and_theme(visitors, db, people) -> None:
    _seed(db, people)
    html = visitors.admin.get("/taskforce/offers").text
    assert "Per call" in html and "(no call named)" in html and "Education" in html
    assert "<td>1</td><td>1</td><td>0</td><td>1</td><td>0</td>" in html  # no introduction


def test_members_are_refused_the_statistics(visitors, db, people) -> None:
    for path in ("/taskforce/stats", "/taskforce/offers"):
        assert visitors.alice.get(path).status_code == 403
        assert visitors.bob.get(path).status_code == 403
        response = visitors.anon.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/login"
