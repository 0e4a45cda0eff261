"""The values ``Store`` takes and returns (besides the records themselves)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from ..errors import ConfigError, StoreError
from ..records import Event

__all__ = [
    "FACT_MODALITIES",
    "ActorSummary",
    "EventFilter",
    "EventPage",
    "EventPoint",
    "NotFoundError",
    "PlaceSummary",
    "SaveStats",
    "Stats",
]

#: Modalities kept by ``EventFilter(facts_only=True)``: the article says it happened.
FACT_MODALITIES = ("asserted", "reported")


class NotFoundError(StoreError):
    """No stored article or event has the id asked for."""


@dataclass
class EventFilter:
    """Which events to return; every field left at its default matches everything.

    Text matches (``actor``, ``place``, ``q``) are case-insensitive substrings. An empty
    list for ``types``/``modalities`` means "no filter", like ``None``.
    """

    types: list[str] | None = None  # PLOVER types
    actor: str | None = None  # substring of actor or recipient name/text
    place: str | None = None  # substring of location name/text
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    since: date | None = None  # event date_end >= since
    until: date | None = None  # event date_start <= until
    modalities: list[str] | None = None
    facts_only: bool = False  # only modality in FACT_MODALITIES
    q: str | None = None  # substring of the evidence sentence
    article_id: str | None = None

    def __post_init__(self) -> None:
        if self.bbox is not None:
            self.bbox = _checked_bbox(self.bbox)

    def is_empty(self) -> bool:
        return self == EventFilter()


def _checked_bbox(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    """A bbox as a float 4-tuple; a west edge east of the east edge crosses the antimeridian."""
    try:
        min_lon, min_lat, max_lon, max_lat = (float(value) for value in bbox)
    except (TypeError, ValueError):
        raise ConfigError(
            f"bbox {bbox!r}: expected four numbers min_lon,min_lat,max_lon,max_lat"
        ) from None
    if not all(math.isfinite(value) for value in (min_lon, min_lat, max_lon, max_lat)):
        raise ConfigError(f"bbox {bbox!r}: coordinates must be finite numbers")
    if not (-90 <= min_lat <= max_lat <= 90):
        raise ConfigError(f"bbox {bbox!r}: need -90 <= min_lat <= max_lat <= 90")
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise ConfigError(f"bbox {bbox!r}: longitudes must lie in [-180, 180]")
    return (min_lon, min_lat, max_lon, max_lat)


@dataclass
class EventPage:
    """One page of a query: ``total`` counts every match, ``items`` holds at most ``limit``."""

    total: int
    items: list[Event]
    limit: int
    offset: int


class EventPoint(NamedTuple):
    """A located event as the map draws it; ``date_start`` is an ISO date or None."""

    id: str
    lat: float
    lon: float
    type: str
    date_start: str | None


@dataclass
class SaveStats:
    articles_added: int
    articles_skipped: int  # already stored (or repeated within the batch)
    events_added: int


@dataclass
class ActorSummary:
    """An actor name with its events in either role; dates are ISO strings."""

    name: str
    country: str | None  # most frequent among its events
    sector: str | None  # most frequent among its events
    events: int
    first_date: str | None  # earliest date_start
    last_date: str | None  # latest date_end


@dataclass
class PlaceSummary:
    """A resolved place with the number of events located there."""

    name: str
    lat: float | None
    lon: float | None
    country: str | None
    geonameid: int | None
    events: int


@dataclass
class Stats:
    """Counts over the events matching a filter.

    ``total_articles`` counts every stored article when the filter is empty, otherwise the
    articles with at least one matching event. ``by_week`` keys are ISO Mondays, ascending;
    events without a date are left out of it.
    """

    total_events: int
    total_articles: int
    by_type: dict[str, int] = field(default_factory=dict)  # most frequent first
    by_week: list[tuple[str, int]] = field(default_factory=list)
