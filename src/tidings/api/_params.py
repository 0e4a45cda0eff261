"""Query-string parsing shared by the event routes: one place turns a request into an
``EventFilter`` so /api/events, /api/stats, /api/map and the exports filter identically."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated

from fastapi import HTTPException, Query

from ..errors import ConfigError
from ..records import MODALITIES
from ..store import EventFilter

__all__ = ["event_filter", "parse_bbox"]

_MAX_TEXT = 200  # characters in a free-text filter value


def _split(values: list[str] | None, *, upper: bool) -> list[str] | None:
    """Accept both ``?type=A&type=B`` and ``?type=A,B``."""
    if not values:
        return None
    items = [item.strip() for value in values for item in value.split(",")]
    items = [item.upper() if upper else item.lower() for item in items if item]
    return items or None


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``min_lon,min_lat,max_lon,max_lat`` in degrees; 422 when malformed.

    ``min_lon > max_lon`` is a box crossing the antimeridian, as the store reads it.
    """
    if value is None or not value.strip():
        return None
    parts = value.split(",")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise HTTPException(
            422,
            f"bbox {value!r}: expected four numbers min_lon,min_lat,max_lon,max_lat",
        )
    min_lon, min_lat, max_lon, max_lat = numbers
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise HTTPException(
            422,
            f"bbox {value!r}: need longitudes in [-180, 180] and -90 <= min_lat <= max_lat <= 90",
        )
    return min_lon, min_lat, max_lon, max_lat


def event_filter(
    type: Annotated[
        list[str] | None,
        Query(description="PLOVER event type(s), repeated or comma-separated: ASSAULT,PROTEST"),
    ] = None,
    actor: Annotated[
        str | None, Query(max_length=_MAX_TEXT, description="Actor or recipient name")
    ] = None,
    place: Annotated[str | None, Query(max_length=_MAX_TEXT, description="Place name")] = None,
    bbox: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Bounding box min_lon,min_lat,max_lon,max_lat (events with coordinates inside)",
            examples=["9.3,19.5,25.2,33.2"],
        ),
    ] = None,
    since: Annotated[date | None, Query(description="Events on or after this ISO date")] = None,
    until: Annotated[date | None, Query(description="Events on or before this ISO date")] = None,
    modality: Annotated[
        list[str] | None,
        Query(description=f"Modality(ies), repeated or comma-separated: {', '.join(MODALITIES)}"),
    ] = None,
    facts_only: Annotated[
        bool, Query(description="Only asserted/reported events (no claims, denials, futures)")
    ] = False,
    q: Annotated[
        str | None, Query(max_length=_MAX_TEXT, description="Text search in the evidence sentence")
    ] = None,
    article_id: Annotated[str | None, Query(max_length=64, description="Events of one article")] = None,
) -> EventFilter:
    """The filters common to every event route, validated."""
    modalities = _split(modality, upper=False)
    unknown = sorted(set(modalities or ()) - set(MODALITIES))
    if unknown:
        raise HTTPException(
            422,
            f"modality {', '.join(unknown)}: expected one of {', '.join(MODALITIES)}",
        )
    if since and until and since > until:
        raise HTTPException(
            422, f"since {since} is after until {until}"
        )
    try:
        return EventFilter(
            types=_split(type, upper=True),
            actor=(actor or "").strip() or None,
            place=(place or "").strip() or None,
            bbox=parse_bbox(bbox),
            since=since,
            until=until,
            modalities=modalities,
            facts_only=facts_only,
            q=(q or "").strip() or None,
            article_id=(article_id or "").strip() or None,
        )
    except ConfigError as exc:
        raise HTTPException(422, str(exc)) from None
