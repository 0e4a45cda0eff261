"""Printing records for people and programs: jsonl, json, csv and a rich table.

Records are plain dicts (``Event.to_dict()``, ``Toponym.to_dict()``); csv and table
flatten nested fields with dotted names (``actor.name``, ``location.lat``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

__all__ = ["EVENT_TABLE_COLUMNS", "FORMATS", "csv_cell", "flatten", "write_records"]

FORMATS = ("jsonl", "json", "csv", "table")

#: The columns ``--format table`` shows for events: enough to read the record at a glance.
EVENT_TABLE_COLUMNS = (
    ("date", "date.start"),
    ("prec", "date.precision"),
    ("type", "type"),
    ("mode", "mode"),
    ("actor", "actor.name"),
    ("recipient", "recipient.name"),
    ("place", "location.name"),
    ("modality", "modality"),
    ("dead", "fatalities"),
    ("trigger", "evidence.trigger"),
)


def flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"actor": {"name": "X"}}`` -> ``{"actor.name": "X"}``; lists become JSON text."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            if value:
                flat.update(flatten(value, f"{name}."))
            else:
                flat[name] = None
        elif isinstance(value, (list, tuple)):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


#: Cells a spreadsheet would run as a formula start with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text: article text is hostile input."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return "" if value is None else value


def write_records(
    records: Iterable[Mapping[str, Any]],
    fmt: str,
    out: TextIO,
    *,
    columns: Sequence[tuple[str, str]] | None = None,
    title: str | None = None,
) -> int:
    """Write records in ``fmt`` (one of FORMATS); returns how many were written."""
    if fmt == "jsonl":
        count = 0
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            count += 1
        return count
    rows = list(records)
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    elif fmt == "csv":
        flat = [flatten(r) for r in rows]
        fields: list[str] = []
        for row in flat:
            fields += [k for k in row if k not in fields]
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in flat)
    elif fmt == "table":
        _write_table(rows, out, columns, title)
    else:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return len(rows)


def _write_table(
    rows: list[Mapping[str, Any]], out: TextIO, columns: Sequence[tuple[str, str]] | None, title: str | None
) -> None:
    from rich.console import Console
    from rich.table import Table

    flat = [flatten(r) for r in rows]
    if columns is None:
        keys = list(flat[0]) if flat else []
        columns = [(k, k) for k in keys]
    table = Table(title=title, show_lines=False, header_style="bold")
    for header, _ in columns:
        table.add_column(header, overflow="fold")
    for row in flat:
        table.add_row(*("" if row.get(key) is None else str(row.get(key)) for _, key in columns))
    Console(file=out, width=160 if not out.isatty() else None).print(table)
