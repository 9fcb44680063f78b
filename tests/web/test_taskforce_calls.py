"""Taskforce pages of calls: tag corrections (feedback + manual origin), hide, merge."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from models.account import Bookmark
from models.call import Call, CallAlias, CallChange, CallSource, TagFeedback
from models.callstore import apply_classification, find_call
from models.db import read_session, write_session
from models.digest import Digest, DigestItem
from models.offer import PartnerOffer
from models.participant import Participant
from tests.web.conftest import SQLITE_ONLY
from tests.web.factories import EPOCH, TODAY, days, make_call, make_offer
from web.admin_ops import MergeRefused, merge_calls

TAGS = {
    "themes": ["education", "housing"],
    "applicant_types": ["local-authority", "ngo"],
    "countries": "RO, hu, eu",
    "funding_type": "grant",
    "deadline": f"{days(45).isoformat()}, {days(10).isoformat()}",
    "max_amount_eur": "75 000",
    "partnership_required": "yes",
    "cross_border": "yes",
}


@pytest.fixture
def call(db) -> str:
    with write_session(db.engine) as s:
        make_call(s, public_id="CERV/2027 TAGS", title="A call to correct")
    return "CERV/2027 TAGS"


def _call(db, ref: str) -> Call | None:
    with read_session(db.engine) as session:
        return find_call(session, ref=ref)


def _edit(ref: str) -> str:
    return "/taskforce/call?ref=" + quote(ref, safe="")


def test_admin_corrects_tags_kept_as_feedback_and_manual_origin(visitors, db, people, call) -> None:
    page = visitors.admin.get(_edit(call))
    assert page.status_code == 200 and "Correct the tags" in page.text
    response = visitors.admin.post("/taskforce/call/tags", {**TAGS, "call": call})
    assert response.status_code == 303 and "saved=1" in response.headers["location"]
    found = _call(db, call)
    assert found.themes == ["education", "housing"]
    assert found.countries == ["HU", "RO", "eu"]
    assert found.deadlines == [days(10).isoformat(), days(45).isoformat()]
    assert (found.max_amount_eur, found.partnership_required, found.cross_border) == (
        75000.0,
        True,
        True,
    )
    assert {found.origin_of(name) for name in TAGS if name != "funding_type"} == {"manual"}
    assert found.origin_of("funding_type") is None  # unchanged: not recorded, not claimed
    assert found.evidence["themes"] == {"education": [], "housing": []}
    with read_session(db.engine) as session:
        feedback = {f.field: f for f in session.scalars(select(TagFeedback))}
        moved = session.scalars(select(CallChange).where(CallChange.source_key == "taskforce"))
        assert {c.field for c in moved} == {"deadlines", "max_amount_eur"}
    assert set(feedback) == set(TAGS) - {"funding_type"}
    assert feedback["themes"].old_value == ["social-inclusion"]
    assert feedback["themes"].new_value == ["education", "housing"]
    assert feedback["deadline"].author == people.admin
    shown = visitors.admin.get(_edit(call) + "&saved=1").text
    assert "corrected by the Taskforce" in shown and "Saved." in shown


def test_a_correction_survives_reclassification(visitors, db, call) -> None:
    visitors.admin.post("/taskforce/call/tags", {**TAGS, "call": call})
    with write_session(db.engine) as session:
        found = find_call(session, ref=call)
        output = {"themes": ["youth"], "countries": ["FR"], "funding_type": "loan", "evidence": {}}
        apply_classification(found, output, version="test", today=TODAY)
    found = _call(db, call)
    assert (found.themes, found.countries) == (["education", "housing"], ["HU", "RO", "eu"])
    assert found.funding_type == "loan"  # never corrected: the classifier's to change


# Form checks do not depend on the database: SQLite only.
@SQLITE_ONLY
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("themes", ["astrology"]),
        ("countries", "RO, Atlantis"),
        ("funding_type", "gift"),
        ("deadline", "31/12/2027"),
        ("max_amount_eur", "a lot"),
        ("cross_border", "maybe"),
    ],
)
def test_a_bad_correction_is_refused_and_nothing_changes(visitors, db, call, field, value) -> None:
    response = visitors.admin.post("/taskforce/call/tags", {**TAGS, field: value, "call": call})
    assert response.status_code == 400 and 'class="field-error"' in response.text
    assert _call(db, call).themes == ["social-inclusion"]
    with read_session(db.engine) as session:
        assert session.scalar(select(func.count()).select_from(TagFeedback)) == 0


def test_admin_hides_and_shows_a_call(visitors, client, db, call) -> None:
    assert (
        visitors.admin.post("/taskforce/call/hidden", {"call": call, "hidden": "1"}).status_code
        == 303
    )
    assert _call(db, call).hidden is True
    assert client.get("/calls/" + quote(call, safe="")).status_code == 404
    listing = visitors.admin.get("/taskforce/calls?hidden=1").text
    assert "A call to correct" in listing
    visitors.admin.post("/taskforce/call/hidden", {"call": call, "hidden": "0"})
    assert _call(db, call).hidden is False
    assert client.get("/calls/" + quote(call, safe=":@-_.~")).status_code == 200


def test_the_call_list_searches_titles_and_ids(visitors, db, call) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="OTHER-1", title="Unrelated grant")
    page = visitors.admin.get("/taskforce/calls?q=correct").text
    assert "A call to correct" in page and "Unrelated grant" not in page
    assert "Unrelated grant" in visitors.admin.get("/taskforce/calls?q=OTHER").text


def test_admin_merges_a_duplicate_from_the_page(visitors, client, db, call) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="DUP-1", title="Same call, other source")
    response = visitors.admin.post("/taskforce/call/merge", {"call": call, "duplicate": "DUP-1"})
    assert response.status_code == 303
    assert _call(db, "DUP-1").public_id == call
    redirect = client.get("/calls/DUP-1")
    assert redirect.status_code == 301 and "CERV/2027" in redirect.headers["location"].replace(
        "%2F", "/"
    )
    missing = visitors.admin.post("/taskforce/call/merge", {"call": call, "duplicate": "NOPE"})
    assert missing.status_code == 400 and "No call has the id NOPE." in missing.text
    itself = visitors.admin.post("/taskforce/call/merge", {"call": call, "duplicate": call})
    assert itself.status_code == 400 and "cannot be merged into itself" in itself.text


def test_merge_calls_moves_everything_to_the_kept_call(db, people) -> None:
    with write_session(db.engine) as s:
        keep = make_call(s, public_id="KEEP", source_urls=["https://a.example/call"])
        dup = make_call(
            s,
            public_id="DUP",
            source_urls=["https://a.example/call", "https://b.example/same-call"],
        )
        s.add(CallAlias(alias="OLD-DUP-ID", call_id=dup.id, kind="id"))
        s.add(CallAlias(alias="KEEP", call_id=dup.id, kind="id"))  # a stale alias of keep's id
        s.add(
            CallChange(
                call_id=dup.id, field="title", old_value="a", new_value="b", changed_at=EPOCH
            )
        )
        s.add(TagFeedback(call_id=dup.id, field="themes", old_value=[], new_value=["youth"]))
        make_offer(s, poster=s.get(Participant, people.bob_participant_id), call=dup)
        s.add_all(
            [
                Bookmark(contact_id=people.alice_id, call_id=keep.id),
                Bookmark(contact_id=people.alice_id, call_id=dup.id),
                Bookmark(contact_id=people.bob_id, call_id=dup.id),
            ]
        )
        digest = Digest(contact_id=people.bob_id, period="weekly:2026-W48", as_of=TODAY)
        s.add(digest)
        s.flush()
        s.add(DigestItem(digest_id=digest.id, call_id=dup.id, section="new"))
        keep_id, dup_id = keep.id, dup.id
    with write_session(db.engine) as s:
        merge_calls(s, keep=s.get(Call, keep_id), duplicate=s.get(Call, dup_id))
    with read_session(db.engine) as s:
        assert s.get(Call, dup_id) is None
        for ref in ("DUP", "OLD-DUP-ID", "KEEP"):
            assert find_call(s, ref=ref).id == keep_id, ref
        urls = sorted(s.scalars(select(CallSource.url).where(CallSource.call_id == keep_id)))
        assert urls == ["https://a.example/call", "https://b.example/same-call"]
        assert s.scalar(select(CallAlias).where(CallAlias.alias == "KEEP")) is None
        bookmarks = s.execute(select(Bookmark.contact_id, Bookmark.call_id)).all()
        assert sorted(bookmarks) == sorted([(people.alice_id, keep_id), (people.bob_id, keep_id)])
        assert s.scalar(select(DigestItem.call_id)) == keep_id
        assert s.scalar(select(PartnerOffer.call_id)) == keep_id
        assert s.scalar(select(TagFeedback.call_id)) == keep_id
        fields = set(s.scalars(select(CallChange.field).where(CallChange.call_id == keep_id)))
        assert {"title", "merged"} <= fields


def test_merge_calls_refuses_a_call_into_itself(db) -> None:
    with write_session(db.engine) as s:
        call = make_call(s, public_id="ALONE")
        with pytest.raises(MergeRefused):
            merge_calls(s, keep=call, duplicate=call)
    assert _call(db, "ALONE") is not None


ROUTES = [
    ("get", "/taskforce/calls"),
    ("get", _edit("CERV/2027 TAGS")),
    ("post", "/taskforce/call/tags"),
    ("post", "/taskforce/call/hidden"),
    ("post", "/taskforce/call/merge"),
]


def test_members_are_refused_and_anonymous_visitors_sent_to_the_login(visitors, db, call) -> None:
    data = {**TAGS, "call": call, "hidden": "1", "duplicate": call}
    for method, path in ROUTES:
        for name in ("alice", "bob"):
            visitor = getattr(visitors, name)
            response = visitor.get(path) if method == "get" else visitor.post(path, data)
            assert response.status_code == 403, (name, path)
        anon = visitors.anon.get(path) if method == "get" else visitors.anon.post(path, data)
        assert anon.status_code == 303 and anon.headers["location"] == "/login", path
    found = _call(db, call)
    assert (found.hidden, found.themes) == (False, ["social-inclusion"])
    forged = visitors.admin.client.post("/taskforce/call/hidden", data={"call": call})
    assert forged.status_code == 403 and _call(db, call).hidden is False
