"""Reading JSON Lines data files (gold sets, training examples) with errors that name the line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import SourceError


def iter_json_lines(path: Path, what: str = "file") -> Iterator[tuple[str, Any]]:
    """``(where, value)`` for each non-blank line; ``where`` is ``path:lineno``.

    A missing or unreadable file, or a line that is not JSON, raises ``SourceError``
    naming it (``what`` says what the file is for: "gold file", "training file").
    """
    lines = _read_lines(Path(path), what)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(where, f"invalid JSON ({exc.msg})") from None
        yield where, value


def _read_lines(path: Path, what: str) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SourceError(str(path), f"{what} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), f"cannot read {what} ({exc})") from None
