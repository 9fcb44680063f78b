"""The Taskforce's operations on calls: correct tags, hide, merge a duplicate.

- A tag correction is kept twice: as a TagFeedback row (old and new value, author), the
  classifier's training data, and on the call with origin `manual` through
  `models.callstore.set_tag`, which no re-classification or crawl overwrites.
- Merging moves everything that names the duplicate to the kept call (aliases, source
  URLs, history, tag feedback, offers, bookmarks, digest items, so members are not told
  again about a call they were sent), makes the duplicate's public id an alias of the kept
  call (old links and imports resolve to it) and deletes the duplicate.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, exists, or_, select, update
from sqlalchemy.orm import Session, aliased, defer

from models.account import Bookmark
from models.base import utcnow
from models.call import Call, CallAlias, CallChange, CallSource, TagFeedback
from models.callstore import find_call, set_tag
from models.digest import DigestItem
from models.offer import PartnerOffer

LIST_TAGS = ("themes", "applicant_types", "countries")
# Tags whose correction also goes into the call's change history (and moves its calendar
# events: the iCal SEQUENCE counts deadline changes).
HISTORY = {"deadline": "deadlines", "max_amount_eur": "max_amount_eur"}


class MergeRefused(ValueError):
    """A merge that cannot be done; the message is one line for people."""


def current_tags(call: Call) -> dict[str, Any]:
    """The correctable tags of a call, as JSON values (the form and TagFeedback use these)."""
    return {
        "themes": sorted(call.themes or []),
        "applicant_types": sorted(call.applicant_types or []),
        "countries": sorted(call.countries or []),
        "funding_type": call.funding_type,
        "deadline": list(call.deadlines or []),
        "max_amount_eur": call.max_amount_eur,
        "partnership_required": call.partnership_required,
        "cross_border": call.cross_border,
    }


def _manual_evidence(call: Call, name: str, value: Any) -> Any:
    """Evidence of a corrected tag: the spans still true (kept tags of a list), else none."""
    if name not in LIST_TAGS:
        return []
    old = (call.evidence or {}).get(name)
    old = old if isinstance(old, dict) else {}
    return {tag: old.get(tag, []) for tag in value}


def correct_tags(
    session: Session,
    *,
    call: Call,
    values: Mapping[str, Any],
    author: str,
    today: date,
    now: datetime,
) -> list[str]:
    """Apply the Taskforce's values where they differ from the call's; the fields changed.

    `values` holds checked JSON values keyed as `current_tags` (a deadline is a list of
    YYYY-MM-DD strings).
    """
    before = current_tags(call)
    changed = [name for name, value in values.items() if name in before and before[name] != value]
    status_before = call.status
    for name in changed:
        session.add(
            TagFeedback(
                call_id=call.id,
                field=name,
                old_value=before[name],
                new_value=values[name],
                author=author,
                created_at=now,
            )
        )
        value = values[name]
        set_tag(
            call,
            name,
            value,
            origin="manual",
            evidence=_manual_evidence(call, name, value),
            today=today,
        )
        if name in HISTORY:
            old = before[name]
            session.add(_change(call, HISTORY[name], old, value, now))
    if changed:
        call.refresh_status(today=today)
        if call.status != status_before:
            session.add(_change(call, "status", status_before, call.status, now))
        call.last_changed_at = now
    return changed


def _change(call: Call, field: str, old: Any, new: Any, now: datetime) -> CallChange:
    return CallChange(
        call_id=call.id,
        field=field,
        old_value=old,
        new_value=new,
        changed_at=now,
        source_key="taskforce",
    )


def merge_calls(session: Session, *, keep: Call, duplicate: Call) -> None:
    """Merge `duplicate` into `keep` (see the module docstring); MergeRefused if the same."""
    if keep.id == duplicate.id:
        raise MergeRefused("a call cannot be merged into itself")
    keep_id, dup_id, dup_public_id = keep.id, duplicate.id, duplicate.public_id
    session.flush()
    kept = aliased(CallSource)
    same_url = exists().where(
        kept.call_id == keep_id,
        kept.source_key == CallSource.source_key,
        kept.url == CallSource.url,
    )
    session.execute(delete(CallSource).where(CallSource.call_id == dup_id, same_url))
    _move(session, CallSource, dup_id, keep_id)
    session.execute(
        delete(CallAlias).where(CallAlias.call_id == dup_id, CallAlias.alias == keep.public_id)
    )
    _move(session, CallAlias, dup_id, keep_id)
    for model in (CallChange, TagFeedback, PartnerOffer):
        _move(session, model, dup_id, keep_id)
    _move_unique(session, Bookmark, Bookmark.contact_id, dup_id, keep_id)
    _move_unique(session, DigestItem, DigestItem.digest_id, dup_id, keep_id)
    session.execute(delete(Call).where(Call.id == dup_id))
    session.expunge(duplicate)
    if session.get(CallAlias, dup_public_id) is None:
        session.add(CallAlias(alias=dup_public_id, call_id=keep_id, kind="id"))
    session.add(_change(keep, "merged", dup_public_id, keep.public_id, utcnow()))
    session.flush()
    # Rows moved by UPDATE are stale in the identity map: reload whatever is read next.
    session.expire_all()


def _move(session: Session, model: Any, from_id: int, to_id: int) -> None:
    session.execute(
        update(model)
        .where(model.call_id == from_id)
        .values(call_id=to_id)
        .execution_options(synchronize_session=False)
    )


def _move_unique(session: Session, model: Any, owner: Any, from_id: int, to_id: int) -> None:
    """Move rows unique per (owner, call): where the owner already has the kept call, the
    duplicate's row is dropped instead."""
    other = aliased(model)
    clash = exists().where(other.call_id == to_id, getattr(other, owner.key) == owner)
    session.execute(delete(model).where(and_(model.call_id == from_id, clash)))
    _move(session, model, from_id, to_id)


def find_any_call(session: Session, *, ref: str) -> Call | None:
    """A call by public id or alias, hidden ones included (the Taskforce sees them all)."""
    return find_call(session, ref=ref)


def list_admin_calls(
    session: Session, *, q: str | None, hidden_only: bool, page: int, per_page: int = 50
) -> list[Call]:
    """Calls for the Taskforce's list, newest first; `q` is part of a title or an id."""
    query = select(Call).options(
        defer(Call.description_html), defer(Call.description_text), defer(Call.evidence)
    )
    if hidden_only:
        query = query.where(Call.hidden.is_(True))
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(Call.title.ilike(pattern, escape="\\"), Call.public_id.ilike(pattern, escape="\\"))
        )
    query = query.order_by(Call.first_seen_at.desc(), Call.id.desc())
    return list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
