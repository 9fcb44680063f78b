"""The Taskforce's tracking of partnership offers, per call and per theme (`offers report`).

For each call named by offers (and "-" for offers naming none) and for each theme: the
offers, how many are still open and how many were filled, the interests they drew, the
introductions made (interests where both sides consented to share contacts), the countries
involved (posters' and interested members'), and the offers that drew no interest.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.taxonomy import load_taxonomy
from models.call import Call
from models.offer import Interest, PartnerOffer
from models.participant import Participant
from notifier.offer_mail import is_introduction

NO_CALL = "-"
CSV_FIELDS = (
    "scope",
    "key",
    "label",
    "offers",
    "open",
    "filled",
    "interests",
    "introductions",
    "countries",
    "offers_without_interest",
    "offer_ids_without_interest",
)


@dataclass
class TrackingRow:
    scope: str  # "call" or "theme"
    key: str
    label: str
    offers: int = 0
    open: int = 0
    filled: int = 0
    interests: int = 0
    introductions: int = 0
    countries: set[str] = field(default_factory=set)
    without_interest: list[int] = field(default_factory=list)

    def as_record(self) -> dict[str, str | int]:
        return {
            "scope": self.scope,
            "key": self.key,
            "label": self.label,
            "offers": self.offers,
            "open": self.open,
            "filled": self.filled,
            "interests": self.interests,
            "introductions": self.introductions,
            "countries": ";".join(sorted(self.countries)),
            "offers_without_interest": len(self.without_interest),
            "offer_ids_without_interest": ";".join(map(str, self.without_interest)),
        }


def tracking_report(session: Session, *, as_of: date) -> list[TrackingRow]:
    """Rows per call (by public id, "-" last) then per theme (taxonomy order)."""
    offers = session.execute(
        select(PartnerOffer, Participant.country)
        .join(Participant, Participant.id == PartnerOffer.participant_id)
        .order_by(PartnerOffer.id)
    ).all()
    interests: dict[int, list[tuple[Interest, str]]] = defaultdict(list)
    for interest, country in session.execute(
        select(Interest, Participant.country).join(
            Participant, Participant.id == Interest.participant_id
        )
    ):
        interests[interest.offer_id].append((interest, country))
    calls = {
        call_id: (public_id, title)
        for call_id, public_id, title in session.execute(
            select(Call.id, Call.public_id, Call.title).where(
                Call.id.in_({o.call_id for o, _ in offers if o.call_id is not None})
            )
        )
    }
    taxonomy = load_taxonomy()
    by_call: dict[str, TrackingRow] = {}
    by_theme: dict[str, TrackingRow] = {}
    for offer, poster_country in offers:
        if offer.call_id is not None and offer.call_id in calls:
            public_id, title = calls[offer.call_id]
        else:
            public_id, title = NO_CALL, "(no call named)"
        rows = [by_call.setdefault(public_id, TrackingRow("call", public_id, title))]
        for theme in offer.themes or []:
            label = taxonomy.label("theme", theme, "en")
            rows.append(by_theme.setdefault(theme, TrackingRow("theme", theme, label)))
        for row in rows:
            _count(row, offer, poster_country, interests.get(offer.id, []), as_of=as_of)
    call_rows = sorted(by_call.values(), key=lambda r: (r.key == NO_CALL, r.key))
    order = {theme: n for n, theme in enumerate(taxonomy.theme_ids)}
    theme_rows = sorted(by_theme.values(), key=lambda r: order.get(r.key, len(order)))
    return [*call_rows, *theme_rows]


def _count(
    row: TrackingRow,
    offer: PartnerOffer,
    poster_country: str,
    interests: list[tuple[Interest, str]],
    *,
    as_of: date,
) -> None:
    row.offers += 1
    row.open += offer.status == "open" and offer.expires_on >= as_of
    row.filled += offer.status == "filled"
    row.interests += len(interests)
    row.introductions += sum(is_introduction(offer, interest) for interest, _ in interests)
    row.countries.add(poster_country)
    row.countries.update(country for _, country in interests)
    if not interests:
        row.without_interest.append(offer.id)


def write_report_csv(rows: Iterable[TrackingRow], handle: IO[str]) -> int:
    """The report as CSV (lists `;`-separated, as in every fundwatch CSV); returns the rows."""
    writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row.as_record())
        count += 1
    return count


def format_report(rows: list[TrackingRow]) -> str:
    """The report as an aligned table for the terminal."""
    if not rows:
        return "no partnership offers yet"
    head = ("scope", "key", "offers", "open", "filled", "interests", "intros", "countries")
    lines = []
    for row in rows:
        lines.append(
            (
                row.scope,
                row.key,
                str(row.offers),
                str(row.open),
                str(row.filled),
                str(row.interests),
                str(row.introductions),
                ",".join(sorted(row.countries)),
            )
        )
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(head)]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    out += [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    ]
    lonely = sorted({i for row in rows if row.scope == "call" for i in row.without_interest})
    if lonely:
        out += ["", "offers with no interest: " + ", ".join(map(str, lonely))]
    return "\n".join(out)
