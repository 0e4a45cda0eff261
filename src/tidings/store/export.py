"""Writing events out as CSV, JSON Lines, GeoJSON or Parquet, streaming.

CSV and Parquet flatten nested records into dotted columns (``actor.name``,
``date.start``); ``extra`` becomes a JSON string. GeoJSON keeps the nested shape of
``Event.to_dict()`` as feature properties.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any, BinaryIO

from ..errors import ConfigError
from ..output import csv_cell
from ..records import Event
from ._rows import EVENT_PATHS, flat_event

__all__ = ["COLUMNS", "EXPORT_FORMATS", "export_events"]

#: Column names of the flat formats (CSV, Parquet), in field order.
COLUMNS = [".".join(path) for path in EVENT_PATHS]

# Spreadsheets run cells starting with these as formulas; article text is hostile.
_PARQUET_ROWS_PER_GROUP = 10_000


def _flat_values(event: Event) -> list[Any]:
    flat = flat_event(event)
    return [
        json.dumps(value, ensure_ascii=False, sort_keys=True) if path == ("extra",) else value
        for path, value in flat.items()
    ]


def _write_csv(events: Iterable[Event], out: BinaryIO) -> int:
    """CSV with a header row; text cells that a spreadsheet would run get a leading quote."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        count = 0
        for event in events:
            writer.writerow([csv_cell(value) for value in _flat_values(event)])
            count += 1
        text.flush()
    finally:
        text.detach()  # leave ``out`` open for the caller
    return count


def _write_jsonl(events: Iterable[Event], out: BinaryIO) -> int:
    count = 0
    for event in events:
        out.write(json.dumps(event.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n")
        count += 1
    return count


def _write_geojson(events: Iterable[Event], out: BinaryIO) -> int:
    """A FeatureCollection of Points, streamed; events without coordinates are counted
    in the collection's ``skipped_without_coordinates`` member instead."""
    out.write(b'{"type": "FeatureCollection", "features": [\n')
    count = skipped = 0
    for event in events:
        location = event.location
        if location is None or location.lat is None or location.lon is None:
            skipped += 1
            continue
        feature = {
            "type": "Feature",
            "id": event.id,
            "geometry": {"type": "Point", "coordinates": [location.lon, location.lat]},
            "properties": event.to_dict(),
        }
        out.write(
            (b",\n" if count else b"") + json.dumps(feature, ensure_ascii=False).encode("utf-8")
        )
        count += 1
    out.write(f'\n], "skipped_without_coordinates": {skipped}}}\n'.encode())
    return count


def _parquet_schema() -> Any:
    import pyarrow as pa

    from ._schema import events as table

    kinds = {
        "Integer": pa.int64(),
        "BigInteger": pa.int64(),
        "Double": pa.float64(),
    }
    fields = []
    for path in EVENT_PATHS:
        column = table.c["_".join(path)]
        kind = kinds.get(type(column.type).__name__, pa.string())
        fields.append(pa.field(".".join(path), kind, nullable=bool(column.nullable)))
    return pa.schema(fields)


def _write_parquet(events: Iterable[Event], out: BinaryIO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    iterator = iter(events)
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        while rows := [_flat_values(event) for event in islice(iterator, _PARQUET_ROWS_PER_GROUP)]:
            columns = list(zip(*rows, strict=True))
            writer.write_table(
                pa.Table.from_arrays(
                    [pa.array(col, f.type) for col, f in zip(columns, schema, strict=True)],
                    schema=schema,
                )
            )
            count += len(rows)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count


_WRITERS: dict[str, Callable[[Iterable[Event], BinaryIO], int]] = {
    "csv": _write_csv,
    "jsonl": _write_jsonl,
    "geojson": _write_geojson,
    "parquet": _write_parquet,
}
#: The formats ``export_events`` writes.
EXPORT_FORMATS = tuple(_WRITERS)


def export_events(events: Iterable[Event], fmt: str, out: BinaryIO) -> int:
    """Write ``events`` to the binary stream ``out`` as ``fmt``; returns how many were written.

    ``fmt`` is one of ``EXPORT_FORMATS``. Streams: memory stays flat for any number of events
    (Parquet buffers one row group). GeoJSON leaves out events without coordinates.
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ConfigError(f"export format {fmt!r}: expected one of {', '.join(EXPORT_FORMATS)}")
    return writer(events, out)
