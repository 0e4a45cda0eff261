"""Records built directly (no spaCy) for the store tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from tidings.pipeline import ArticleResult
from tidings.records import (
    ActorRef,
    Article,
    Attribution,
    DateInfo,
    Event,
    Evidence,
    Location,
    Toponym,
)

TEXT = (
    "Fighters clashed with police in Sirte on Monday, Reuters reported. "
    "Two soldiers were killed in an attack near Benghazi."
)


def make_article(
    key: str = "a1", published: date | None = date(2016, 6, 10), **overrides: Any
) -> Article:
    fields: dict[str, Any] = {
        "id": f"art-{key}",
        "text": f"{TEXT} ({key})",
        "title": f"Clashes {key}",
        "url": f"https://news.example/{key}",
        "published": published,
        "source": f"feed:{key}",
    }
    fields.update(overrides)
    return Article(**fields)


def make_event(article_id: str = "art-a1", n: int = 0, **overrides: Any) -> Event:
    """A fully populated event; ``n`` varies the trigger offset (and so the id)."""
    fields: dict[str, Any] = {
        "id": Event.make_id(article_id, 9 + n, overrides.get("type", "ASSAULT")),
        "article_id": article_id,
        "type": "ASSAULT",
        "mode": "firearms",
        "cameo_root": "19",
        "acled_event_type": "Battles",
        "acled_sub_event_type": "Armed clash",
        "actor": ActorRef(
            text="Fighters",
            name="Petroleum Facilities Guard",
            start=0,
            end=8,
            country="LBY",
            sector="MIL",
        ),
        "recipient": ActorRef(
            text="police", name="Libyan Police", start=22, end=28, country="LBY", sector="COP"
        ),
        "location": Location(
            text="Sirte",
            name="Sirte",
            start=32,
            end=37,
            lat=31.20892,
            lon=16.58866,
            country="LBY",
            admin1="Surt",
            geonameid=2210554,
            precision="city",
        ),
        "date": DateInfo(
            start="2016-06-06",
            end="2016-06-06",
            precision="day",
            basis="relative",
            text="on Monday",
            span_start=38,
            span_end=47,
        ),
        "evidence": Evidence(
            sentence="Fighters clashed with police in Sirte on Monday, Reuters reported.",
            start=0,
            end=67,
            trigger="clashed",
            trigger_start=9 + n,
            trigger_end=16 + n,
        ),
        "fatalities": 2,
        "attribution": Attribution(
            source="Reuters", verb="reported", start=49, end=56, speaker=None
        ),
        "modality": "reported",
        "confidence": 0.8125,
        "extra": {"plover_context": ["military"], "score": 0.1 + 0.2},
    }
    fields.update(overrides)
    return Event(**fields)


def make_toponym(article_id: str = "art-a1", **overrides: Any) -> Toponym:
    fields: dict[str, Any] = {
        "article_id": article_id,
        "text": "Sirte",
        "start": 32,
        "end": 37,
        "name": "Sirte",
        "lat": 31.20892,
        "lon": 16.58866,
        "country": "LBY",
        "admin1": "Surt",
        "geonameid": 2210554,
        "precision": "city",
        "kind": "toponym",
        "score": 0.93,
    }
    fields.update(overrides)
    return Toponym(**fields)


def make_result(
    key: str = "a1", events: list[Event] | None = None, n_events: int = 1
) -> ArticleResult:
    """An article with ``n_events`` default events (or the given ones) and one toponym."""
    article = make_article(key)
    if events is None:
        events = [make_event(article.id, n) for n in range(n_events)]
    return ArticleResult(article=article, events=events, toponyms=[make_toponym(article.id)])
