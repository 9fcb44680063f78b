"""Atom, iCalendar and CSV of any filtered list."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import timedelta

from models.call import Call
from models.callfile import EXPORT_FIELDS
from models.db import write_session
from tests.web.factories import EPOCH, days, make_call, make_change
from web.feeds import escape_text, fold

ATOM = "{http://www.w3.org/2005/Atom}"


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def _events(text: str) -> list[dict[str, str]]:
    events, current = [], None
    for line in _unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None and line:
            name, _, value = line.partition(":")
            current[name] = value
    return events


# -- RFC 5545 text rules (no database) ------------------------------------------------------------


def test_fold_keeps_lines_within_75_octets_and_never_splits_a_character() -> None:
    line = "SUMMARY:" + "Délai: appel à propositions pour l'inclusion des Roms — " * 4
    folded = fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == line


def test_escape_text_escapes_the_rfc_5545_specials() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape_text("bell\x07") == "bell"


# -- iCalendar ------------------------------------------------------------------------------------


def test_ics_has_one_event_per_deadline_including_both_stages(client, db) -> None:
    with write_session(db.engine) as s:
        make_call(
            s, public_id="TWO-STAGE", deadlines=[days(20), days(100)], title="Two stages, one call"
        )
        make_call(s, public_id="ONE", deadlines=[days(40)])
        make_call(s, public_id="ROLLING", deadlines=[])
    response = client.get("/calls.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    text = response.text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith(
        "END:VCALENDAR\r\n"
    )
    events = _events(text)
    assert len(events) == 3
    stages = [e for e in events if e["UID"].startswith("TWO-STAGE")]
    assert [e["DTSTART;VALUE=DATE"] for e in stages] == [
        days(20).strftime("%Y%m%d"),
        days(100).strftime("%Y%m%d"),
    ]
    assert stages[0]["UID"] != stages[1]["UID"]
    assert stages[0]["SUMMARY"] == "Deadline (1/2): Two stages\\, one call"
    assert all(e["DTEND;VALUE=DATE"] > e["DTSTART;VALUE=DATE"] for e in events)
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75


def test_ics_uid_is_stable_and_sequence_moves_with_the_deadline(client, db) -> None:
    with write_session(db.engine) as s:
        call = make_call(s, public_id="MOVING", deadlines=[days(20)])
    before = _events(client.get("/calls.ics").text)[0]
    assert client.get("/calls.ics").text == client.get("/calls.ics").text  # byte-stable
    with write_session(db.engine) as s:
        moved = s.get(Call, call.id)
        old = list(moved.deadlines)
        moved.set_deadlines([days(35)], today=days(0))
        make_change(
            s,
            moved,
            field="deadlines",
            old_value=old,
            new_value=moved.deadlines,
            changed_at=EPOCH + timedelta(hours=1),
        )
    after = _events(client.get("/calls.ics").text)[0]
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after["DTSTAMP"] > before["DTSTAMP"]
    assert after["DTSTART;VALUE=DATE"] == days(35).strftime("%Y%m%d")


def test_ics_follows_the_filters(client, db) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="H", themes=["housing"])
        make_call(s, public_id="E", themes=["education"])
    events = _events(client.get("/calls.ics?theme=housing").text)
    assert [e["UID"].split("-deadline-")[0] for e in events] == ["H"]


# -- Atom -----------------------------------------------------------------------------------------


def test_atom_feed_is_valid_xml_with_one_entry_per_call(client, db, web_settings) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="A", title="Alpha & <beta>", description_text="Ctrl\x0bchar text")
        make_call(s, public_id="B")
        make_call(s, public_id="C", themes=["education"])
    response = client.get("/calls.atom?theme=social-inclusion")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    titles = {e.find(f"{ATOM}title").text for e in entries}
    assert "Alpha & <beta>" in titles
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert f"{web_settings.base_url}/calls/A" in links
    self_link = next(link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self")
    assert self_link.get("href").endswith("/calls.atom?theme=social-inclusion")


# -- CSV ------------------------------------------------------------------------------------------


def test_csv_export_has_the_import_columns_for_the_filtered_list(client, db) -> None:
    with write_session(db.engine) as s:
        make_call(s, public_id="H", themes=["housing"], countries=["RO", "HU"])
        make_call(s, public_id="E", themes=["education"])
        make_call(s, public_id="F", themes=["housing"], title='=HYPERLINK("http://evil")')
    response = client.get("/calls.csv?theme=housing")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0].keys()) == EXPORT_FIELDS
    assert sorted(r["id"] for r in rows) == ["F", "H"]
    h = next(r for r in rows if r["id"] == "H")
    assert h["countries"] == "HU;RO" and h["themes"] == "housing"
    f = next(r for r in rows if r["id"] == "F")
    assert f["title"].startswith("'=")  # no formula runs when opened in a spreadsheet


def test_csv_of_an_empty_list_is_just_the_header(client, db) -> None:
    response = client.get("/calls.csv?theme=youth")
    assert response.text.strip() == ",".join(EXPORT_FIELDS)
