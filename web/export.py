"""CSV export of a filtered list, in the calls file format (models/callfile).

The columns are the import format's, so an export can be re-imported; cells that a
spreadsheet would run as a formula (starting with = + - @ or a tab) get a leading
apostrophe in the free-text columns, as OWASP advises for CSV injection.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from models.call import Call
from models.callfile import EXPORT_FIELDS, call_to_export, write_csv

FREE_TEXT = ("title", "description", "funder", "programme")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(record: dict[str, Any]) -> dict[str, Any]:
    out = dict(record)
    for name in FREE_TEXT:
        value = out.get(name)
        if isinstance(value, str) and value.startswith(_FORMULA_START):
            out[name] = "'" + value
    return out


def csv_chunks(calls: Iterable[Call], *, batch: int = 200) -> Iterator[str]:
    """The CSV text in chunks of `batch` rows (the header first), for a streamed response."""
    buffer = io.StringIO()
    write_csv([], buffer, EXPORT_FIELDS)
    yield buffer.getvalue()
    rows: list[dict[str, Any]] = []
    for call in calls:
        rows.append(defuse(call_to_export(call)))
        if len(rows) >= batch:
            yield _rows(rows)
            rows = []
    if rows:
        yield _rows(rows)


def _rows(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    write_csv(rows, buffer, EXPORT_FIELDS)
    return buffer.getvalue().split("\n", 1)[1]  # drop the repeated header line
