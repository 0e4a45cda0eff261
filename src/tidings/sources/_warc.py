"""WARC files (.warc, .warc.gz): web crawls, read with warcio.

Each ``response`` record whose HTTP status is 2xx and whose body is HTML becomes an
article via the HTML reader, with the record's ``WARC-Target-URI`` as ``url`` and its
``WARC-Date`` as fallback date (the page's own date wins). Other records (requests,
metadata, images, redirects, errors) are skipped. ``source`` is ``path#n``, n counting
records from 1. A file that is not a WARC, or is cut short, yields a ``SourceError``;
articles read before the break are kept.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import SourceError
from ..records import Article
from ._common import SourceSettings, load_settings, open_file, parse_content_type, parse_date
from ._html import article_from_html

__all__ = ["read_warc_file"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


class _CutRecord(Exception):
    """A record ends before its declared length: the file was cut short."""


#: What a cut or corrupt archive raises from inside gzip, the HTTP parser and tidings;
#: warcio's own ArchiveLoadFailed is added where warcio is imported.
_BROKEN: tuple[type[BaseException], ...] = (_CutRecord, EOFError, zlib.error, OSError, ValueError)


def _html_response(record: Any) -> tuple[str, str | None] | None:
    """(media type, charset) of a 2xx HTML response record, else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return None
    media_type, charset = parse_content_type(record.http_headers.get_header("Content-Type") or "")
    return (media_type, charset) if media_type in _HTML_TYPES else None


def _article_from_record(
    record: Any,
    *,
    source: str,
    published: date | None,
    settings: SourceSettings,
    charset: str | None,
) -> Article:
    body = record.content_stream().read(settings.max_bytes + 1)
    if len(body) > settings.max_bytes:
        raise SourceError(source, f"record too large (over {settings.max_bytes} bytes)")
    if getattr(record.raw_stream, "limit", 0) > 0:
        # warcio stops quietly at the end of a cut file; bytes still owed mean a cut record.
        raise _CutRecord(source)
    return article_from_html(
        body,
        source=source,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        published=published,
        fallback_published=parse_date(record.rec_headers.get_header("WARC-Date")),
        encoding=charset,
        settings=settings,
    )


def read_warc_file(
    path: str | Path, *, published: date | None = None
) -> Iterator[Article | SourceError]:
    """Read a WARC file: yields an ``Article`` or a ``SourceError`` per HTML response."""
    # Imported here: warcio loads only when a WARC is read.
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    settings = load_settings()
    path = Path(path)
    try:
        handle = open_file(path, settings)
    except SourceError as err:
        yield err
        return
    pages = 0
    number = 0
    completed = 0  # records fully read; articles from them are kept when the file breaks later
    with handle:
        try:
            for number, record in enumerate(ArchiveIterator(handle), start=1):
                if record.format != "warc":  # warcio reads any text line as a legacy ARC header
                    yield SourceError(
                        str(path),
                        "not a WARC file" if number == 1 else f"broken WARC at record {number}",
                    )
                    return
                html = _html_response(record)
                if html is None:
                    completed = number
                    continue
                pages += 1
                try:
                    yield _article_from_record(
                        record,
                        source=f"{path}#{number}",
                        published=published,
                        settings=settings,
                        charset=html[1],
                    )
                except SourceError as err:
                    yield err
                completed = number
        except (ArchiveLoadFailed, *_BROKEN):
            reason = "not a WARC file" if number == 0 else f"broken WARC at record {completed + 1}"
            yield SourceError(str(path), reason)
            return
    if pages == 0:
        yield SourceError(str(path), "empty" if number == 0 else "no HTML pages in WARC")
