"""Which section each matching call goes to: first digest, new, updated, closing soon."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from matcher.matching import CallFacts, Profile, match_call
from notifier.plan import History, plan_digest, snapshot_of

TODAY = date(2026, 11, 23)
PROFILE = Profile(
    key=1, country="RO", applicant_type="local-authority", themes=frozenset({"housing"})
)


def a_call(call_id: int, *, days: int | None = 60, **overrides) -> SimpleNamespace:
    values = {
        "id": call_id,
        "title": f"Call {call_id}",
        "description_text": "",
        "status": "open",
        "deadlines": [] if days is None else [(TODAY + timedelta(days=days)).isoformat()],
        "countries": ["RO"],
        "applicant_types": ["local-authority"],
        "themes": ["housing"],
        "funding_type": "grant",
        "opening_date": None,
        "hidden": False,
        "max_amount_eur": 1000.0,
        "max_amount": None,
        "total_amount": None,
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def matched(*calls, today=TODAY):
    out = []
    for call in calls:
        match = match_call(PROFILE, CallFacts.of(call), today=today)
        assert match is not None
        out.append((call, match))
    return out


def sent(*entries) -> History:
    """History from (call, digest day) pairs, as the calls were on that day."""
    return History.from_rows((call.id, snapshot_of(call, as_of=day), day) for call, day in entries)


def sections(plan) -> dict[str, list[int]]:
    return {key: [item.call.id for item in items] for key, items in plan.sections.items()}


def test_first_digest_lists_every_match() -> None:
    unclear = a_call(3, countries=[])
    plan = plan_digest(matched(a_call(1), a_call(2, days=5), unclear), History(), as_of=TODAY)
    assert plan.first
    assert sections(plan) == {"new": [2, 1], "check-eligibility": [3]}


def test_later_digest_lists_only_calls_never_sent() -> None:
    old, new = a_call(1), a_call(2)
    history = sent((old, TODAY - timedelta(days=7)))
    plan = plan_digest(matched(old, new), history, as_of=TODAY)
    assert not plan.first and sections(plan) == {"new": [2]}


def test_a_material_change_makes_a_sent_call_updated() -> None:
    week_ago = TODAY - timedelta(days=7)
    history = sent((a_call(1, days=60), week_ago), (a_call(2), week_ago), (a_call(3), week_ago))
    moved, richer, closed_then_open = (
        a_call(1, days=90),
        a_call(2, max_amount_eur=5000.0),
        a_call(3, status="forthcoming"),
    )
    plan = plan_digest(matched(moved, richer, closed_then_open), history, as_of=TODAY)
    changes = {item.call.id: item.changed for item in plan.sections["updated"]}
    assert list(plan.sections) == ["updated"]
    assert changes == {1: ("deadlines",), 2: ("budget",), 3: ("status",)}


def test_a_text_change_is_not_an_update() -> None:
    call = a_call(1)
    history = sent((call, TODAY - timedelta(days=7)))
    plan = plan_digest(matched(a_call(1, title="Renamed")), history, as_of=TODAY)
    assert plan.is_empty


def test_closing_soon_reminds_once_per_deadline() -> None:
    call = a_call(1, days=10)
    week_ago = TODAY - timedelta(days=7)
    history = sent((call, week_ago - timedelta(days=30)))  # sent when the deadline was far
    plan = plan_digest(matched(call), history, as_of=TODAY)
    assert sections(plan) == {"closing-soon": [1]}
    reminded = sent((call, week_ago - timedelta(days=30)), (call, TODAY))
    later = TODAY + timedelta(days=7)
    assert plan_digest(matched(call, today=later), reminded, as_of=later).is_empty


def test_a_call_first_sent_close_to_its_deadline_is_not_reminded() -> None:
    call = a_call(1, days=12)
    history = sent((call, TODAY - timedelta(days=2)))
    assert plan_digest(matched(call), history, as_of=TODAY).is_empty


def test_closing_soon_orders_by_deadline() -> None:
    far_past = TODAY - timedelta(days=60)
    calls = [a_call(1, days=13), a_call(2, days=3), a_call(3, days=8)]
    history = sent(*((c, far_past) for c in calls))
    plan = plan_digest(matched(*calls), history, as_of=TODAY)
    assert sections(plan) == {"closing-soon": [2, 3, 1]}


def test_a_rolling_call_is_never_closing_soon() -> None:
    call = a_call(1, days=None)
    history = sent((call, TODAY - timedelta(days=60)))
    assert plan_digest(matched(call), history, as_of=TODAY).is_empty
