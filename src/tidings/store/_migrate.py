"""Programmatic Alembic: upgrade a database to the head revision shipped in the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.engine import Connection

from ..errors import StoreError

__all__ = ["MIGRATIONS_DIR", "current_revisions", "head_revisions", "upgrade_to_head"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(_config()).get_heads())


def current_revisions(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def upgrade_to_head(connection: Connection, where: str) -> bool:
    """Migrate the database behind ``connection``; False when it already was at head.

    ``where`` names the database (password masked) in error messages.
    """
    heads = head_revisions()
    current = current_revisions(connection)
    if current == heads:
        return False
    unknown = current - {
        rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()
    }
    if unknown:
        raise StoreError(
            f"{where}: database schema revision {', '.join(sorted(unknown))} is newer than this tidings"
        )
    try:
        command.upgrade(_config(connection), "head")
    except CommandError as exc:
        raise StoreError(f"{where}: migration failed ({exc})") from None
    return True
