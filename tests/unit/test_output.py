"""Output formats for people and programs."""

from __future__ import annotations

import csv
import io
import json

from tidings.output import flatten, write_records


def test_flatten_uses_dotted_names_and_keeps_empty_objects():
    flat = flatten({"actor": {"name": "X", "country": None}, "recipient": {}, "tags": [1, 2]})
    assert flat == {"actor.name": "X", "actor.country": None, "recipient": None, "tags": "[1, 2]"}


def test_csv_neutralises_spreadsheet_formulas():
    out = io.StringIO()
    write_records([{"text": "=HYPERLINK(\"http://evil\")", "n": 1}], "csv", out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["text"].startswith("'=")


def test_jsonl_and_json_round_trip():
    records = [{"a": 1, "b": {"c": "ü"}}, {"a": 2, "b": {"c": None}}]
    out = io.StringIO()
    assert write_records(records, "jsonl", out) == 2
    assert [json.loads(line) for line in out.getvalue().splitlines()] == records
    out = io.StringIO()
    write_records(records, "json", out)
    assert json.loads(out.getvalue()) == records


def test_table_shows_chosen_columns():
    out = io.StringIO()
    write_records([{"type": "ASSAULT", "actor": {"name": "Hamas"}}], "table", out, columns=[("who", "actor.name")])
    assert "who" in out.getvalue() and "Hamas" in out.getvalue() and "ASSAULT" not in out.getvalue()
