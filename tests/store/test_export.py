"""export_events writes each format so that standard readers get the events back."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pyarrow.parquet as pq
import pytest

from tidings.errors import ConfigError
from tidings.records import Event
from tidings.store import COLUMNS, Store, export_events

from .factories import make_event, make_result


def _events() -> list[Event]:
    located = make_event("art-a1", 0)
    unlocated = make_event("art-a1", 1, location=None, actor=None, fatalities=None, extra={})
    hostile = make_event(
        "art-a1",
        2,
        evidence=replace(
            located.evidence, sentence='=HYPERLINK("http://evil.example","x"), said "he", ünï'
        ),
    )
    return [located, unlocated, hostile]


def _export(fmt: str, events: list[Event]) -> tuple[int, bytes]:
    out = io.BytesIO()
    count = export_events(iter(events), fmt, out)
    assert not out.closed  # the caller's stream stays usable
    return count, out.getvalue()


def test_jsonl_lines_are_event_dicts() -> None:
    events = _events()
    count, data = _export("jsonl", events)
    lines = data.decode("utf-8").splitlines()
    assert count == len(lines) == 3
    assert [json.loads(line) for line in lines] == [event.to_dict() for event in events]


def test_csv_flattens_with_dotted_names_and_defuses_formulas() -> None:
    events = _events()
    count, data = _export("csv", events)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert count == len(rows) == 3
    assert list(rows[0]) == COLUMNS
    expected = {"actor.name", "location.lat", "date.start", "evidence.trigger_start", "extra"}
    assert expected <= set(COLUMNS)
    first = rows[0]
    assert first["actor.name"] == "Petroleum Facilities Guard"
    assert float(first["location.lat"]) == events[0].location.lat  # type: ignore[union-attr]
    assert first["date.start"] == "2016-06-06"
    assert json.loads(first["extra"]) == events[0].extra
    assert rows[1]["actor.name"] == "" and rows[1]["location.lon"] == ""
    assert rows[2]["evidence.sentence"] == "'" + events[2].evidence.sentence


def test_parquet_reads_back_with_typed_columns() -> None:
    events = _events()
    count, data = _export("parquet", events)
    table = pq.read_table(io.BytesIO(data))
    assert count == table.num_rows == 3
    assert table.column_names == COLUMNS
    assert str(table.schema.field("location.lat").type) == "double"
    assert str(table.schema.field("fatalities").type) == "int64"
    rows = table.to_pylist()
    assert rows[0]["actor.name"] == "Petroleum Facilities Guard"
    assert rows[0]["location.geonameid"] == 2210554
    assert rows[1]["location.lat"] is None and rows[1]["fatalities"] is None
    # Verbatim: Parquet is not opened by spreadsheets.
    assert rows[2]["evidence.sentence"] == events[2].evidence.sentence
    assert json.loads(rows[0]["extra"]) == events[0].extra


def test_parquet_of_no_events_has_the_schema() -> None:
    count, data = _export("parquet", [])
    table = pq.read_table(io.BytesIO(data))
    assert count == table.num_rows == 0
    assert table.column_names == COLUMNS


def test_geojson_points_leave_out_unlocated_events() -> None:
    events = _events()
    count, data = _export("geojson", events)
    collection = json.loads(data)
    assert collection["type"] == "FeatureCollection"
    assert count == len(collection["features"]) == 2
    assert collection["skipped_without_coordinates"] == 1
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [16.58866, 31.20892]}  # lon, lat
    assert feature["properties"]["id"] == events[0].id
    assert feature["properties"]["actor"]["name"] == "Petroleum Facilities Guard"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson"])
def test_empty_exports_are_valid(fmt: str) -> None:
    count, data = _export(fmt, [])
    assert count == 0
    if fmt == "geojson":
        assert json.loads(data)["features"] == []
    elif fmt == "csv":
        assert data.decode().strip() == ",".join(COLUMNS)
    else:
        assert data == b""


def test_unknown_format_is_rejected() -> None:
    with pytest.raises(ConfigError, match="'xml'"):
        export_events([], "xml", io.BytesIO())


def test_store_to_parquet_round_trip(store: Store) -> None:
    result = make_result("a1", n_events=3)
    store.save_batch([result])
    out = io.BytesIO()
    assert export_events(store.iter_events(batch=2), "parquet", out) == 3
    ids = pq.read_table(io.BytesIO(out.getvalue())).column("id").to_pylist()
    assert ids == [event.id for event in result.events]
