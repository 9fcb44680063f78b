"""What goes in a contact's digest: the sections, decided from its matches and what it got before.

Pure: takes the calls that match now and the contact's history, returns a `DigestPlan`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from matcher.matching import Match, rank
from models.callstore import MATERIAL_FIELDS

CLOSING_SOON_DAYS = 14
# Display order of the call sections in a digest.
CALL_SECTIONS = ("closing-soon", "new", "updated", "check-eligibility")
# A material change of one of these fields makes a sent call "updated"; the digest names the
# kind of change.
CHANGE_KINDS = {
    "deadlines": "deadlines",
    "status": "status",
    "max_amount_eur": "budget",
    "max_amount": "budget",
    "total_amount": "budget",
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def next_deadline_on(deadlines: Iterable[str], day: date) -> date | None:
    """The first deadline (ISO strings) on or after `day`, or None."""
    ahead = sorted(d for d in (date.fromisoformat(x) for x in deadlines) if d >= day)
    return ahead[0] if ahead else None


def snapshot_of(call: Any, *, as_of: date) -> dict[str, Any]:
    """The state of a call as a digest shows it: its material fields and next deadline."""
    snapshot = {name: _jsonable(getattr(call, name)) for name in MATERIAL_FIELDS}
    upcoming = next_deadline_on(call.deadlines or [], as_of)
    snapshot["next_deadline"] = upcoming.isoformat() if upcoming else None
    return snapshot


@dataclass(frozen=True)
class SentCall:
    """A call as it was last sent to a contact, and the deadlines already announced as near."""

    snapshot: dict[str, Any]
    announced: frozenset[str] = frozenset()


@dataclass
class History:
    """What a contact received before (digests other than the one being built)."""

    has_digest: bool = False
    calls: dict[int, SentCall] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, dict[str, Any], date]]) -> History:
        """From (call id, snapshot, digest as_of) rows, oldest digest first."""
        history = cls()
        for call_id, snapshot, as_of in rows:
            history.has_digest = True
            announced = set(history.calls[call_id].announced) if call_id in history.calls else set()
            upcoming = snapshot.get("next_deadline")
            if upcoming and (date.fromisoformat(upcoming) - as_of).days <= CLOSING_SOON_DAYS:
                announced.add(upcoming)
            history.calls[call_id] = SentCall(snapshot=snapshot, announced=frozenset(announced))
        return history


@dataclass(frozen=True)
class PlannedItem:
    call: Any
    match: Match
    section: str
    snapshot: dict[str, Any]
    changed: tuple[str, ...] = ()


@dataclass
class DigestPlan:
    first: bool
    sections: dict[str, list[PlannedItem]] = field(default_factory=dict)

    @property
    def items(self) -> list[PlannedItem]:
        return [item for key in CALL_SECTIONS for item in self.sections.get(key, [])]

    @property
    def is_empty(self) -> bool:
        return not self.items


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    """The kinds of material change between two snapshots: deadlines, status, budget."""
    kinds = {CHANGE_KINDS[name] for name in MATERIAL_FIELDS if before.get(name) != after.get(name)}
    return tuple(kind for kind in ("deadlines", "status", "budget") if kind in kinds)


def plan_digest(
    matched: Sequence[tuple[Any, Match]], history: History, *, as_of: date
) -> DigestPlan:
    """Sort the calls matching now into the sections of one digest.

    - The first digest of a contact (no earlier digest) lists every match: eligible calls
      under "new", calls whose eligibility is undetermined under "check-eligibility".
    - Later digests list a call never sent to this contact the same way ("new" or
      "check-eligibility").
    - A call sent before whose deadlines, status or budget differ from what was sent is
      "updated", with what changed.
    - A call sent before, unchanged, whose next deadline is within 14 days, is "closing
      soon", once per deadline: not when an earlier digest already showed that deadline
      within 14 days of it.
    - Anything else sent before is left out; calls that no longer match are left out.

    Within a section calls are ranked by match score ("closing soon" by deadline).
    """
    first = not history.has_digest
    sections: dict[str, list[PlannedItem]] = {key: [] for key in CALL_SECTIONS}
    by_key = {match.call_key: (call, match) for call, match in matched}
    for match in rank(m for _, m in matched):
        call = by_key[match.call_key][0]
        snapshot = snapshot_of(call, as_of=as_of)
        sent = None if first else history.calls.get(call.id)
        fresh_section = "new" if match.eligibility == "eligible" else "check-eligibility"
        if sent is None:
            sections[fresh_section].append(PlannedItem(call, match, fresh_section, snapshot))
            continue
        changes = changed_fields(sent.snapshot, snapshot)
        if changes:
            sections["updated"].append(PlannedItem(call, match, "updated", snapshot, changes))
        elif (
            match.days_left is not None
            and match.days_left <= CLOSING_SOON_DAYS
            and snapshot["next_deadline"] not in sent.announced
        ):
            sections["closing-soon"].append(PlannedItem(call, match, "closing-soon", snapshot))
    sections["closing-soon"].sort(key=lambda item: (item.match.days_left, -item.match.score))
    return DigestPlan(first=first, sections={k: v for k, v in sections.items() if v})
