"""The partnership offer form: posted strings -> the offers file's `OfferInput`, or errors.

The form mirrors the offers file (conventions §2) and is validated by the offers module's
own model (`notifier.offer_input.OfferInput`), so an offer posted on the web obeys exactly
the rules of `fundwatch offers post`. This module only maps each refusal to the field it is
about, so the page can show it next to that field, in the reader's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from models.offer import PartnerOffer
from notifier.offer_input import ANY_COUNTRY, OfferInput, OfferRefused
from web.filters import clean_multiline

MAX_DESCRIPTION = 10_000
# Each field's message (an English key of web/i18n.py): shown inline when the field is refused.
FIELD_MESSAGES = {
    "kind": "Choose what you offer.",
    "title": "Give a title (at most 500 characters).",
    "description": "too long",
    "call": "No open call has this id.",
    "themes": "Choose at least one theme.",
    "countries": "Choose countries or groups, or any country alone.",
    "roles": "Choose among lead, partner and associated.",
    "applicant_types": "unknown applicant type",
    "languages": "Two-letter language codes, separated by commas.",
    "expires": "Give a date from today on, or name a call with a deadline.",
    "share_contact": "Please correct the fields below.",
}
EDITABLE = (
    "kind",
    "title",
    "description",
    "themes",
    "countries",
    "roles",
    "applicant_types",
    "languages",
    "share_contact",
)


class OfferForm(BaseModel):
    """The offer form as posted (strings and lists of strings)."""

    kind: str = ""
    title: str = ""
    description: str = ""
    call: str = ""
    themes: list[str] = []
    countries: list[str] = []
    roles: list[str] = []
    applicant_types: list[str] = []
    languages: str = ""
    expires: str = ""
    share_contact: str | None = None


@dataclass
class CheckedOffer:
    data: OfferInput | None
    errors: dict[str, str] = field(default_factory=dict)  # field -> English message key


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\s]+", text) if part.strip()]


def check_offer(form: OfferForm, *, participant_ref: str, editing: bool = False) -> CheckedOffer:
    """The offer as `OfferInput` (nothing refused), or the message key of each bad field.

    When `editing`, the call and the expiry are not part of the form (an offer keeps its
    call; its expiry moves by "extend"), and themes cannot fall back to the call's.
    """
    form = OfferForm.model_validate(
        {
            name: clean_multiline(value) if isinstance(value, str) else value
            for name, value in form.model_dump().items()
        }
    )
    raw: dict[str, Any] = {
        "participant": participant_ref,
        "kind": form.kind.strip(),
        "title": " ".join(form.title.split()),
        "description": form.description.strip(),
        "themes": form.themes,
        "countries": form.countries,
        "roles": form.roles,
        "applicant_types": form.applicant_types,
        "languages": _split(form.languages),
        "share_contact": form.share_contact is not None,
    }
    if not editing:
        raw["call"] = form.call.strip() or None
        raw["expires"] = form.expires.strip() or None
    errors: dict[str, str] = {}
    if len(raw["description"]) > MAX_DESCRIPTION:
        errors["description"] = FIELD_MESSAGES["description"]
    if editing and not form.themes:
        errors["themes"] = FIELD_MESSAGES["themes"]
    try:
        data = OfferInput.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "form"
            errors.setdefault(name, FIELD_MESSAGES.get(name, "Please correct the fields below."))
        return CheckedOffer(None, errors)
    return CheckedOffer(None if errors else data, errors)


# The field each refusal of `notifier.offers.post_offer` is about (it checks what needs the
# database: the call, the expiry against today, the themes a call lends); others: the form.
REFUSAL_FIELDS = {
    "expiry-required": "expires",
    "expiry-past": "expires",
    "themes-required": "themes",
    "unknown-call": "call",
    "call-closed": "call",
}


def refusal_field(refused: OfferRefused) -> str:
    """The form field an `OfferRefused` of `post_offer` is about, or "form"."""
    return REFUSAL_FIELDS.get(refused.code, "form")


def apply_edit(offer: PartnerOffer, data: OfferInput) -> None:
    """Set the editable fields of an offer from checked input (call and expiry stay)."""
    for name in EDITABLE:
        setattr(offer, name, getattr(data, name))


def form_values(offer: PartnerOffer | None, *, call_ref: str = "") -> dict[str, Any]:
    """The form's values: an offer's (editing), else a new offer's defaults."""
    if offer is None:
        return {
            **OfferForm(kind="seeking-partners", countries=[ANY_COUNTRY]).model_dump(),
            "call": call_ref,
        }
    return {
        "kind": offer.kind,
        "title": offer.title,
        "description": offer.description,
        "call": call_ref,
        "themes": list(offer.themes or []),
        "countries": list(offer.countries or []),
        "roles": list(offer.roles or []),
        "applicant_types": list(offer.applicant_types or []),
        "languages": ", ".join(offer.languages or []),
        "expires": offer.expires_on.isoformat(),
        "share_contact": "1" if offer.share_contact else None,
    }
