"""The export file: one JSON document holding everything, and the rules for importing one.

An export is ``{"format": "repair-export", "schema": N, "exported_at": ISO instant,
"main": {table: {id: record}}, "months": {"YYYY-MM": {table: {id: record}}}}``.

Importing is all or nothing: :func:`parse_bundle` checks the whole document first (shape,
types, sizes) and raises :class:`ExportError` with a plain reason; nothing is written
unless it passes. A hostile file (huge strings, deep nesting, wrong types, extra keys)
is refused the same way.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

EXPORT_FORMAT = "repair-export"
TOP_LEVEL_KEYS = ("format", "schema", "exported_at", "main", "months")
MAX_STRING = 100_000  # characters in any one text value
MAX_DEPTH = 12  # nesting inside one record
MAX_VALUES = 2_000_000  # values in the whole file
# A ten-year export of daily use (benchmarks/synthetic_history.py, 3,653 days) is 5.5 MB
# with 35k objects and 151k commas: the limits below leave room for nine times that.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Parsed, a JSON element costs Python far more memory than its bytes (an empty object
#: is 64 bytes, a short string 50). So before parsing, the file's elements are counted
#: (a fast scan of its bytes) against its size: at most one object or list per
#: ``BYTES_PER_CONTAINER`` bytes and one element per ``BYTES_PER_ELEMENT`` bytes (real
#: exports: 159 and 36), plus a little slack for small files.
BYTES_PER_CONTAINER = 64
BYTES_PER_ELEMENT = 12
TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
RECORD_ID = re.compile(r"^[1-9][0-9]{0,11}$")
MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")

Tables = dict[str, dict[str, dict[str, Any]]]


class ExportError(ValueError):
    """The file can't be imported; the message says why in plain words."""


@dataclass(frozen=True)
class ExportBundle:
    schema: int
    exported_at: str
    main: Tables
    months: dict[str, Tables]

    def to_document(self) -> dict[str, Any]:
        return {"format": EXPORT_FORMAT, "schema": self.schema, "exported_at": self.exported_at,
                "main": self.main, "months": self.months}

    def record_count(self) -> int:
        tables = [self.main, *self.months.values()]
        return sum(len(rows) for shard in tables for rows in shard.values())


def make_bundle(schema: int, exported_at: datetime, main: Tables,
                months: dict[str, Tables]) -> ExportBundle:
    return ExportBundle(schema=schema, exported_at=exported_at.isoformat(timespec="seconds"),
                        main=main, months=months)


def bundle_to_json(bundle: ExportBundle) -> bytes:
    return json.dumps(bundle.to_document(), ensure_ascii=False, indent=1,
                      sort_keys=True).encode("utf-8")


def check_file_size(size: int) -> None:
    """Refuse a file by its size alone (before reading it, when the size is known)."""
    if size > MAX_FILE_BYTES:
        raise ExportError(f"The file is too large ({size / (1024 * 1024):.0f} MB); a Repair "
                          f"export of ten years is about 6 MB.")


