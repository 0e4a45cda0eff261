"""tidings: sourced, dated, geocoded event records from English news.

>>> from datetime import date
>>> from tidings import extract_events
>>> events = extract_events(open("article.txt").read(), date(2016, 6, 10))  # doctest: +SKIP

The pipeline (and spaCy with it) is imported on first use, so ``import tidings`` and
commands that only read inputs or the database start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import ConfigError, ModelError, SourceError, StoreError, TidingsError
from .records import (
    ActorRef,
    Article,
    Attribution,
    DateInfo,
    Event,
    Evidence,
    Location,
    Toponym,
    content_id,
)

if TYPE_CHECKING:
    from .pipeline import ArticleResult, Pipeline, extract_events, process_inputs

__version__ = "0.1.0"

__all__ = [
    "ActorRef",
    "Article",
    "ArticleResult",
    "Attribution",
    "ConfigError",
    "DateInfo",
    "Event",
    "Evidence",
    "Location",
    "ModelError",
    "Pipeline",
    "SourceError",
    "StoreError",
    "TidingsError",
    "Toponym",
    "content_id",
    "extract_events",
    "process_inputs",
]

_LAZY = {"ArticleResult", "Pipeline", "extract_events", "process_inputs"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")
