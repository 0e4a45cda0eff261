"""Request bodies and documented response shapes of the API (pydantic models).

Responses are built as plain dicts (``Event.to_dict()``) for speed; these models exist
so that /docs and /openapi.json describe them.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "ActorOut",
    "ArticleIn",
    "ArticleOut",
    "ArticlesIn",
    "EventDetailOut",
    "EventPageOut",
    "IngestOut",
    "ListOut",
    "MapOut",
    "StatsOut",
]


class ArticleIn(BaseModel):
    """One article to ingest; ``id`` defaults to the content hash of ``text``."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, min_length=1, max_length=64)
    text: str = Field(min_length=1)
    title: str | None = Field(default=None, max_length=2_000)
    url: str | None = Field(default=None, max_length=2_048)
    published: date | None = None

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme.lower() not in ("http", "https"):
            raise ValueError("url must be http(s)")
        return value

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is blank")
        return value


class ArticlesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1)


class IngestOut(BaseModel):
    articles_added: int
    articles_skipped: int
    events_added: int
    errors: list[str]


class EventPageOut(BaseModel):
    total: int
    limit: int
    offset: int
    sort: str
    items: list[dict[str, Any]] = Field(description="Event records (docs/event.schema.json)")


class ArticleOut(BaseModel):
    id: str
    text: str
    title: str | None
    url: str | None
    published: str | None
    source: str
    events: list[dict[str, Any]] = Field(description="The article's event records")
    toponyms: list[dict[str, Any]] = Field(description="Place names found in the article")


class EventDetailOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    article_id: str
    type: str
    article: dict[str, Any] = Field(description="The article; evidence offsets index its text")


class WeekCount(BaseModel):
    week: str = Field(description="Monday of the ISO week, e.g. 2016-06-06")
    count: int


class StatsOut(BaseModel):
    total_events: int
    total_articles: int
    by_type: dict[str, int]
    by_week: list[WeekCount]


class MapOut(BaseModel):
    total: int = Field(description="Events matching the filters (inside bbox when given)")
    points: list[list[Any]] = Field(description="[id, lat, lon, type, date] of the newest events")


class ListOut(BaseModel):
    limit: int
    offset: int
    items: list[dict[str, Any]]


class ActorOut(BaseModel):
    name: str
    summary: dict[str, Any] | None
    by_week: list[WeekCount]
