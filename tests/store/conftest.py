"""Store fixtures: an empty database per test on each backend (a SQLite file, and
PostgreSQL from TIDINGS_TEST_PG_URL), records come from factories.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tidings.store import Store

PG_URL = os.environ.get("TIDINGS_TEST_PG_URL")
# Every table the migrations create, dropped for an empty PostgreSQL database.
TABLES = (
    "place_summary",
    "actor_facets",
    "actor_summary",
    "toponyms",
    "events",
    "articles",
    "alembic_version",
)
SQLITE = pytest.param("sqlite", id="sqlite")
POSTGRES = pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)


def _empty_postgres() -> str:
    if not PG_URL:
        if os.environ.get("CI") == "true":
            pytest.fail(
                'CI=true but TIDINGS_TEST_PG_URL is unset: eval "$(bash .ci/postgres.sh)" first'
            )
        pytest.skip(
            'TIDINGS_TEST_PG_URL is unset (eval "$(bash .ci/postgres.sh)" to test PostgreSQL)'
        )
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        for table in TABLES:
            conn.execute(sa.text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    engine.dispose()
    return PG_URL


@pytest.fixture(params=[SQLITE, POSTGRES])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return _empty_postgres()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as opened:
        yield opened
