"""Opening a Store migrates an empty database to head; opening it again changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tidings.errors import StoreError
from tidings.store import Store, _migrate
from tidings.store._schema import metadata, toponyms

from .factories import make_result


def _revision(url: str) -> set[str]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        heads = set(MigrationContext.configure(conn).get_current_heads())
    engine.dispose()
    return heads


def _modelled(name: str | None, kind: str, _parent: object) -> bool:
    """Leave out what migration 0003 creates outside the models: SQLite's FTS5 table (and
    its shadow tables) and PostgreSQL's pg_trgm index."""
    if kind == "table":
        return not (name or "").startswith("events_fts")
    return not (kind == "index" and (name or "").startswith("ix_events_trgm_"))


def test_empty_database_is_migrated_to_head_matching_the_models(db_url: str) -> None:
    Store(db_url).close()

    assert _revision(db_url) == _migrate.head_revisions()
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        # The hand-written migrations create exactly the tables, columns and indexes modelled.
        context = MigrationContext.configure(conn, opts={"include_name": _modelled})
        assert compare_metadata(context, metadata) == []
        indexes = {ix["name"] for ix in sa.inspect(conn).get_indexes("events")}
        tables = set(sa.inspect(conn).get_table_names())
    engine.dispose()
    if db_url.startswith("sqlite"):
        assert "events_fts" in tables  # the Python build here has FTS5 with trigrams
    assert {"actor_summary", "actor_facets", "place_summary"} <= tables
    assert {
        "ix_events_type_date_start_id",
        "ix_events_date_end",
        "ix_events_date_start_id",
        "ix_events_location_lat_location_lon",
        "ix_events_actor_name",
        "ix_events_recipient_name",
        "ix_events_article_id",
        "ix_events_modality",
    } <= indexes


def test_second_open_is_a_no_op(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(db_url) as store:
        store.save_batch([make_result("a1", n_events=2)])

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("upgrade ran on a database already at head")

    monkeypatch.setattr(_migrate.command, "upgrade", refuse)
    with Store(db_url) as store:
        assert store.stats().total_events == 2
    assert _revision(db_url) == _migrate.head_revisions()


def test_database_from_a_newer_tidings_is_refused(db_url: str) -> None:
    Store(db_url).close()
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE alembic_version SET version_num = :rev"), {"rev": "9999_future"}
        )
    engine.dispose()
    with pytest.raises(StoreError, match="9999_future is newer"):
        Store(db_url)


def test_sqlite_file_uses_wal_and_enforces_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    with Store(f"sqlite:///{path}") as store:
        store.save_batch([make_result("a1")])
        with store._engine.connect() as conn:  # the store's own connections
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            with pytest.raises(sa.exc.IntegrityError):
                conn.execute(
                    toponyms.insert(),
                    {
                        "article_id": "no-such-article",
                        "text": "x",
                        "start": 0,
                        "end": 1,
                        "kind": "toponym",
                        "score": 0.0,
                    },
                )
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_in_memory_sqlite_keeps_data_across_calls_and_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with Store("sqlite://") as store:
        store.save_batch([make_result("a1")])
        with ThreadPoolExecutor(1) as pool:
            assert pool.submit(store.has_article, "art-a1").result()


def test_default_url_comes_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with Store() as store:
        store.save_batch([make_result("a1")])
    assert (tmp_path / "tidings.db").exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "not a database URL"),
        ("mysql://user:s3cret@db.example/x", "unsupported database"),
        ("sqlite:////no/such/dir/x.db", "cannot open database"),
        ("postgresql+psycopg://user:s3cret@127.0.0.1:1/x", "cannot open database"),
    ],
)
def test_bad_url_gives_one_line_error_with_password_masked(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as caught:
        Store(url)
    text = str(caught.value)
    assert "\n" not in text
    assert "s3cret" not in text
    assert url.split("@")[-1] in text  # names the database


def test_sqlite_gathers_planner_statistics_as_events_grow(tmp_path: Path) -> None:
    path = tmp_path / "stats.db"
    with Store(f"sqlite:///{path}") as store:
        store.save_batch([make_result("a1", n_events=2)])
        with sqlite3.connect(path) as raw:
            first = raw.execute(
                "SELECT max(stat) FROM sqlite_stat1 WHERE tbl = 'events'"
            ).fetchone()[0]
        store.save_batch([make_result(f"b{i}", n_events=3) for i in range(5)])
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'events'").fetchall()
    # Analysed at 2 events, then again once the table had more than doubled (17 events).
    assert first.split()[0] == "2"
    assert {stat.split()[0] for (stat,) in rows} == {"17"}
