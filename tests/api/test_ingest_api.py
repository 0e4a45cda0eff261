"""POST /api/articles for real: the pipeline runs and the events become queryable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.api.sample_events import TOKEN

from tidings.api import create_app

ARTICLE = (
    "Islamic State militants attacked a checkpoint near Sirte on Tuesday, killing three "
    "soldiers, a military spokesman told Reuters."
)


@pytest.fixture
def fresh_client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'ingest.db'}", token=TOKEN)) as client:
        yield client


@pytest.mark.slow
def test_posted_article_is_extracted_stored_and_served(fresh_client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = {"articles": [{"id": "sirte-1", "text": ARTICLE, "title": "Checkpoint attacked", "published": "2016-06-10"}]}
    report = fresh_client.post("/api/articles", json=body, headers=auth)
    assert report.status_code == 200, report.text
    assert report.json()["articles_added"] == 1
    assert report.json()["events_added"] >= 1

    again = fresh_client.post("/api/articles", json=body, headers=auth).json()
    assert again["articles_added"] == 0 and again["articles_skipped"] == 1

    article = fresh_client.get("/api/articles/sirte-1").json()
    assert article["title"] == "Checkpoint attacked"
    assert any(event["type"] == "ASSAULT" for event in article["events"])
    listed = fresh_client.get("/api/events", params={"article_id": "sirte-1"}).json()
    assert listed["total"] == len(article["events"])
