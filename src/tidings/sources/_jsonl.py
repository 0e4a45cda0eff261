"""JSON Lines: one article a line.

Fields: ``text`` (required), ``id``, ``title``, ``url``, ``published`` (ISO date or
datetime). A given ``id`` is kept as ``Article.id``; lines without one get
``content_id(text)``. Each article's ``source`` is ``path:lineno``; a malformed line
yields a ``SourceError`` naming that line and reading goes on. Blank lines are skipped.
The file is streamed, so large dumps are fine up to ``[sources] max_file_bytes``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

from ..errors import SourceError
from ..records import Article
from ._common import decode_text, load_settings, normalise_newlines, open_file, parse_date

__all__ = ["article_from_record", "read_jsonl_file"]

#: Bytes looked at to tell a binary file from JSON Lines before reading line by line.
_SNIFF_BYTES = 8192
#: How much of a bad value an error message quotes.
_QUOTE_CHARS = 40


def _optional_str(record: Mapping[str, object], key: str, source: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceError(source, f"{key!r} must be a string")
    return value.strip() or None


def article_from_record(
    record: Mapping[str, object], *, source: str, published: date | None = None
) -> Article:
    """An ``Article`` from a JSON object (``text``, ``id``, ``title``, ``url``, ``published``).

    ``published`` (given by the user) wins over the record's own date. Raises
    ``SourceError`` naming ``source`` when a field is missing or has the wrong type.
    """
    text = record.get("text")
    if not isinstance(text, str):
        raise SourceError(source, "missing 'text'" if text is None else "'text' must be a string")
    if not text.strip():
        raise SourceError(source, "empty 'text'")
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int, type(None))):
        raise SourceError(source, "'id' must be a string or an integer")
    article_id = str(raw_id).strip() if raw_id is not None else ""
    raw_date = record.get("published")
    record_date = parse_date(raw_date)
    if raw_date not in (None, "") and record_date is None:
        raise SourceError(source, f"invalid 'published' date {str(raw_date)[:_QUOTE_CHARS]!r}")
    return Article.from_text(
        normalise_newlines(text),
        id=article_id or None,
        title=_optional_str(record, "title", source),
        url=_optional_str(record, "url", source),
        published=published or record_date,
        source=source,
    )


def _article_from_line(raw: bytes, source: str, published: date | None) -> Article:
    line = decode_text(raw, source)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise SourceError(source, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise SourceError(source, "not a JSON object")
    return article_from_record(record, source=source, published=published)


def read_jsonl_file(
    path: str | Path, *, published: date | None = None
) -> Iterator[Article | SourceError]:
    """Read a JSON Lines file: yields an ``Article`` or a ``SourceError`` per non-blank line."""
    settings = load_settings()
    path = Path(path)
    try:
        handle = open_file(path, settings)
    except SourceError as err:
        yield err
        return
    with handle:
        if b"\x00" in handle.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]:
            yield SourceError(str(path), "binary file")
            return
        seen_line = False
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            seen_line = True
            source = f"{path}:{lineno}"
            try:
                yield _article_from_line(raw, source, published)
            except SourceError as err:
                yield err
        if not seen_line:
            yield SourceError(str(path), "empty")
