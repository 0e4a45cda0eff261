"""RSS and Atom feeds, from a file or a URL, parsed by feedparser.

An entry with full content (``content:encoded`` in RSS, ``<content>`` in Atom) is read
as HTML, dated by the entry (the content fragment carries no reliable date of its own).
An entry without content has its linked page fetched (http/https only) and read as
HTML, the page's own date first and the entry's date as fallback. An entry with neither
falls back to its summary. Articles from feeds have ``source`` = ``feed#n`` (n counts
entries from 1); a page that cannot be fetched yields a ``SourceError`` naming its URL.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SourceError
from ..records import Article
from ._common import SourceSettings, load_settings, read_file_bytes, url_scheme
from ._fetch import FetchedResource, fetch_url, make_client
from ._html import article_from_html

if TYPE_CHECKING:
    import httpx

__all__ = ["articles_from_feed", "looks_like_feed", "read_feed_file"]

Fetcher = Callable[[str], FetchedResource]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Root elements of RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom, for sniffing fetched bodies.
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")
_SNIFF_BYTES = 1024


def looks_like_feed(data: bytes, media_type: str = "") -> bool:
    """Whether a body is a feed: by its media type, else by its root element."""
    if media_type in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return True
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return any(root in head for root in _FEED_ROOTS)


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _entry_content(entry: Any) -> tuple[str, str] | None:
    """The longest full-content block of an entry as (value, media type)."""
    blocks = [block for block in entry.get("content", []) if (block.get("value") or "").strip()]
    if not blocks:
        return None
    best = max(blocks, key=lambda block: len(block["value"]))
    return best["value"], (best.get("type") or "text/html").lower()


def _article_from_plain(
    body: str, *, title: str | None, source: str, url: str | None, published: date | None
) -> Article:
    body = body.strip()
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    return Article.from_text(text, title=title, url=url, published=published, source=source)


def _read_entry(
    entry: Any,
    *,
    entry_source: str,
    published: date | None,
    fetch: Fetcher,
    settings: SourceSettings,
) -> Article:
    link = (entry.get("link") or "").strip() or None
    title = (entry.get("title") or "").strip() or None
    entry_date = _entry_date(entry)
    content = _entry_content(entry)
    if content is None and link is None and (entry.get("summary") or "").strip():
        content = (entry["summary"], (entry.get("summary_detail", {}).get("type") or "text/html"))
    if content is not None:
        value, media_type = content
        if media_type in _HTML_TYPES:
            return article_from_html(
                value,
                source=entry_source,
                url=link,
                published=published or entry_date,
                title=title,
                settings=settings,
            )
        return _article_from_plain(
            value, title=title, source=entry_source, url=link, published=published or entry_date
        )
    if link is None:
        raise SourceError(entry_source, "entry has neither content nor link")
    if url_scheme(link) not in ("http", "https"):
        raise SourceError(link, f"unsupported URL scheme {url_scheme(link) or 'none'!r}")
    page = fetch(link)
    return article_from_html(
        page.content,
        source=entry_source,
        url=page.url,
        published=published,
        fallback_published=entry_date,
        title=title,
        encoding=page.charset,
        settings=settings,
    )


def articles_from_feed(
    data: bytes,
    *,
    source: str,
    published: date | None = None,
    fetch: Fetcher | None = None,
    settings: SourceSettings | None = None,
) -> Iterator[Article | SourceError]:
    """The articles of a feed's entries, each an ``Article`` or a ``SourceError``.

    ``fetch`` gets linked pages (default: ``fetch_url`` with the config's limits).
    """
    import feedparser  # heavy: loaded only when a feed is read

    settings = settings or load_settings()
    # Bytes in a stream: feedparser given a str that looks like a URL or a path opens it.
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        if parsed.bozo or not parsed.version:
            yield SourceError(source, "not a feed")
        else:
            yield SourceError(source, "feed has no entries")
        return
    client: httpx.Client | None = None

    def fetch_with_shared_client(url: str) -> FetchedResource:
        nonlocal client
        if client is None:  # opened on the first linked page: full-content feeds need none
            client = make_client(settings)
        return fetch_url(url, settings=settings, client=client)

    try:
        for number, entry in enumerate(parsed.entries, start=1):
            try:
                yield _read_entry(
                    entry,
                    entry_source=f"{source}#{number}",
                    published=published,
                    fetch=fetch or fetch_with_shared_client,
                    settings=settings,
                )
            except SourceError as err:
                yield err
    finally:
        if client is not None:
            client.close()


def read_feed_file(
    path: str | Path, *, published: date | None = None, fetch: Fetcher | None = None
) -> Iterator[Article | SourceError]:
    """Read an RSS/Atom file: yields an ``Article`` or a ``SourceError`` per entry."""
    settings = load_settings()
    path = Path(path)
    try:
        data = read_file_bytes(path, settings)
    except SourceError as err:
        yield err
        return
    yield from articles_from_feed(
        data, source=str(path), published=published, fetch=fetch, settings=settings
    )
