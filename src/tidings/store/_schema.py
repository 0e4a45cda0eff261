"""The tables, as SQLAlchemy Core metadata (the migrations create exactly this).

``events`` flattens every field of ``records.Event`` into one column named by its path
(``actor.name`` -> ``actor_name``); ``tidings.store._rows`` converts both ways.
A nested record that was ``None`` is stored as all-NULL columns.

``actor_summary``, ``actor_facets`` and ``place_summary`` are derived from ``events``:
``Store.save_batch`` adds each batch's counts to them in the batch's transaction (the store
never deletes events), so the actor and place lists read a few rows instead of every event.

Not modelled here (migration 0003 creates them where the database allows): SQLite's
``events_fts`` (FTS5, trigram tokenizer, external content ``events``, columns
``FTS_COLUMNS``) and PostgreSQL's pg_trgm index ``ix_events_trgm_evidence_sentence``.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "FTS_COLUMNS",
    "actor_facets",
    "actor_summary",
    "articles",
    "events",
    "events_fts",
    "metadata",
    "place_summary",
    "toponyms",
]

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(), primary_key=True),
    sa.Column("title", sa.Text()),
    sa.Column("url", sa.Text()),
    sa.Column("published", sa.Date()),
    sa.Column("source", sa.Text(), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
)


def _actor_columns(role: str) -> list[sa.Column[object]]:
    return [
        sa.Column(f"{role}_text", sa.Text()),
        sa.Column(f"{role}_name", sa.Text()),
        sa.Column(f"{role}_start", sa.Integer()),
        sa.Column(f"{role}_end", sa.Integer()),
        sa.Column(f"{role}_country", sa.String()),
        sa.Column(f"{role}_sector", sa.String()),
    ]


events = sa.Table(
    "events",
    metadata,
    # Surrogate key: insertion order, used for article order and keyset iteration.
    sa.Column("pk", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(), nullable=False, unique=True),
    sa.Column(
        "article_id",
        sa.String(),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("type", sa.String(), nullable=False),
    sa.Column("mode", sa.String()),
    sa.Column("cameo_root", sa.String()),
    sa.Column("acled_event_type", sa.String()),
    sa.Column("acled_sub_event_type", sa.String()),
    *_actor_columns("actor"),
    *_actor_columns("recipient"),
    sa.Column("location_text", sa.Text()),
    sa.Column("location_name", sa.Text()),
    sa.Column("location_start", sa.Integer()),
    sa.Column("location_end", sa.Integer()),
    sa.Column("location_lat", sa.Double()),
    sa.Column("location_lon", sa.Double()),
    sa.Column("location_country", sa.String()),
    sa.Column("location_admin1", sa.Text()),
    sa.Column("location_geonameid", sa.BigInteger()),
    sa.Column("location_precision", sa.String()),
    sa.Column("date_start", sa.Date()),
    sa.Column("date_end", sa.Date()),
    sa.Column("date_precision", sa.String()),
    sa.Column("date_basis", sa.String(), nullable=False),
    sa.Column("date_text", sa.Text()),
    sa.Column("date_span_start", sa.Integer()),
    sa.Column("date_span_end", sa.Integer()),
    sa.Column("evidence_sentence", sa.Text(), nullable=False),
    sa.Column("evidence_start", sa.Integer(), nullable=False),
    sa.Column("evidence_end", sa.Integer(), nullable=False),
    sa.Column("evidence_trigger", sa.Text(), nullable=False),
    sa.Column("evidence_trigger_start", sa.Integer(), nullable=False),
    sa.Column("evidence_trigger_end", sa.Integer(), nullable=False),
    sa.Column("fatalities", sa.Integer()),
    sa.Column("attribution_source", sa.Text()),
    sa.Column("attribution_verb", sa.Text()),
    sa.Column("attribution_start", sa.Integer()),
    sa.Column("attribution_end", sa.Integer()),
    sa.Column("attribution_speaker", sa.Text()),
    sa.Column("modality", sa.String(), nullable=False),
    sa.Column("confidence", sa.Double(), nullable=False),
    sa.Column("extra", sa.JSON(), nullable=False),
    # The dashboard's filters and sorts; (date_start, id) also serves the id tiebreak.
    # (type, date_start, id): a type filter reads its events in date order, no sort needed.
    sa.Index(None, "type", "date_start", "id"),
    sa.Index(None, "date_start", "id"),
    sa.Index(None, "date_end"),  # since
    sa.Index(None, "location_lat", "location_lon"),
    sa.Index(None, "actor_name"),
    sa.Index(None, "recipient_name"),
    sa.Index(None, "article_id"),
    sa.Index(None, "modality"),
)

toponyms = sa.Table(
    "toponyms",
    metadata,
    sa.Column("pk", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column(
        "article_id",
        sa.String(),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("start", sa.Integer(), nullable=False),
    sa.Column("end", sa.Integer(), nullable=False),
    sa.Column("name", sa.Text()),
    sa.Column("lat", sa.Double()),
    sa.Column("lon", sa.Double()),
    sa.Column("country", sa.String()),
    sa.Column("admin1", sa.Text()),
    sa.Column("geonameid", sa.BigInteger()),
    sa.Column("precision", sa.String()),
    sa.Column("kind", sa.String(), nullable=False),
    sa.Column("score", sa.Double(), nullable=False),
    sa.Index(None, "article_id"),
)

# One row per actor name (either role; an event naming the same actor in both counts once).
actor_summary = sa.Table(
    "actor_summary",
    metadata,
    sa.Column("name", sa.Text(), primary_key=True),
    sa.Column("country", sa.String()),  # most frequent in actor_facets, ties alphabetical
    sa.Column("sector", sa.String()),
    sa.Column("events", sa.Integer(), nullable=False),
    sa.Column("first_date", sa.Date()),  # earliest date_start
    sa.Column("last_date", sa.Date()),  # latest date_end (date_start when it has none)
    sa.Index(None, "events"),
)

# Events per (actor name, "country" or "sector", value): what picks actor_summary's
# most frequent country and sector.
actor_facets = sa.Table(
    "actor_facets",
    metadata,
    sa.Column("name", sa.Text(), primary_key=True),
    sa.Column("facet", sa.String(), primary_key=True),
    sa.Column("value", sa.String(), primary_key=True),
    sa.Column("events", sa.Integer(), nullable=False),
)

# One row per distinct (location name, lat, lon, country, geonameid) of located events;
# ``key`` is those five as JSON, since a primary key cannot hold the NULLs they may be.
place_summary = sa.Table(
    "place_summary",
    metadata,
    sa.Column("key", sa.Text(), primary_key=True),
    sa.Column("name", sa.Text(), nullable=False),
    sa.Column("lat", sa.Double()),
    sa.Column("lon", sa.Double()),
    sa.Column("country", sa.String()),
    sa.Column("geonameid", sa.BigInteger()),
    sa.Column("events", sa.Integer(), nullable=False),
    sa.Index(None, "events"),
)

#: The ``events`` columns that SQLite's ``events_fts`` indexes (rowid = ``events.pk``).
FTS_COLUMNS = (
    "evidence_sentence",
    "actor_name",
    "actor_text",
    "recipient_name",
    "recipient_text",
    "location_name",
    "location_text",
)
#: The FTS5 table, for queries only (``events_fts`` is also its hidden MATCH column).
events_fts = sa.table(
    "events_fts",
    sa.column("rowid", sa.Integer()),
    sa.column("events_fts", sa.Text()),
    *(sa.column(name, sa.Text()) for name in FTS_COLUMNS),
)