def check_element_counts(raw: bytes) -> None:
    """Refuse, before parsing, a file with far more elements than its size allows.

    Counts brackets and commas with ``bytes.count`` (C speed; those inside text count
    too, which only makes the check stricter). Parsing is then bounded in time and
    memory by the file's size.
    """
    slack = 10_000
    containers = raw.count(b"{") + raw.count(b"[")
    elements = containers + raw.count(b",")
    if (containers > len(raw) // BYTES_PER_CONTAINER + slack
            or elements > min(MAX_VALUES, len(raw) // BYTES_PER_ELEMENT + slack)):
        raise ExportError("This file holds far more than a Repair export can; it was refused.")


def parse_bundle_bytes(raw: bytes, *, current_schema: int) -> ExportBundle:
    """Check raw file bytes and return the bundle, or raise ExportError."""
    check_file_size(len(raw))
    if raw.startswith(b"\xef\xbb\xbf"):  # a byte order mark, as some editors save
        raw = raw[3:]
    check_element_counts(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ExportError("This isn't a Repair export: it is not text.") from error
    try:
        doc = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise ExportError("This file is damaged or incomplete: it isn't valid JSON "
                          f"({error}).") from error
    return parse_bundle(doc, current_schema=current_schema)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed")


def parse_bundle(doc: Any, *, current_schema: int) -> ExportBundle:
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise ExportError("This isn't a Repair export.")
    extra = sorted(set(doc) - set(TOP_LEVEL_KEYS))
    if extra:
        raise ExportError(f"This file has fields a Repair export never has: {', '.join(extra)}.")
    missing = [key for key in TOP_LEVEL_KEYS if key not in doc]
    if missing:
        raise ExportError(f"This export is incomplete: {', '.join(missing)} missing.")
    schema = doc["schema"]
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise ExportError("This export's version number is not a number.")
    if schema > current_schema:
        raise ExportError(f"This export comes from a newer version of Repair (data version "
                          f"{schema}); update Repair to import it.")
    if schema != current_schema:
        raise ExportError(f"This export comes from an older version of Repair (data version "
                          f"{schema}); this version imports version {current_schema}.")
    exported_at = doc["exported_at"]
    if not isinstance(exported_at, str) or len(exported_at) > 40:
        raise ExportError("This export's date is not valid.")
    try:
        datetime.fromisoformat(exported_at)
    except ValueError as error:
        raise ExportError("This export's date is not valid.") from error
    budget = [MAX_VALUES]
    main = _tables(doc["main"], "main", budget)
    months_raw = doc["months"]
    if not isinstance(months_raw, dict):
        raise ExportError("This export is damaged: months is not a table.")
    months: dict[str, Tables] = {}
    for key, shard in months_raw.items():
        match = MONTH_KEY.match(key) if isinstance(key, str) else None
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
            raise ExportError(f"This export is damaged: {str(key)[:20]!r} is not a month.")
        months[key] = _tables(shard, f"months/{key}", budget)
    return ExportBundle(schema=schema, exported_at=exported_at, main=main, months=months)


def _tables(value: Any, where: str, budget: list[int]) -> Tables:
    if not isinstance(value, dict):
        raise ExportError(f"This export is damaged: {where} is not a table.")
    tables: Tables = {}
    for name, rows in value.items():
        if not isinstance(name, str) or not TABLE_NAME.match(name):
            raise ExportError(f"This export is damaged: {str(name)[:40]!r} in {where} is not a "
                              "table name.")
        if not isinstance(rows, dict):
            raise ExportError(f"This export is damaged: {where}/{name} is not a table.")
        checked: dict[str, dict[str, Any]] = {}
        for record_id, record in rows.items():
            if not isinstance(record_id, str) or not RECORD_ID.match(record_id):
                raise ExportError(f"This export is damaged: a record id in {where}/{name} is "
                                  "not a number.")
            if not isinstance(record, dict):
                raise ExportError(f"This export is damaged: record {record_id} in "
                                  f"{where}/{name} is not a record.")
            _check_value(record, f"{where}/{name}/{record_id}", 0, budget)
            checked[record_id] = record
        tables[name] = checked
    return tables


def _check_value(value: Any, where: str, depth: int, budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise ExportError("This file holds far more than a Repair export can; it was refused.")
    if depth > MAX_DEPTH:
        raise ExportError(f"This export is damaged: {where} is nested too deeply.")
    if value is None or isinstance(value, bool | int):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
            raise ExportError(f"This export is damaged: a number in {where} is too large.")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExportError(f"This export is damaged: a number in {where} is not finite.")
        return
    if isinstance(value, str):
        _check_text(value, where)
        return
    if isinstance(value, list):
        for item in value:
            _check_value(item, where, depth + 1, budget)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, where)
            _check_value(item, f"{where}/{key[:30]}", depth + 1, budget)
        return
    raise ExportError(f"This export is damaged: {where} holds an unknown kind of value.")


def _check_text(text: str, where: str) -> None:
    if len(text) > MAX_STRING:
        raise ExportError(f"This export holds a text of {len(text):,} characters in {where}; "
                          f"Repair keeps at most {MAX_STRING:,}. It was refused.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ExportError(f"This export is damaged: broken text in {where}.") from error


# -- CSV for spreadsheets ------------------------------------------------------------------


def csv_tables(bundle: ExportBundle) -> dict[str, str]:
    """One CSV text per table (month shards merged), nested values as JSON in their cell."""
    rows_by_table: dict[str, list[dict[str, Any]]] = {}
    for _month, shard in sorted(bundle.months.items()):
        for name, rows in shard.items():
            rows_by_table.setdefault(name, []).extend(rows.values())
    for name, rows in bundle.main.items():
        rows_by_table.setdefault(name, []).extend(rows.values())
    return {name: _csv_text(rows) for name, rows in sorted(rows_by_table.items())}


def _csv_text(rows: list[dict[str, Any]]) -> str:
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        # A leading =, +, - or @ would be run as a formula by spreadsheet apps.
        return "'" + value if value[:1] in ("=", "+", "-", "@") else value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def iter_record_texts(bundle: ExportBundle) -> Iterator[str]:
    """Every text value in the bundle (for tests and for 'what would be exported')."""
    def walk(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
    for shard in [bundle.main, *bundle.months.values()]:
        yield from walk(shard)


# -- deleting everything -------------------------------------------------------------------

DELETE_CONFIRMATION = "DELETE"


def is_delete_confirmed(typed: str) -> bool:
    """Deleting all data needs the word typed out; spaces around it don't matter."""
    return typed.strip() == DELETE_CONFIRMATION


def export_file_name(now: datetime, extension: str) -> str:
    return f"repair-export-{now:%Y-%m-%d-%H%M}.{extension}"


def csv_zip_bytes(bundle: ExportBundle) -> bytes:
    """The CSV tables in one zip file (one download, one file per table)."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in csv_tables(bundle).items():
            archive.writestr(f"{name}.csv", "\ufeff" + text)  # BOM: Excel reads UTF-8 right
    return buffer.getvalue()
