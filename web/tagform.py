"""The Taskforce's tag correction form: posted strings -> checked tag values, or errors.

Values come back in the shape of `web.admin_ops.current_tags` (lists sorted, a deadline as
a list of YYYY-MM-DD strings, a tri-state boolean as True/False/None), so comparing with
the call's current tags tells exactly which fields the Taskforce changed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel

from matcher.taxonomy import load_taxonomy, normalise_country
from models.call import Call

MAX_AMOUNT = 1e12
TRI_STATE = {"yes": True, "no": False, "": None}


class TagForm(BaseModel):
    themes: list[str] = []
    applicant_types: list[str] = []
    countries: str = ""
    funding_type: str = ""
    deadline: str = ""
    max_amount_eur: str = ""
    partnership_required: str = ""
    cross_border: str = ""


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\s]+", text) if part.strip()]


def form_of(call: Call) -> dict[str, Any]:
    def tri(value: bool | None) -> str:
        return "" if value is None else ("yes" if value else "no")

    amount = call.max_amount_eur
    return {
        "themes": list(call.themes or []),
        "applicant_types": list(call.applicant_types or []),
        "countries": ", ".join(call.countries or []),
        "funding_type": call.funding_type or "",
        "deadline": ", ".join(call.deadlines or []),
        "max_amount_eur": "" if amount is None else f"{amount:.0f}",
        "partnership_required": tri(call.partnership_required),
        "cross_border": tri(call.cross_border),
    }


def check_tags(form: TagForm) -> tuple[dict[str, Any], dict[str, str]]:
    """(values, {}) when every field is valid, else ({}, the message key of each bad one)."""
    taxonomy = load_taxonomy()
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    values["themes"] = sorted(set(form.themes))
    if any(t not in taxonomy.theme_ids for t in values["themes"]):
        errors["themes"] = "unknown theme"
    values["applicant_types"] = sorted(set(form.applicant_types))
    if any(t not in taxonomy.applicant_type_ids for t in values["applicant_types"]):
        errors["applicant_types"] = "unknown applicant type"
    countries: set[str] = set()
    for code in _split(form.countries):
        known = code.lower() if code.lower() in taxonomy.country_groups else normalise_country(code)
        if known is None:
            errors["countries"] = "unknown country"
            break
        countries.add(known)
    values["countries"] = sorted(countries)
    if form.funding_type not in taxonomy.funding_type_ids:
        errors["funding_type"] = "unknown funding type"
    values["funding_type"] = form.funding_type
    try:
        values["deadline"] = sorted(
            {date.fromisoformat(d).isoformat() for d in _split(form.deadline)}
        )
    except ValueError:
        errors["deadline"] = "Dates as YYYY-MM-DD, separated by commas (none: rolling)."
    amount = form.max_amount_eur.strip().replace(" ", "").replace(",", "")
    try:
        values["max_amount_eur"] = float(amount) if amount else None
    except ValueError:
        errors["max_amount_eur"] = "not a number"
    else:
        if values["max_amount_eur"] is not None and not 0 <= values["max_amount_eur"] < MAX_AMOUNT:
            errors["max_amount_eur"] = "not a number"
    for name in ("partnership_required", "cross_border"):
        raw = getattr(form, name)
        if raw not in TRI_STATE:
            errors[name] = "yes, no or unknown"
        values[name] = TRI_STATE.get(raw)
    return ({}, errors) if errors else (values, {})
