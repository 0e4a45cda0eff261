"""The embedded database: SQLite by default, PostgreSQL by URL.

>>> from tidings.store import Store, EventFilter
>>> with Store("sqlite:///tidings.db") as store:  # doctest: +SKIP
...     store.save_batch(results)                   # ArticleResult from the pipeline
...     page = store.query_events(EventFilter(types=["ASSAULT"], facts_only=True), limit=20)

The schema is migrated to the shipped Alembic head whenever a ``Store`` opens.
"""

from ._query import SORT_KEYS
from ._rows import event_dict
from .export import COLUMNS, EXPORT_FORMATS, export_events
from .store import Store, mask_url
from .types import (
    FACT_MODALITIES,
    ActorSummary,
    EventFilter,
    EventPage,
    EventPoint,
    NotFoundError,
    PlaceSummary,
    SaveStats,
    Stats,
)

__all__ = [
    "COLUMNS",
    "EXPORT_FORMATS",
    "FACT_MODALITIES",
    "SORT_KEYS",
    "ActorSummary",
    "EventFilter",
    "EventPage",
    "EventPoint",
    "NotFoundError",
    "PlaceSummary",
    "SaveStats",
    "Stats",
    "Store",
    "event_dict",
    "export_events",
    "mask_url",
]
