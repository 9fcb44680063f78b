"""A few partnership offers between the demo participants, for `fundwatch demo` (issue 6).

Written in the offers-file format and posted through `post_offer`, so the demo exercises the
same validation as members' offers. Dates are relative to the day the demo runs. Posting is
idempotent: an offer already posted (same poster, same title) is left as it is.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.offer import Interest, PartnerOffer
from models.participant import Participant
from models.settings import Settings
from notifier.offer_input import parse_offer
from notifier.offers import express_interest, post_offer

DEMO_OFFERS: list[dict[str, Any]] = [
    {
        "participant": "demo-cluj",
        "kind": "seeking-partners",
        "title": "Partners for a school desegregation project",
        "description": (
            "Cluj-Napoca is preparing a project to end the segregation of Roma pupils in two "
            "neighbourhood schools: school mediators, after-school support and transport. We "
            "look for a city or an NGO that has done it and can share its methods."
        ),
        "themes": ["education", "social-inclusion"],
        "countries": ["eu"],
        "roles": ["partner"],
        "applicant_types": ["local-authority", "ngo"],
        "languages": ["en", "fr"],
        "days": 45,
        "share_contact": True,
    },
    {
        "participant": "demo-pecs",
        "kind": "offering-to-join",
        "title": "Our health mediators can join your project",
        "description": (
            "Pécs has run a Roma health mediator programme for eight years and offers to join "
            "projects as a partner: training of mediators, supervision, evaluation."
        ),
        "themes": ["health", "employment"],
        "countries": ["any"],
        "roles": ["partner", "associated"],
        "languages": ["en", "hu"],
        "days": 30,
    },
    {
        "participant": "demo-skopje",
        "kind": "seeking-partners",
        "title": "Youth exchange on the remembrance of the Roma genocide",
        "description": (
            "Skopje seeks two cities to host and send groups of young people for a week of "
            "workshops around 2 August, the European Roma Holocaust Memorial Day."
        ),
        "themes": ["youth", "culture-remembrance"],
        "countries": ["coe"],
        "roles": ["partner"],
        "applicant_types": ["local-authority"],
        "languages": ["en", "fr"],
        "days": 20,
    },
]
# Strasbourg answers Cluj's offer and both agree to share contacts: an introduction.
DEMO_INTEREST = {
    "offer": ("demo-cluj", "Partners for a school desegregation project"),
    "from": "demo-strasbourg",
    "message": (
        "Strasbourg a mis en place des médiateurs scolaires depuis 2019 ; nous serions "
        "heureux de partager notre expérience."
    ),
}


def _existing(session: Session, poster: str, title: str) -> PartnerOffer | None:
    return session.scalar(
        select(PartnerOffer)
        .join(Participant, Participant.id == PartnerOffer.participant_id)
        .where(Participant.public_id == poster, PartnerOffer.title == title)
    )


def post_demo_offers(session: Session, *, settings: Settings, today: date) -> int:
    """Post the demo offers whose posters exist (and the demo interest); returns how many
    offers were posted now."""
    posted = 0
    for raw in DEMO_OFFERS:
        fields = {k: v for k, v in raw.items() if k != "days"}
        fields["expires"] = (today + timedelta(days=raw["days"])).isoformat()
        known = session.scalar(
            select(Participant.id).where(Participant.public_id == raw["participant"])
        )
        if known is None or _existing(session, raw["participant"], raw["title"]) is not None:
            continue
        post_offer(session, data=parse_offer(fields), as_of=today)
        posted += 1
    offer = _existing(session, *DEMO_INTEREST["offer"])
    member = session.scalar(
        select(Participant).where(Participant.public_id == DEMO_INTEREST["from"])
    )
    if offer is None or member is None:
        return posted
    answered = session.scalar(
        select(Interest.id).where(
            Interest.offer_id == offer.id, Interest.participant_id == member.id
        )
    )
    if answered is None:
        express_interest(
            session,
            offer_id=offer.id,
            participant_ref=member.public_id,
            message=str(DEMO_INTEREST["message"]),
            share_contact=True,
            settings=settings,
            as_of=today,
        )
    return posted
