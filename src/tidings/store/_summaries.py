"""Keeping ``actor_summary``, ``actor_facets`` and ``place_summary`` up to date.

``add_events`` runs inside ``Store.save_batch``'s transaction on the rows it inserts: it
folds them into per-name and per-place deltas and upserts those (``INSERT ... ON CONFLICT
DO UPDATE``, SQLite and PostgreSQL alike), then re-picks the most frequent country and
sector of the names it touched. Rows are upserted in key order, so concurrent batches on
PostgreSQL lock them in the same order.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from ._schema import actor_facets, actor_summary, place_summary

__all__ = ["add_events", "place_key"]

_CHUNK = 500


def place_key(
    name: str, lat: float | None, lon: float | None, country: str | None, geonameid: int | None
) -> str:
    """``place_summary.key``: the five grouped values as JSON (migration 0002 writes the same)."""
    return json.dumps(
        [
            name,
            None if lat is None else float(lat),
            None if lon is None else float(lon),
            country,
            None if geonameid is None else int(geonameid),
        ],
        ensure_ascii=False,
    )


def _earlier(old: Any, new: Any) -> Any:
    """The earlier of two nullable dates (NULL only when both are)."""
    return sa.case((old.is_(None), new), (new.is_(None), old), (new < old, new), else_=old)


def _later(old: Any, new: Any) -> Any:
    return sa.case((old.is_(None), new), (new.is_(None), old), (new > old, new), else_=old)


def _insert(conn: Connection, table: sa.Table) -> Any:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def _roles(row: Mapping[str, Any]) -> Iterable[str]:
    """The roles an event counts for: the recipient only when it names another actor."""
    if row["actor_name"] is not None:
        yield "actor"
    if row["recipient_name"] is not None and row["recipient_name"] != row["actor_name"]:
        yield "recipient"


def add_events(conn: Connection, event_rows: Sequence[Mapping[str, Any]]) -> None:
    """Add the counts of freshly inserted ``events`` rows to the summary tables."""
    names: dict[str, list[Any]] = {}  # name -> [events, first_date, last_date]
    facets: Counter[tuple[str, str, str]] = Counter()
    places: dict[str, dict[str, Any]] = {}
    for row in event_rows:
        start: date | None = row["date_start"]
        end: date | None = row["date_end"] if row["date_end"] is not None else start
        for role in _roles(row):
            name = row[f"{role}_name"]
            entry = names.setdefault(name, [0, None, None])
            entry[0] += 1
            if start is not None and (entry[1] is None or start < entry[1]):
                entry[1] = start
            if end is not None and (entry[2] is None or end > entry[2]):
                entry[2] = end
            for facet in ("country", "sector"):
                value = row[f"{role}_{facet}"]
                if value is not None:
                    facets[name, facet, value] += 1
        if row["location_name"] is not None:
            values = {
                "name": row["location_name"],
                "lat": row["location_lat"],
                "lon": row["location_lon"],
                "country": row["location_country"],
                "geonameid": row["location_geonameid"],
            }
            key = place_key(**values)
            place = places.setdefault(key, {"key": key, **values, "events": 0})
            place["events"] += 1

    if names:
        stmt = _insert(conn, actor_summary)
        c = actor_summary.c
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[c.name],
                set_={
                    "events": c.events + stmt.excluded.events,
                    "first_date": _earlier(c.first_date, stmt.excluded.first_date),
                    "last_date": _later(c.last_date, stmt.excluded.last_date),
                },
            ),
            [
                {"name": name, "events": n, "first_date": first, "last_date": last}
                for name, (n, first, last) in sorted(names.items())
            ],
        )
    if facets:
        stmt = _insert(conn, actor_facets)
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[actor_facets.c.name, actor_facets.c.facet, actor_facets.c.value],
                set_={"events": actor_facets.c.events + stmt.excluded.events},
            ),
            [
                {"name": name, "facet": facet, "value": value, "events": n}
                for (name, facet, value), n in sorted(facets.items())
            ],
        )
    touched = sorted(names)
    for at in range(0, len(touched), _CHUNK):
        chunk = touched[at : at + _CHUNK]
        conn.execute(
            actor_summary.update()
            .where(actor_summary.c.name.in_(chunk))
            .values(country=_most_frequent(conn, "country"), sector=_most_frequent(conn, "sector"))
        )
    if places:
        stmt = _insert(conn, place_summary)
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[place_summary.c.key],
                set_={"events": place_summary.c.events + stmt.excluded.events},
            ),
            [places[key] for key in sorted(places)],
        )


def _most_frequent(conn: Connection, facet: str) -> Any:
    """The facet value with the most events for the actor_summary row being updated; ties
    go to the first in code-point order (as ``min`` on strings would)."""
    f = actor_facets.c
    value: Any = f.value.collate("C") if conn.dialect.name == "postgresql" else f.value
    return (
        sa.select(f.value)
        .where(f.name == actor_summary.c.name, f.facet == facet)
        .order_by(f.events.desc(), value)
        .limit(1)
        .scalar_subquery()
    )
