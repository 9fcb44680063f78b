"""Field names of the sources file, per kind: our field name -> FundingCall attribute.

Shared by the spiders (which fill items) and the sources-file validation (which rejects a
field name no spider would read).
"""

from __future__ import annotations

_COMMON = {
    "title": "title",
    "url": "url",
    "id": "item_id",
    "identifier": "own_id",
    "description": "description",
    "summary": "summary",
    "deadline": "deadlines",
    "published": "published",
    "opening": "opening_date",
    "status": "status",
    "amount": "amount",
    "budget": "budget",
    "programme": "programme",
}
HTML_FIELDS = dict(_COMMON)
FEED_FIELDS = dict(_COMMON)
JSON_FIELDS = {
    **_COMMON,
    "min_amount": "min_amount",
    "currency": "currency",
    "funder": "funder",
    "language": "language",
}
