"""API fixtures: a temporary SQLite store filled from records, and a TestClient over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.api.sample_events import TOKEN, filler_results, sample_results

from tidings.api import create_app
from tidings.store import Store


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("api") / "events.db"
    url = f"sqlite:///{path}"
    with Store(url) as store:
        store.save_batch(sample_results())
        store.save_batch(filler_results(60))
    return url


@pytest.fixture(scope="module")
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def writable_client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, token=TOKEN)) as test_client:
        yield test_client
