"""EventFilter and sort keys as SQLAlchemy expressions (bound parameters only)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from ..errors import ConfigError
from ._schema import events
from .types import FACT_MODALITIES, EventFilter

__all__ = [
    "SORT_KEYS",
    "bbox_clauses",
    "fold_into_weeks",
    "order_by",
    "week_start",
    "where_clauses",
]

_SORT_COLUMNS = {
    "date": events.c.date_start,
    "type": events.c.type,
    "confidence": events.c.confidence,
    "fatalities": events.c.fatalities,
}
#: Accepted ``sort`` values: a key, ascending, or ``-key``, descending.
SORT_KEYS = tuple(key for name in _SORT_COLUMNS for key in (name, f"-{name}"))


def _contains_any(columns: Iterable[sa.Column[str]], needle: str) -> ColumnElement[bool]:
    return sa.or_(*(column.icontains(needle, autoescape=True) for column in columns))


def bbox_clauses(
    bbox: tuple[float, float, float, float], *, indexed: bool = True
) -> list[ColumnElement[bool]]:
    """Events inside ``bbox``; ``indexed=False`` writes the test so that no index serves it."""
    min_lon, min_lat, max_lon, max_lat = bbox
    lat: ColumnElement[float] = events.c.location_lat
    lon: ColumnElement[float] = events.c.location_lon
    if not indexed:
        lat, lon = sa.func.coalesce(lat, lat), sa.func.coalesce(lon, lon)
    if min_lon <= max_lon:
        return [lat.between(min_lat, max_lat), lon.between(min_lon, max_lon)]
    # crosses the antimeridian
    return [lat.between(min_lat, max_lat), sa.or_(lon >= min_lon, lon <= max_lon)]


def where_clauses(
    filters: EventFilter | None, *, bbox_index: bool = True
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of ``filters`` (AND-ed by the caller).

    ``bbox_index=False`` keeps the planner off the coordinate index (see
    ``Store._page_where``: a page of a box holding many events is found faster by walking
    the date index).
    """
    if filters is None:
        return []
    c = events.c
    clauses: list[ColumnElement[bool]] = []
    if filters.types:
        clauses.append(c.type.in_(filters.types))
    if filters.actor:
        clauses.append(
            _contains_any(
                [c.actor_name, c.actor_text, c.recipient_name, c.recipient_text], filters.actor
            )
        )
    if filters.place:
        clauses.append(_contains_any([c.location_name, c.location_text], filters.place))
    if filters.bbox is not None:
        clauses.extend(bbox_clauses(filters.bbox, indexed=bbox_index))
    if filters.since is not None:
        clauses.append(c.date_end >= filters.since)
    if filters.until is not None:
        clauses.append(c.date_start <= filters.until)
    if filters.modalities:
        clauses.append(c.modality.in_(filters.modalities))
    if filters.facts_only:
        clauses.append(c.modality.in_(FACT_MODALITIES))
    if filters.q:
        clauses.append(c.evidence_sentence.icontains(filters.q, autoescape=True))
    if filters.article_id is not None:
        clauses.append(c.article_id == filters.article_id)
    return clauses


def order_by(sort: str) -> list[sa.UnaryExpression[object]]:
    """ORDER BY for a sort key; missing values go last either way, ties break on event id."""
    descending = sort.startswith("-")
    column = _SORT_COLUMNS.get(sort.removeprefix("-"))
    if column is None:
        raise ConfigError(f"sort {sort!r}: expected one of {', '.join(SORT_KEYS)}")
    if descending:
        return [column.desc().nulls_last(), events.c.id.desc()]
    return [column.asc().nulls_last(), events.c.id.asc()]


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def fold_into_weeks(day_counts: Iterable[tuple[date | None, int]]) -> list[tuple[str, int]]:
    """Per-day counts summed per ISO week, ascending; undated counts are dropped."""
    weeks: dict[date, int] = {}
    for day, count in day_counts:
        if day is not None:
            monday = week_start(day)
            weeks[monday] = weeks.get(monday, 0) + count
    return [(monday.isoformat(), weeks[monday]) for monday in sorted(weeks)]
