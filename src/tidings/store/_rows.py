"""Flattening records into rows and back, derived from the record dataclasses.

One walk over ``records.Event``'s fields gives every leaf's path (``("actor", "name")``);
the database names it ``actor_name``, the exports ``actor.name``. A nested record that is
``None`` flattens to all-``None`` leaves; since every nested record has a required int
(its ``start``), all-``None`` leaves read back as ``None``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..errors import StoreError
from ..records import Article, Event, Toponym

__all__ = [
    "EVENT_PATHS",
    "article_from_row",
    "column_name",
    "event_from_flat",
    "event_from_row",
    "event_row",
    "flat_event",
    "toponym_from_row",
    "toponym_row",
]

Path = tuple[str, ...]


def _nested_type(hint: Any) -> type | None:
    """The dataclass inside ``X`` or ``X | None``, else None (a leaf)."""
    candidates = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    for candidate in candidates:
        if dataclasses.is_dataclass(candidate) and isinstance(candidate, type):
            return candidate
    return None


def _paths(cls: type, prefix: Path = ()) -> list[tuple[Path, type | None]]:
    """(path, nested dataclass or None) for every field, depth first, in field order."""
    hints = typing.get_type_hints(cls)
    found: list[tuple[Path, type | None]] = []
    for field in dataclasses.fields(cls):
        nested = _nested_type(hints[field.name])
        path = (*prefix, field.name)
        found.append((path, nested))
        if nested is not None:
            found.extend(_paths(nested, path))
    return found


_EVENT_TREE = _paths(Event)
#: Leaf paths of an Event, in field order: ("id",), ("actor", "text"), ...
EVENT_PATHS: list[Path] = [path for path, nested in _EVENT_TREE if nested is None]
_NESTED: dict[Path, type] = {path: nested for path, nested in _EVENT_TREE if nested is not None}


def column_name(path: Path) -> str:
    return "_".join(path)


def flat_event(event: Event) -> dict[Path, Any]:
    """Every leaf of ``event`` keyed by its path; leaves under a ``None`` record are ``None``."""
    flat: dict[Path, Any] = {}
    for path in EVENT_PATHS:
        value: Any = event
        for name in path:
            value = None if value is None else getattr(value, name)
        flat[path] = value
    return flat


def event_from_flat(flat: Mapping[Path, Any]) -> Event:
    """Inverse of ``flat_event``."""

    def build(cls: type, prefix: Path) -> Any:
        kwargs: dict[str, Any] = {}
        for field in dataclasses.fields(cls):
            path = (*prefix, field.name)
            nested = _NESTED.get(path)
            if nested is None:
                kwargs[field.name] = flat[path]
            elif any(flat[leaf] is not None for leaf in EVENT_PATHS if leaf[: len(path)] == path):
                kwargs[field.name] = build(nested, path)
            else:
                kwargs[field.name] = None
        return cls(**kwargs)

    event: Event = build(Event, ())
    return event


_DATE_PATHS = {("date", "start"), ("date", "end")}


def _to_date(value: str | None, event_id: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise StoreError(f"event {event_id}: date {value!r} is not an ISO date") from None


def event_row(event: Event) -> dict[str, Any]:
    """The ``events`` row of ``event`` (dates parsed so that they sort and filter as dates)."""
    return {
        column_name(path): _to_date(value, event.id) if path in _DATE_PATHS else value
        for path, value in flat_event(event).items()
    }


def event_from_row(row: Mapping[Any, Any]) -> Event:
    flat: dict[Path, Any] = {}
    for path in EVENT_PATHS:
        value = row[column_name(path)]
        if path in _DATE_PATHS and value is not None:
            value = value.isoformat()
        flat[path] = value
    return event_from_flat(flat)


_TOPONYM_FIELDS = [field.name for field in dataclasses.fields(Toponym)]


def toponym_row(toponym: Toponym) -> dict[str, Any]:
    return {name: getattr(toponym, name) for name in _TOPONYM_FIELDS}


def toponym_from_row(row: Mapping[Any, Any]) -> Toponym:
    return Toponym(**{name: row[name] for name in _TOPONYM_FIELDS})


_ARTICLE_FIELDS = [field.name for field in dataclasses.fields(Article)]


def article_from_row(row: Mapping[Any, Any]) -> Article:
    return Article(**{name: row[name] for name in _ARTICLE_FIELDS})
