"""Reading JSONL and CSV files line by line, with a clear error for each bad line.

Used by every importer (calls, participants): a bad line is reported with its number and
reason and the other lines go on; nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

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


Line = TypeVar("Line", bound=BaseModel)


@dataclass
class LineReport:
    """What an import did, line by line: rows new, updated, unchanged; bad lines; warnings."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[LineError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_file(
    path: Path,
    *,
    fmt: str | None,
    model: type[Line],
    report: LineReport,
    list_fields: Sequence[str] = (),
    coerce_csv: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    unique: Mapping[str, Callable[[Any, int], str]] | None = None,
) -> list[tuple[int, Line]]:
    """Every good line of a JSONL or CSV file as `model`, with its number.

    Into `report`: an error for each line that cannot be read or validated, or that repeats
    the value of a `unique` field (its function words the error from the value and the
    first line holding it); one warning naming the unknown fields ignored. CSV records go
    through `coerce_csv` first (CSV cells are strings).
    """
    kind = file_format(path, fmt)
    unique = unique or {}
    first: dict[str, dict[Any, int]] = {name: {} for name in unique}
    lines: list[tuple[int, Line]] = []
    unknown: set[str] = set()
    for number, record in read_lines(path, fmt=kind, list_fields=list_fields):
        if isinstance(record, LineError):
            report.errors.append(record)
            continue
        if kind == "csv" and coerce_csv is not None:
            record = coerce_csv(record)
        parsed = validate(model, record, number)
        if not isinstance(parsed, LineError):
            parsed = _repeats(parsed, number, first, unique) or parsed
        if isinstance(parsed, LineError):
            report.errors.append(parsed)
            continue
        assert isinstance(parsed, model)
        for name in unique:
            first[name][getattr(parsed, name)] = number
        unknown.update(parsed.model_extra or {})
        lines.append((number, parsed))
    if unknown:
        report.warnings.append(f"ignored unknown field(s): {', '.join(sorted(unknown))}")
    return lines


def _repeats(
    parsed: BaseModel,
    number: int,
    first: dict[str, dict[Any, int]],
    unique: Mapping[str, Callable[[Any, int], str]],
) -> LineError | None:
    """The error of a line whose value of a unique field an earlier line already holds."""
    for name, says in unique.items():
        value = getattr(parsed, name)
        if value in first[name]:
            return LineError(number, says(value, first[name][value]))
    return None
