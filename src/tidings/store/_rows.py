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
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from ..errors import StoreError
from ..records import Article, Event, Toponym

__all__ = [
    "EVENT_PATHS",
    "article_from_row",
    "column_name",
    "event_dict",
    "event_from_flat",
    "event_from_row",
    "event_from_tuple",
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
    """An Event from a row mapping keyed by column name (any column order)."""
    return event_from_tuple(tuple(row[column_name(path)] for path in EVENT_PATHS))


# Reading hot paths: one precomputed plan per record class instead of walking paths per row.
# A step is (0, index): the value at ``index``; (1, index): an ISO date or None;
# (2, (indices, reader)): a nested record, None when all its leaves are None.
_Step = tuple[int, Any]


def _reader(cls: type, prefix: Path) -> Callable[[Sequence[Any]], Any]:
    steps: list[_Step] = []
    for field in dataclasses.fields(cls):
        path = (*prefix, field.name)
        nested = _NESTED.get(path)
        if nested is None:
            steps.append((1 if path in _DATE_PATHS else 0, EVENT_PATHS.index(path)))
        else:
            leaves = tuple(i for i, leaf in enumerate(EVENT_PATHS) if leaf[: len(path)] == path)
            steps.append((2, (leaves, _reader(nested, path))))

    def read(values: Sequence[Any]) -> Any:
        args: list[Any] = []
        for kind, arg in steps:
            if kind == 0:
                args.append(values[arg])
            elif kind == 1:
                value = values[arg]
                args.append(None if value is None else value.isoformat())
            else:
                leaves, nested_reader = arg
                present = any(values[i] is not None for i in leaves)
                args.append(nested_reader(values) if present else None)
        return cls(*args)

    return read


#: ``Event`` from the values of the ``events`` columns in ``EVENT_PATHS`` order (dates as
#: ``datetime.date``); the fast path of every query, several times cheaper than by name.
event_from_tuple: Callable[[Sequence[Any]], Event] = _reader(Event, ())


def _json_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _json_copy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_json_copy(item) for item in value)
    return value


def _dict_maker(cls: type) -> Callable[[Any], dict[str, Any]]:
    names = [field.name for field in dataclasses.fields(cls)]
    nested = {
        name: _dict_maker(inner)
        for name, hint in typing.get_type_hints(cls).items()
        if (inner := _nested_type(hint)) is not None
    }

    def make(obj: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in names:
            value = getattr(obj, name)
            if value is None:
                out[name] = None
            elif name in nested:
                out[name] = nested[name](value)
            elif isinstance(value, dict | list | tuple):
                out[name] = _json_copy(value)
            else:
                out[name] = value
        return out

    return make


#: ``event.to_dict()`` (same keys, nesting and copies) without ``dataclasses.asdict``'s
#: generic recursion: about 5x faster, for pages of events served as JSON.
event_dict: Callable[[Event], dict[str, Any]] = _dict_maker(Event)


_TOPONYM_FIELDS = [field.name for field in dataclasses.fields(Toponym)]


def toponym_row(toponym: Toponym) -> dict[str, Any]:
    return {name: getattr(toponym, name) for name in _TOPONYM_FIELDS}


def toponym_from_row(row: Mapping[Any, Any]) -> Toponym:
    return Toponym(**{name: row[name] for name in _TOPONYM_FIELDS})


_ARTICLE_FIELDS = [field.name for field in dataclasses.fields(Article)]


def article_from_row(row: Mapping[Any, Any]) -> Article:
    return Article(**{name: row[name] for name in _ARTICLE_FIELDS})
