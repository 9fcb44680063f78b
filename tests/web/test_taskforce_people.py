"""Taskforce pages of participants and contacts: list, edit, bounce reset, CSV import."""

from __future__ import annotations

from sqlalchemy import select

from models.db import read_session, write_session
from models.participant import Contact, Participant
from tests.web.factories import EPOCH

CSV = (
    "id,name,country,applicant_type,languages,themes,email,frequency\n"
    "pecs,Pécs,HU,local-authority,hu;en,education;housing,info@pecs.example.hu,daily\n"
    "bad-country,Nowhere,ZZ,local-authority,en,housing,no@where.example,weekly\n"
    "taken,Another,FR,ngo,fr,housing,alice@cluj.example.ro,weekly\n"
)


def _participant(db, public_id: str) -> Participant | None:
    with read_session(db.engine) as session:
        return session.scalar(select(Participant).where(Participant.public_id == public_id))


def _contact(db, contact_id: int) -> Contact:
    with read_session(db.engine) as session:
        return session.get(Contact, contact_id)


def test_the_list_shows_contacts_and_their_bounce_state(visitors, db, people) -> None:
    with write_session(db.engine) as s:
        bob = s.get(Contact, people.bob_id)
        bob.bounce_state, bob.bounce_count, bob.last_bounce_at = "hard", 3, EPOCH
    page = visitors.admin.get("/taskforce/participants").text
    assert "Cluj-Napoca" in page and "Marseille" in page
    assert people.alice in page and "address invalid" in page
    bouncing = visitors.admin.get("/taskforce/participants?bouncing=1").text
    assert "Marseille" in bouncing and "Cluj-Napoca" not in bouncing
    search = visitors.admin.get("/taskforce/participants?q=cluj.example").text
    assert "Cluj-Napoca" in search and "Marseille" not in search


def test_admin_resets_the_bounces_of_a_contact(visitors, db, people) -> None:
    with write_session(db.engine) as s:
        s.get(Contact, people.bob_id).bounce_state = "hard"
    assert "address invalid" in visitors.admin.get("/taskforce/participants/marseille").text
    response = visitors.admin.post(f"/taskforce/contacts/{people.bob_id}/bounce")
    assert response.status_code == 303
    assert response.headers["location"] == "/taskforce/participants/marseille?saved=1"
    contact = _contact(db, people.bob_id)
    assert (contact.bounce_state, contact.bounce_count, contact.last_bounce_at) == ("ok", 0, None)


def test_admin_edits_a_participant_and_its_contact(visitors, db, people) -> None:
    data = {
        "name": "Cluj-Napoca Municipality",
        "country": "RO",
        "applicant_type": "local-authority",
        "population": "286 000",
        "profile": "Second city of Romania.",
        "themes": ["housing", "health"],
        "keywords": "mediators",
        "languages": "ro, en",
    }
    assert visitors.admin.post("/taskforce/participants/cluj", data).status_code == 303
    saved = _participant(db, "cluj")
    assert (saved.name, saved.population, saved.themes) == (
        "Cluj-Napoca Municipality",
        286000,
        ["health", "housing"],
    )
    bad = visitors.admin.post("/taskforce/participants/cluj", {**data, "population": "many"})
    assert bad.status_code == 400 and _participant(db, "cluj").population == 286000
    prefs = {"frequency": "daily", "language": "fr"}
    assert visitors.admin.post(f"/taskforce/contacts/{people.alice_id}", prefs).status_code == 303
    assert _contact(db, people.alice_id).frequency == "daily"
    assert (
        visitors.admin.post(
            f"/taskforce/contacts/{people.alice_id}", {"frequency": "hourly", "language": "fr"}
        ).status_code
        == 400
    )
    assert visitors.admin.get("/taskforce/participants/nobody").status_code == 404
    assert visitors.admin.post("/taskforce/contacts/999999/bounce").status_code == 404


def test_admin_imports_a_csv_and_sees_each_refused_line(visitors, db, people) -> None:
    assert visitors.admin.get("/taskforce/participants/import").status_code == 200
    response = visitors.admin.post(
        "/taskforce/participants/import",
        files={"file": ("members.csv", CSV.encode(), "text/csv")},
    )
    assert response.status_code == 200
    page = response.text
    assert "1 new, 0 updated, 0 unchanged, 2 lines refused." in page
    assert "<td>3</td>" in page and "ZZ" in page  # line 3: the bad country
    assert "<td>4</td>" in page and "belongs to another participant" in page
    pecs = _participant(db, "pecs")
    assert pecs is not None and pecs.themes == ["education", "housing"]
    with read_session(db.engine) as session:
        contact = session.scalar(select(Contact).where(Contact.participant_id == pecs.id))
        assert (contact.confirmed, contact.frequency) == (True, "daily")
    assert _participant(db, "taken") is None


def test_an_empty_or_unreadable_upload_is_refused(visitors, db) -> None:
    empty = visitors.admin.post(
        "/taskforce/participants/import", files={"file": ("x.csv", b"  \n", "text/csv")}
    )
    assert empty.status_code == 400 and "The file is empty." in empty.text
    junk = visitors.admin.post(
        "/taskforce/participants/import", files={"file": ("x.jsonl", b"{not json\n", "text/plain")}
    )
    assert junk.status_code == 200 and "1 lines refused" in junk.text


ROUTES = [
    ("get", "/taskforce/participants"),
    ("get", "/taskforce/participants/cluj"),
    ("get", "/taskforce/participants/import"),
    ("post", "/taskforce/participants/cluj"),
    ("post", "/taskforce/participants/import"),
    ("post", "/taskforce/contacts/{alice}"),
    ("post", "/taskforce/contacts/{alice}/bounce"),
]


def test_members_never_reach_another_participants_data_here(visitors, db, people) -> None:
    with write_session(db.engine) as s:
        s.get(Contact, people.alice_id).bounce_state = "hard"
    data = {
        "name": "Hijacked",
        "country": "FR",
        "applicant_type": "ngo",
        "frequency": "daily",
        "language": "fr",
    }
    for method, template in ROUTES:
        path = template.format(alice=people.alice_id)
        for name in ("alice", "bob"):
            visitor = getattr(visitors, name)
            response = visitor.get(path) if method == "get" else visitor.post(path, data)
            assert response.status_code == 403, (name, path)
            assert people.alice not in response.text
        anon = visitors.anon.get(path) if method == "get" else visitors.anon.post(path, data)
        assert anon.status_code == 303 and anon.headers["location"] == "/login", path
    assert _participant(db, "cluj").name == "Cluj-Napoca"
    contact = _contact(db, people.alice_id)
    assert (contact.frequency, contact.bounce_state) == ("weekly", "hard")
