"""Indexes for the date and type filters and for the substring filters.

* ``ix_events_date_end`` serves ``since`` (``date_end >= since``).
* ``ix_events_type_date_start_id`` replaces ``ix_events_type``: a type filter then reads
  its events already in date order, so a page stops after ``limit`` rows.
* SQLite: ``events_fts``, an FTS5 table with the trigram tokenizer over the evidence
  sentence and the actor, recipient and location names and words, with ``events`` as its
  external content (``Store.save_batch`` adds each batch's rows). Trigram queries match
  substrings of three characters or more, so the store pre-selects ``q``, ``actor`` and
  ``place`` matches through it. Skipped where SQLite lacks FTS5 or the trigram tokenizer
  (before 3.34): the store then falls back to scanning.
* PostgreSQL: a pg_trgm GIN index on the evidence sentence, when the extension exists and
  may be created; otherwise nothing (ILIKE scans).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None

FTS_COLUMNS = (
    "evidence_sentence",
    "actor_name",
    "actor_text",
    "recipient_name",
    "recipient_text",
    "location_name",
    "location_text",
)


def _sqlite_fts(conn: sa.Connection) -> None:
    columns = ", ".join(FTS_COLUMNS)
    savepoint = conn.begin_nested()
    try:
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE events_fts USING fts5({columns}, content='events', "
            "content_rowid='pk', tokenize='trigram')"
        )
    except sa.exc.OperationalError:  # no FTS5, or no trigram tokenizer
        savepoint.rollback()
        return
    savepoint.commit()
    conn.exec_driver_sql("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")


def _postgres_trigram(conn: sa.Connection) -> None:
    available = conn.scalar(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"))
    if not available:
        return
    savepoint = conn.begin_nested()
    try:
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.exec_driver_sql(
            "CREATE INDEX ix_events_trgm_evidence_sentence ON events "
            "USING gin (evidence_sentence gin_trgm_ops)"
        )
    except sa.exc.DBAPIError:  # not allowed to create the extension: stay with scans
        savepoint.rollback()
        return
    savepoint.commit()


def upgrade() -> None:
    op.create_index("ix_events_date_end", "events", ["date_end"])
    op.drop_index("ix_events_type", "events")
    op.create_index("ix_events_type_date_start_id", "events", ["type", "date_start", "id"])
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        _sqlite_fts(conn)
    elif conn.dialect.name == "postgresql":
        _postgres_trigram(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TABLE IF EXISTS events_fts")
    else:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_events_trgm_evidence_sentence")
    op.drop_index("ix_events_type_date_start_id", "events")
    op.create_index("ix_events_type", "events", ["type"])
    op.drop_index("ix_events_date_end", "events")
