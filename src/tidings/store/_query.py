"""EventFilter and sort keys as SQLAlchemy expressions (bound parameters only)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from ..errors import ConfigError
from ._schema import events, events_fts
from .types import FACT_MODALITIES, EventFilter

__all__ = [
    "SORT_KEYS",
    "TEXT_SEARCHES",
    "TRIGRAM",
    "bbox_clauses",
    "fold_into_weeks",
    "fts_matches",
    "order_by",
    "text_needles",
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


#: How ``where_clauses`` matches substrings (case-insensitive, ``%``/``_`` literal):
#: "like": ``lower(column) LIKE``, any database, a scan;
#: "ilike": ``ILIKE``, for PostgreSQL, where a pg_trgm GIN index can serve it;
#: "fts5": SQLite with ``events_fts``: rows pre-selected through the trigram index, then
#: checked with LIKE (so results equal "like"); needles under 3 characters scan.
TEXT_SEARCHES = ("like", "ilike", "fts5")
TRIGRAM = 3  # events_fts (trigram tokenizer) matches needles at least this long


def _fts_query(columns: Iterable[str], needle: str) -> str:
    """An FTS5 query: ``needle`` as one quoted phrase (its quotes doubled, so no FTS5 syntax
    gets through) in the given columns. It is passed as a bound parameter, never as SQL."""
    phrase = '"' + needle.replace('"', '""') + '"'
    return "{" + " ".join(columns) + "} : " + phrase


def fts_matches(column_names: Iterable[str], needle: str) -> ColumnElement[bool]:
    """``events_fts`` rows whose given columns contain ``needle`` (3 characters or more)."""
    return events_fts.c.events_fts.op("MATCH")(_fts_query(column_names, needle))


def text_needles(filters: EventFilter) -> list[tuple[list[str], str]]:
    """(column names, needle) of each text filter that is set."""
    c = events.c
    found = []
    if filters.actor:
        columns = [c.actor_name, c.actor_text, c.recipient_name, c.recipient_text]
        found.append(([column.name for column in columns], filters.actor))
    if filters.place:
        found.append(([c.location_name.name, c.location_text.name], filters.place))
    if filters.q:
        found.append(([c.evidence_sentence.name], filters.q))
    return found


def _contains_any(
    columns: Sequence[sa.Column[str]], needle: str, search: str, indexed: bool = True
) -> ColumnElement[bool]:
    if search == "ilike":
        pattern = "%" + needle.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"
        return sa.or_(*(column.ilike(pattern, escape="/") for column in columns))
    like = sa.or_(*(column.icontains(needle, autoescape=True) for column in columns))
    if search != "fts5" or len(needle) < TRIGRAM:
        return like
    pk: ColumnElement[int] = events.c.pk
    if not indexed:  # a set to test rows against, not a list of rows to fetch
        pk = sa.func.coalesce(pk, pk)
    matches = sa.select(events_fts.c.rowid).where(fts_matches((c.name for c in columns), needle))
    return sa.and_(pk.in_(matches), like)


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
    filters: EventFilter | None,
    *,
    bbox_index: bool = True,
    text_index: bool = True,
    search: str = "like",
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of ``filters`` (AND-ed by the caller).

    ``search``: how text filters match, one of ``TEXT_SEARCHES`` (same results, other plans).
    ``bbox_index=False`` / ``text_index=False`` keep the planner from fetching the rows the
    coordinate index / ``events_fts`` finds (see ``Store._page_where``: a page of a filter
    matching many events is found faster by walking the sort's index and testing rows).
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
                [c.actor_name, c.actor_text, c.recipient_name, c.recipient_text],
                filters.actor,
                search,
                text_index,
            )
        )
    if filters.place:
        clauses.append(_contains_any([c.location_name, c.location_text], filters.place, search))
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
        clauses.append(_contains_any([c.evidence_sentence], filters.q, search, text_index))
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
