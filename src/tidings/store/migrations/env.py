"""Alembic environment: always run by ``tidings.store`` on a connection it already holds."""

from __future__ import annotations

from alembic import context

from tidings.store._schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "tidings migrations run through tidings.store.Store, which passes a connection"
    )

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
