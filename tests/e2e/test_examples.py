"""The bundled examples (every input format) through the whole pipeline into a store."""

from __future__ import annotations

import json

import jsonschema
import pytest
from tests.conftest import ROOT

from tidings.ingest import ingest
from tidings.store import EventFilter, Store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    with Store(url) as store:
        report = ingest([str(ROOT / "examples")], store)
        assert report.errors == []
        assert report.articles_added == report.articles_read >= 10
        yield store


def test_every_stored_event_validates_and_points_into_its_article(store):
    schema = json.loads((ROOT / "docs" / "event.schema.json").read_text())
    page = store.query_events(limit=1000)
    assert page.total >= 30
    texts = {}
    for event in page.items:
        jsonschema.validate(json.loads(json.dumps(event.to_dict())), schema)
        text = texts.setdefault(event.article_id, store.get_article(event.article_id).text)
        assert text[event.evidence.start : event.evidence.end] == event.evidence.sentence
        assert text[event.evidence.trigger_start : event.evidence.trigger_end] == event.evidence.trigger


def test_every_article_has_a_date_and_events_are_dated(store):
    page = store.query_events(limit=1000)
    assert all(e.date.basis != "unknown" or e.date.start is None for e in page.items)
    assert sum(e.date.start is not None for e in page.items) >= 0.8 * page.total


def test_places_resolve_in_the_article_s_region(store):
    gaza = store.query_events(EventFilter(place="Gaza"), limit=100).items
    assert gaza and all(e.location.country == "PSE" for e in gaza), {e.location.country for e in gaza}


def test_reingesting_changes_nothing(store):
    before = store.stats().total_events
    report = ingest([str(ROOT / "examples")], store)
    assert report.articles_added == 0 and report.events_added == 0
    assert store.stats().total_events == before
