"""Subscribable feeds of a filtered list: Atom (RFC 4287) and iCalendar (RFC 5545).

The calendar has one all-day VEVENT per deadline, so both stages of a two-stage call
appear. Each event's UID is stable (call + deadline index), and its SEQUENCE counts the
times the call's deadlines moved, with DTSTAMP/LAST-MODIFIED at the last move: calendar
clients then replace the old event instead of adding a second one. No METHOD is set, so
DTSTAMP means "last revision" (RFC 5545 §3.8.7.2) and an unchanged feed is byte-identical.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

from models.call import Call
from web.i18n import translate

ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ICAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
SUMMARY_CHARS = 1000


def call_path(public_id: str) -> str:
    """The path of a call's page; "/" in an id is encoded so browsers never resolve it."""
    return "/calls/" + quote(public_id, safe=":@-_.~")


def _xml_text(text: str | None) -> str:
    return _XML_INVALID.sub("", text or "")


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- Atom ---------------------------------------------------------------------------------------


def atom_feed(
    calls: Iterable[Call],
    *,
    base_url: str,
    self_url: str,
    alternate_url: str,
    title: str,
    now: datetime,
    lang: str,
) -> bytes:
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = _xml_text(text)
        return element

    calls = list(calls)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": lang})
    sub(feed, "id", self_url)
    sub(feed, "title", title)
    updated = max((c.last_changed_at for c in calls), default=now)
    sub(feed, "updated", _rfc3339(updated))
    sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    sub(feed, "link", rel="alternate", type="text/html", href=alternate_url)
    sub(feed, "generator", "fundwatch")
    for call in calls:
        page = base_url + call_path(call.public_id)
        entry = sub(feed, "entry")
        sub(entry, "id", page)
        sub(entry, "title", call.title)
        sub(entry, "updated", _rfc3339(call.last_changed_at))
        sub(entry, "published", _rfc3339(call.first_seen_at))
        sub(entry, "link", rel="alternate", type="text/html", href=page)
        if call.url and call.url.startswith(("http://", "https://")):
            sub(entry, "link", rel="related", href=call.url)
        author = sub(entry, "author")
        sub(author, "name", call.funder or "fundwatch")
        for theme in call.themes or []:
            sub(entry, "category", term=str(theme))
        sub(entry, "summary", _atom_summary(call, lang), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _atom_summary(call: Call, lang: str) -> str:
    parts = []
    if call.deadlines:
        dates = ", ".join(call.deadlines)
        parts.append(f"{translate('Deadline', lang)}: {dates}")
    else:
        parts.append(translate("Rolling (no deadline)", lang))
    text = call.description_text or ""
    if len(text) > SUMMARY_CHARS:
        text = text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
    parts.append(text)
    return "\n\n".join(p for p in parts if p)


# -- iCalendar ----------------------------------------------------------------------------------


def escape_text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _ICAL_CONTROL.sub("", value)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    if len(line.encode("utf-8")) <= 75:
        return line
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size = [], 0
            limit = 74  # continuation lines begin with one space
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def _ical_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _ical_date(day: date) -> str:
    return day.strftime("%Y%m%d")


@dataclass(frozen=True)
class DeadlineEvent:
    uid: str
    day: date
    summary: str
    description: str
    url: str
    sequence: int
    stamp: datetime


def deadline_events(
    call: Call,
    *,
    base_url: str,
    domain: str,
    revisions: Mapping[int, tuple[int, datetime]],
    lang: str,
) -> list[DeadlineEvent]:
    """One event per deadline of the call; both stages of a two-stage call."""
    dates = call.deadline_dates()
    sequence, moved_at = revisions.get(call.id, (0, call.first_seen_at))
    page = base_url + call_path(call.public_id)
    events = []
    for index, day in enumerate(dates):
        label = translate("Deadline", lang)
        if len(dates) > 1:
            label = f"{label} ({index + 1}/{len(dates)})"
        lines = [call.funder or "", call.url or "", page]
        events.append(
            DeadlineEvent(
                uid=f"{quote(call.public_id, safe='')}-deadline-{index}@{domain}",
                day=day,
                summary=f"{label}: {call.title}",
                description="\n".join(line for line in lines if line),
                url=page,
                sequence=sequence,
                stamp=moved_at,
            )
        )
    return events


def calls_calendar(
    calls: Iterable[Call],
    *,
    base_url: str,
    domain: str,
    revisions: Mapping[int, tuple[int, datetime]],
    lang: str,
    name: str,
) -> str:
    """The iCalendar of the deadlines of `calls` (public feeds and personal feeds alike)."""
    events = [
        event
        for call in calls
        for event in deadline_events(
            call, base_url=base_url, domain=domain, revisions=revisions, lang=lang
        )
    ]
    return icalendar(events, name=name)


def icalendar(events: Iterable[DeadlineEvent], *, name: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//fundwatch//funding call deadlines//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid)}",
            f"DTSTAMP:{_ical_stamp(event.stamp)}",
            f"LAST-MODIFIED:{_ical_stamp(event.stamp)}",
            f"SEQUENCE:{event.sequence}",
            f"DTSTART;VALUE=DATE:{_ical_date(event.day)}",
            f"DTEND;VALUE=DATE:{_ical_date(event.day + timedelta(days=1))}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            f"URL:{event.url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
