"""tidings: sourced, dated, geocoded event records from English news.

>>> from datetime import date
>>> from tidings import extract_events
>>> events = extract_events(open("article.txt").read(), date(2016, 6, 10))  # doctest: +SKIP
"""

from .errors import ConfigError, ModelError, SourceError, StoreError, TidingsError
from .pipeline import ArticleResult, Pipeline, extract_events
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
]
