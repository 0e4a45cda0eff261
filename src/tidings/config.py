"""Settings: defaults from ``data/defaults.toml``, overridden by a user TOML file.

Thresholds and names live in that one file so nobody hunts for magic numbers.
``load_config()`` returns a plain nested dict; read it with ``cfg["events"]["min_confidence"]``.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["data_path", "load_config"]

Config = dict[str, Any]


def data_path(name: str) -> Path:
    """Path of a file shipped in ``tidings/data`` (actor aliases, ontology, supplements...)."""
    return Path(str(files("tidings") / "data" / name))


def _merge(base: Config, override: Config) -> Config:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_toml(path: Path) -> Config:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None


@lru_cache(maxsize=8)
def _load(path: str | None) -> Config:
    config = _read_toml(data_path("defaults.toml"))
    if path:
        config = _merge(config, _read_toml(Path(path)))
    return config


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Defaults merged with ``path`` (or ``$TIDINGS_CONFIG``). Cached; do not mutate."""
    chosen = path if path is not None else os.environ.get("TIDINGS_CONFIG")
    return _load(str(chosen) if chosen else None)
