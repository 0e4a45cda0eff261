"""Actor and place summary tables, backfilled from the stored events.

``Store.save_batch`` keeps them up to date from here on; this fills them once from the
events already stored (one GROUP BY per table, the places' keys computed in Python).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None

# The events columns read here, as they are at this revision.
_events = sa.table(
    "events",
    *(
        sa.column(name)
        for role in ("actor", "recipient")
        for name in (f"{role}_name", f"{role}_country", f"{role}_sector")
    ),
    sa.column("location_name"),
    sa.column("location_lat"),
    sa.column("location_lon"),
    sa.column("location_country"),
    sa.column("location_geonameid"),
    sa.column("date_start", sa.Date()),
    sa.column("date_end", sa.Date()),
)


def _place_key(name: str, lat: Any, lon: Any, country: Any, geonameid: Any) -> str:
    # Must equal tidings.store._summaries.place_key (tests/store checks that they agree).
    return json.dumps(
        [
            name,
            None if lat is None else float(lat),
            None if lon is None else float(lon),
            country,
            None if geonameid is None else int(geonameid),
        ],
        ensure_ascii=False,
    )


def _roles() -> sa.Subquery:
    """One row per (event, role) naming an actor; a recipient named like the actor is left
    out, so that such an event counts once for the name."""
    c = _events.c

    def role(name: str) -> sa.Select[Any]:
        column = c[f"{name}_name"]
        return sa.select(
            column.label("name"),
            c[f"{name}_country"].label("country"),
            c[f"{name}_sector"].label("sector"),
            c.date_start.label("date_start"),
            sa.func.coalesce(c.date_end, c.date_start).label("date_end"),
        ).where(column.is_not(None))

    recipient = role("recipient").where(
        sa.or_(c.actor_name.is_(None), c.recipient_name != c.actor_name)
    )
    return sa.union_all(role("actor"), recipient).subquery("roles")


def upgrade() -> None:
    actor_summary = op.create_table(
        "actor_summary",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.String()),
        sa.Column("sector", sa.String()),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("first_date", sa.Date()),
        sa.Column("last_date", sa.Date()),
        sa.PrimaryKeyConstraint("name", name="pk_actor_summary"),
    )
    op.create_index("ix_actor_summary_events", "actor_summary", ["events"])
    actor_facets = op.create_table(
        "actor_facets",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("facet", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", "facet", "value", name="pk_actor_facets"),
    )
    place_summary = op.create_table(
        "place_summary",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("lat", sa.Double()),
        sa.Column("lon", sa.Double()),
        sa.Column("country", sa.String()),
        sa.Column("geonameid", sa.BigInteger()),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_place_summary"),
    )
    op.create_index("ix_place_summary_events", "place_summary", ["events"])
    assert actor_summary is not None and actor_facets is not None and place_summary is not None

    conn = op.get_bind()
    roles = _roles()
    conn.execute(
        actor_summary.insert().from_select(
            ["name", "events", "first_date", "last_date"],
            sa.select(
                roles.c.name,
                sa.func.count(),
                sa.func.min(roles.c.date_start),
                sa.func.max(roles.c.date_end),
            ).group_by(roles.c.name),
        )
    )
    for facet in ("country", "sector"):
        value = roles.c[facet]
        conn.execute(
            actor_facets.insert().from_select(
                ["name", "facet", "value", "events"],
                sa.select(roles.c.name, sa.literal(facet), value, sa.func.count())
                .where(value.is_not(None))
                .group_by(roles.c.name, value),
            )
        )
    f = actor_facets.c
    value_order: Any = f.value.collate("C") if conn.dialect.name == "postgresql" else f.value

    def most_frequent(facet: str) -> Any:
        return (
            sa.select(f.value)
            .where(f.name == actor_summary.c.name, f.facet == facet)
            .order_by(f.events.desc(), value_order)
            .limit(1)
            .scalar_subquery()
        )

    conn.execute(
        actor_summary.update().values(
            country=most_frequent("country"), sector=most_frequent("sector")
        )
    )

    c = _events.c
    place = (
        c.location_name,
        c.location_lat,
        c.location_lon,
        c.location_country,
        c.location_geonameid,
    )
    rows = [
        {
            "key": _place_key(name, lat, lon, country, geonameid),
            "name": name,
            "lat": lat,
            "lon": lon,
            "country": country,
            "geonameid": geonameid,
            "events": int(n),
        }
        for name, lat, lon, country, geonameid, n in conn.execute(
            sa.select(*place, sa.func.count()).where(c.location_name.is_not(None)).group_by(*place)
        )
    ]
    if rows:
        conn.execute(place_summary.insert(), rows)


def downgrade() -> None:
    op.drop_table("place_summary")
    op.drop_table("actor_facets")
    op.drop_table("actor_summary")
