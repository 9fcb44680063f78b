"""Reading JSONL and CSV files line by line, with a clear error for each bad line.

Used by every importer (calls, participants): a bad line is reported with its number and
reason and the other lines go on; nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError


@dataclass(frozen=True)
class LineError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class FileProblem(ValueError):
    """The whole file cannot be read (missing, empty, not a known format)."""


def file_format(path: Path, explicit: str | None = None) -> str:
    fmt = explicit or ("csv" if path.suffix.lower() == ".csv" else "jsonl")
    if fmt not in ("jsonl", "csv"):
        raise FileProblem(f"unknown format {fmt!r} (jsonl or csv)")
    return fmt


def read_lines(
    path: Path, *, fmt: str, list_fields: Sequence[str] = ()
) -> Iterator[tuple[int, dict[str, Any] | LineError]]:
    """(line number, record or LineError) for each non-blank line of a JSONL or CSV file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise FileProblem(f"{path}: no such file") from exc
    except OSError as exc:
        raise FileProblem(f"{path}: {exc.strerror}") from exc
    if not data.strip():
        raise FileProblem(f"{path}: the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if fmt == "csv":
        yield from _read_csv(data, list_fields)
    else:
        yield from _read_jsonl(data)


def _read_jsonl(data: bytes) -> Iterator[tuple[int, dict[str, Any] | LineError]]:
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, LineError(number, f"not valid UTF-8 (byte {exc.start})")
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield number, LineError(number, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(value, dict):
            yield number, LineError(number, "not a JSON object")
            continue
        yield number, value


def _read_csv(
    data: bytes, list_fields: Sequence[str]
) -> Iterator[tuple[int, dict[str, Any] | LineError]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileProblem(f"line {line}: not valid UTF-8; save the CSV as UTF-8") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise FileProblem("the CSV file has no header row")
    for row in reader:
        number = reader.line_num
        if None in row:
            yield number, LineError(number, "more cells than header columns")
            continue
        record: dict[str, Any] = {}
        for key, cell in row.items():
            if key is None or cell is None or cell.strip() == "":
                continue
            cell = cell.strip()
            if key in list_fields:
                record[key] = [part.strip() for part in cell.split(";") if part.strip()]
            else:
                record[key] = cell
        if record:
            yield number, record


def validation_reason(exc: ValidationError) -> str:
    """The first problem of a pydantic error, in one line naming the field."""
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error.get("loc", ()))
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def validate(model: type[BaseModel], record: dict[str, Any], line: int) -> BaseModel | LineError:
    try:
        return model.model_validate(record)
    except ValidationError as exc:
        return LineError(line, validation_reason(exc))
