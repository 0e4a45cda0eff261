"""Reading inputs: files, directories and URLs in, ``Article`` records out.

``read_inputs(["examples", "https://example.org/feed.xml"])`` yields an ``Article`` for
every article found and a ``SourceError`` *object* (yielded, never raised) for every
input, line, entry or record that could not be read, so one bad file never stops a batch.

Formats, by extension (one private module each)::

    .txt .text                 plain text (_text)    whole file is the text; title = short first line
    .html .htm .xhtml .shtml   HTML page (_html)     trafilatura body + title, htmldate date
    .jsonl .ndjson             JSON Lines (_jsonl)   one article a line: id, text, title, url, published
    .xml .rss .atom            RSS/Atom (_feed)      entry content as HTML, else the linked page fetched
    .warc .warc.gz             WARC (_warc)          2xx HTML responses via the HTML reader

Rules:

* A directory is walked recursively in sorted path order. Hidden files and folders
  (``.git``, ``.DS_Store``) and files whose extension is in ``[sources] skip_extensions``
  (images, media, archives, code, docs such as README.md) are skipped silently; any other
  unknown extension yields a ``SourceError`` "unsupported file type", so nothing is
  dropped unnoticed. A file named explicitly is always read: by its extension, or as
  plain text when the extension is unknown.
* A URL (http/https only; any other scheme is a ``SourceError``) is fetched with the
  ``[sources]`` timeout and size cap; a feed (by media type or root element) yields its
  entries, anything else is read as an HTML page (or text for ``text/plain``).
* Publication date: ``published`` given by the user (``--published``) wins over
  everything, for every article of the batch. Otherwise each format's own date is used
  (HTML page date, JSONL ``published``, feed entry date, a .txt header or dateline),
  then fallbacks (a WARC record's date, a feed entry's date for a fetched page).
* ``Article.id`` is ``content_id(text)`` (so the same article read twice, from any
  format, gets the same id) unless a JSONL line gives its own ``id``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SourceError
from ..records import Article
from ._common import (
    URL_SCHEMES,
    SourceSettings,
    decode_text,
    is_url,
    load_settings,
    url_scheme,
)
from ._feed import articles_from_feed, looks_like_feed, read_feed_file
from ._fetch import FetchedResource, fetch_url, make_client
from ._html import article_from_html, read_html_file
from ._jsonl import article_from_record, read_jsonl_file
from ._text import article_from_text, read_text_file
from ._warc import read_warc_file

if TYPE_CHECKING:
    import httpx

__all__ = [
    "READERS",
    "FetchedResource",
    "article_from_html",
    "article_from_record",
    "article_from_text",
    "articles_from_feed",
    "fetch_url",
    "make_client",
    "read_feed_file",
    "read_html_file",
    "read_inputs",
    "read_jsonl_file",
    "read_path",
    "read_text_file",
    "read_url",
    "read_warc_file",
    "reader_for",
]

log = logging.getLogger(__name__)

Reader = Callable[..., Iterator[Article | SourceError]]

#: Extension -> reader. Compound extensions (".warc.gz") are matched first.
READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".xhtml": read_html_file,
    ".shtml": read_html_file,
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
    ".xml": read_feed_file,
    ".rss": read_feed_file,
    ".atom": read_feed_file,
    ".warc": read_warc_file,
    ".warc.gz": read_warc_file,
}


def _extension(path: Path) -> str:
    suffixes = [suffix.lower() for suffix in path.suffixes]
    compound = "".join(suffixes[-2:])
    return compound if compound in READERS else (suffixes[-1] if suffixes else "")


def reader_for(path: str | Path) -> Reader | None:
    """The reader for a file's extension, or None when the extension is not an article format."""
    return READERS.get(_extension(Path(path)))


def _guarded(
    source: str, articles: Iterator[Article | SourceError]
) -> Iterator[Article | SourceError]:
    """Turn an unexpected parser crash on hostile input into a ``SourceError`` for that input."""
    try:
        yield from articles
    except SourceError as err:
        yield err
    except Exception as exc:  # third-party parsers (lxml, warcio, feedparser) on hostile bytes
        log.debug("reader crashed on %s", source, exc_info=True)
        yield SourceError(source, f"could not be read ({type(exc).__name__})")


def _read_file(path: Path, published: date | None) -> Iterator[Article | SourceError]:
    reader = reader_for(path) or read_text_file
    yield from _guarded(str(path), reader(path, published=published))


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _walk(root: Path) -> Iterator[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        found.extend(Path(folder, name) for name in files)
    yield from sorted(found, key=lambda path: path.relative_to(root).parts)


def _read_directory(
    root: Path, published: date | None, settings: SourceSettings
) -> Iterator[Article | SourceError]:
    for path in _walk(root):
        if _is_hidden(path.relative_to(root)):
            continue
        if reader_for(path) is not None:
            yield from _read_file(path, published)
        elif _extension(path) in settings.skip_extensions:
            log.debug("skipped %s: not an article format", path)
        else:
            yield SourceError(str(path), f"unsupported file type {_extension(path) or '(none)'!r}")


def read_path(
    path: str | Path, *, published: date | None = None
) -> Iterator[Article | SourceError]:
    """Articles from a file or a directory (walked recursively in sorted order)."""
    path = Path(path)
    if path.is_dir():
        yield from _read_directory(path, published, load_settings())
    elif path.exists():
        yield from _read_file(path, published)
    else:
        yield SourceError(str(path), "not found")


def _article_from_resource(
    resource: FetchedResource, *, source: str, published: date | None, settings: SourceSettings
) -> Article:
    if resource.media_type == "text/plain":
        text = decode_text(resource.content, source, encoding=resource.charset)
        return article_from_text(text, source=source, url=resource.url, published=published)
    return article_from_html(
        resource.content,
        source=source,
        url=resource.url,
        published=published,
        encoding=resource.charset,
        settings=settings,
    )


def read_url(
    url: str, *, published: date | None = None, client: httpx.Client | None = None
) -> Iterator[Article | SourceError]:
    """Articles from a URL: a feed's entries (linked pages fetched), or the page itself.

    ``client`` is shared by every fetch (one is made, and closed, when not given).
    """
    settings = load_settings()
    shared = client or make_client(settings)

    def fetch(target: str) -> FetchedResource:
        return fetch_url(target, settings=settings, client=shared)

    try:
        resource = fetch(url)
        if looks_like_feed(resource.content, resource.media_type):
            yield from articles_from_feed(
                resource.content, source=url, published=published, fetch=fetch, settings=settings
            )
        else:
            yield _article_from_resource(
                resource, source=url, published=published, settings=settings
            )
    except SourceError as err:
        yield err
    finally:
        if client is None:
            shared.close()


def read_inputs(
    inputs: Iterable[str], *, published: date | None = None
) -> Iterator[Article | SourceError]:
    """Every article in ``inputs`` (paths or http(s) URLs), in order; see the module docs.

    Unreadable inputs come out as ``SourceError`` objects among the articles.
    ``published`` overrides every article's own date.
    """
    client: httpx.Client | None = None
    try:
        for item in inputs:
            if is_url(item):
                if url_scheme(item) not in URL_SCHEMES:
                    yield SourceError(item, f"unsupported URL scheme {url_scheme(item)!r}")
                    continue
                if client is None:
                    client = make_client()
                yield from _guarded(item, read_url(item, published=published, client=client))
            else:
                yield from read_path(item, published=published)
    finally:
        if client is not None:
            client.close()
