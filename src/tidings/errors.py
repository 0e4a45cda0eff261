"""The error tree. Every error tidings raises on purpose is a ``TidingsError``.

Kept shallow on purpose: callers catch ``TidingsError`` (or one direct child) and
print ``str(err)``, which is always one line naming the input at fault.
"""

from __future__ import annotations

__all__ = ["ConfigError", "ModelError", "SourceError", "StoreError", "TidingsError"]


class TidingsError(Exception):
    """Root of every error tidings raises on purpose."""


class SourceError(TidingsError):
    """An input (file, URL, record) could not be read as an article.

    ``source`` names the input; ``reason`` says why, in a few words.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class ConfigError(TidingsError):
    """A setting, data file or command-line value is invalid."""


class StoreError(TidingsError):
    """The database could not be opened, migrated, written or read."""


class ModelError(TidingsError):
    """A model (spaCy pipeline, encoder, classifier weights) is missing or unusable."""
