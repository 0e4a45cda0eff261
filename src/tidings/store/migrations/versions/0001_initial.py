"""Initial schema: articles, events (flattened Event records), toponyms.

Revision ID: 0001
Revises:
Create Date: 2026-05-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def _actor_columns(role: str) -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column(f"{role}_text", sa.Text()),
        sa.Column(f"{role}_name", sa.Text()),
        sa.Column(f"{role}_start", sa.Integer()),
        sa.Column(f"{role}_end", sa.Integer()),
        sa.Column(f"{role}_country", sa.String()),
        sa.Column(f"{role}_sector", sa.String()),
    ]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
    )
    op.create_table(
        "events",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
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
        sa.PrimaryKeyConstraint("pk", name="pk_events"),
        sa.UniqueConstraint("id", name="uq_events_id"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_events_article_id_articles",
            ondelete="CASCADE",
        ),
    )
    for name, columns in [
        ("ix_events_type", ["type"]),
        ("ix_events_date_start_id", ["date_start", "id"]),
        ("ix_events_location_lat_location_lon", ["location_lat", "location_lon"]),
        ("ix_events_actor_name", ["actor_name"]),
        ("ix_events_recipient_name", ["recipient_name"]),
        ("ix_events_article_id", ["article_id"]),
        ("ix_events_modality", ["modality"]),
    ]:
        op.create_index(name, "events", columns)
    op.create_table(
        "toponyms",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
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
        sa.PrimaryKeyConstraint("pk", name="pk_toponyms"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_toponyms_article_id_articles",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_toponyms_article_id", "toponyms", ["article_id"])


def downgrade() -> None:
    op.drop_table("toponyms")
    op.drop_table("events")
    op.drop_table("articles")
