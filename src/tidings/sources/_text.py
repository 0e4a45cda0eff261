"""Plain-text articles (.txt and any explicitly named file that decodes as text).

The article text is the whole file (newlines normalised), so offsets index into it.
The title is the first non-empty line when it is short. The publication date comes
from a header line (``Published: 2016-06-10``, ``Date: 10 June 2016``) near the top,
or else from a wire-style dateline before the first dash of the lead paragraph
(``NAIROBI, June 14, 2016 (Reuters) - ...``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..errors import SourceError
from ..records import Article
from ._common import SourceSettings, decode_text, load_settings, parse_date, read_file_bytes

__all__ = ["article_from_text", "find_text_published", "find_text_title", "read_text_file"]

#: How many non-empty lines at the top may hold a title, header or dateline.
_HEAD_LINES = 6
#: How far into the lead line a dateline may reach.
_DATELINE_CHARS = 160

_HEADER = re.compile(
    r"^\s*(?:published|publication date|date|dated|posted)\s*[:=]\s*(?P<value>.+?)\s*$",
    re.IGNORECASE,
)
_MONTHS = "|".join(
    sorted(
        {name for name in (*calendar.month_name, *calendar.month_abbr) if name},
        key=len,
        reverse=True,
    )
)
_FULL_DATE = re.compile(
    rf"\b(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
#: A dateline ends at the first spaced dash (or "--") of the lead line.
_DATELINE = re.compile(rf"^(?P<dateline>.{{0,{_DATELINE_CHARS}}}?)\s(?:-|--|\u2013|\u2014)\s")


def _head_lines(text: str) -> list[str]:
    lines = [line.strip() for line in text.split("\n")]
    return [line for line in lines if line][:_HEAD_LINES]


def find_text_published(text: str) -> date | None:
    """The publication date a plain-text article states at its top, if any."""
    head = _head_lines(text)
    for line in head:
        header = _HEADER.match(line)
        if header and (found := parse_date(header.group("value"))):
            return found
    for line in head:
        dateline = _DATELINE.match(line)
        match = _FULL_DATE.search(dateline.group("dateline")) if dateline else None
        if match and (found := parse_date(match.group(0).replace(".", ""))):
            return found
    return None


def find_text_title(text: str, max_chars: int = 200) -> str | None:
    """The first non-empty, non-header line when shorter than ``max_chars``."""
    lines = _head_lines(text)
    for line in lines:
        if _HEADER.match(line):
            continue
        if len(line) < max_chars and len(lines) > 1:
            return line
        return None
    return None


def article_from_text(
    text: str,
    *,
    source: str,
    url: str | None = None,
    published: date | None = None,
    settings: SourceSettings | None = None,
) -> Article:
    """An ``Article`` from decoded text; ``published`` (given by the user) wins over the
    date found in the text. Raises ``SourceError`` when there is no text."""
    settings = settings or load_settings()
    if not text.strip():
        raise SourceError(source, "empty")
    return Article.from_text(
        text,
        title=find_text_title(text, settings.title_max_chars),
        url=url,
        published=published or find_text_published(text),
        source=source,
    )


def read_text_file(
    path: str | Path, *, published: date | None = None
) -> Iterator[Article | SourceError]:
    """Read one plain-text file: yields its ``Article`` or a ``SourceError``."""
    settings = load_settings()
    path = Path(path)
    try:
        text = decode_text(read_file_bytes(path, settings), str(path))
        yield article_from_text(text, source=str(path), published=published, settings=settings)
    except SourceError as err:
        yield err
