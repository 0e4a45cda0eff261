"""The typed records passed between stages: the contract of the pipeline.

``Article`` comes out of ``tidings.sources``; ``Event`` and ``Toponym`` come out of
``tidings.extract`` and go into ``tidings.store``, the CLI, the API and the dashboard.
``Event.to_dict()`` is the JSON shape documented by ``docs/event.schema.json``.

Character offsets (``start``/``end``) always index into ``Article.text``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

__all__ = [
    "DATE_BASES",
    "DATE_PRECISIONS",
    "MODALITIES",
    "PLACE_PRECISIONS",
    "ActorRef",
    "Article",
    "Attribution",
    "DateInfo",
    "Event",
    "Evidence",
    "Location",
    "Toponym",
    "content_id",
]

#: How sure the article is that the event happened.
MODALITIES = ("asserted", "reported", "claimed", "denied", "negated", "future", "hypothetical")
#: ``DateInfo.precision``: how much of ``start`` is meaningful.
DATE_PRECISIONS = ("day", "week", "month", "year", "range")
#: ``DateInfo.basis``: where the date came from.
#: explicit = a time expression in the text ("on May 31", "in 2011");
#: relative = a time expression resolved against the publication date ("last week");
#: reporting_date = no time expression, the event takes the publication date;
#: latest_explicit = no publication date, the latest explicit date in the article.
#: unknown = neither a time expression nor any date to fall back on.
DATE_BASES = ("explicit", "relative", "reporting_date", "latest_explicit", "unknown")
#: ``Location.precision``: the size of the place resolved.
PLACE_PRECISIONS = ("site", "city", "region", "country", "continent")


def content_id(text: str) -> str:
    """Stable id of an article: the first 16 hex digits of SHA-256 of its normalised text.

    Whitespace runs are collapsed and Unicode is NFC-normalised so that the same article
    read from HTML and from plain text gets the same id.
    """
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Article:
    """One news article, as read from a source."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    source: str = ""  # the input it came from: a path, a URL, "path:line" for JSONL

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        title: str | None = None,
        url: str | None = None,
        published: date | None = None,
        source: str = "",
        id: str | None = None,
    ) -> Article:
        return cls(
            id=id or content_id(text),
            text=text,
            title=title,
            url=url,
            published=published,
            source=source,
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        return data


@dataclass(slots=True)
class ActorRef:
    """An actor as named in the text, resolved to a canonical actor where known."""

    text: str  # the words in the article ("fighters for the Petroleum Facilities Guard")
    name: str  # canonical name ("Petroleum Facilities Guard"); = text when unknown
    start: int
    end: int
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # PLOVER/CAMEO sector code: GOV, MIL, REB, CVL, ...


@dataclass(slots=True)
class Location:
    """Where something happened, resolved to coordinates where possible."""

    text: str
    name: str | None
    start: int
    end: int
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166 alpha-3
    admin1: str | None = None  # first-level region name
    geonameid: int | None = None
    precision: str | None = None  # one of PLACE_PRECISIONS; None when unresolved


@dataclass(slots=True)
class DateInfo:
    """When an event happened: an ISO date range with its precision and basis."""

    start: str | None  # ISO date, first day of the period
    end: str | None  # ISO date, last day of the period (== start for a day)
    precision: str | None  # one of DATE_PRECISIONS
    basis: str  # one of DATE_BASES
    text: str | None = None  # the time expression, when there is one
    span_start: int | None = None
    span_end: int | None = None


@dataclass(slots=True)
class Attribution:
    """Who the article says the information comes from."""

    source: str  # "Reuters", "al-Jazeera", "the report"
    verb: str | None  # "reported", "told", "according to"
    start: int
    end: int
    speaker: str | None = None  # for chains: "X reported that Y said": source X, speaker Y


@dataclass(slots=True)
class Evidence:
    """The sentence an event was read from and the word that triggered it."""

    sentence: str
    start: int
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int


@dataclass(slots=True)
class Event:
    """One coded event: who did what to whom, where, when, according to whom."""

    id: str
    article_id: str
    type: str  # PLOVER event type, e.g. ASSAULT
    mode: str | None
    cameo_root: str | None  # two-digit CAMEO root code, e.g. "19"
    acled_event_type: str | None
    acled_sub_event_type: str | None
    actor: ActorRef | None
    recipient: ActorRef | None
    location: Location | None
    date: DateInfo
    evidence: Evidence
    fatalities: int | None = None
    attribution: Attribution | None = None
    modality: str = "asserted"
    confidence: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def make_id(article_id: str, trigger_start: int, event_type: str) -> str:
        key = f"{article_id}:{trigger_start}:{event_type}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass(slots=True)
class Toponym:
    """A place name found in an article (the output of ``tidings places``)."""

    article_id: str
    text: str
    start: int
    end: int
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166 alpha-3
    admin1: str | None = None
    geonameid: int | None = None
    precision: str | None = None
    kind: str = "toponym"  # "toponym" or "demonym" (Libyan, Iraqi)
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
