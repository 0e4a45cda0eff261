"""HTML pages (.html/.htm files, fetched pages, feed content, WARC responses).

trafilatura finds the article body and title, dropping navigation and footers; the
publication date comes from htmldate (which trafilatura runs on the parsed page: meta
tags, ``<time>``, JSON-LD, the URL). ``Article.text`` is the title, a blank line and
the body's paragraphs separated by blank lines (the title is not repeated when the body
already starts with it); offsets index into that stored text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..errors import SourceError
from ..records import Article
from ._common import SourceSettings, decode_text, load_settings, parse_date, read_file_bytes

__all__ = ["article_from_html", "decode_html", "read_html_file"]

#: Where browsers look for a <meta charset>: the first 1024 bytes (HTML spec); a little more.
_SNIFF_BYTES = 2048
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
_FULL_DOCUMENT = re.compile(r"<\s*(?:html|body)\b", re.IGNORECASE)


def decode_html(data: bytes, source: str, *, declared: str | None = None) -> str:
    """Decode HTML bytes: a BOM, else the HTTP charset, else ``<meta charset>``, else UTF-8."""
    sniffed = _META_CHARSET.search(data[:_SNIFF_BYTES])
    declared_charsets = [declared, sniffed.group(1).decode("ascii") if sniffed else None]
    candidates: list[str | None] = [name for name in declared_charsets if name]
    candidates.append(None)  # UTF-8 (decode_text handles BOMs)
    error = SourceError(source, "not UTF-8 text")
    for encoding in candidates:
        try:
            return decode_text(data, source, encoding=encoding)
        except SourceError as err:
            if err.reason == "binary file":
                raise
            error = err
    raise error


def _wrap_fragment(html: str) -> str:
    # trafilatura rejects a bare fragment (feed content) as "not HTML"; give it a body.
    if _FULL_DOCUMENT.search(html[:_SNIFF_BYTES]):
        return html
    return f"<html><body><article>{html}</article></body></html>"


def article_from_html(
    html: str | bytes,
    *,
    source: str,
    url: str | None = None,
    published: date | None = None,
    fallback_published: date | None = None,
    title: str | None = None,
    encoding: str | None = None,
    settings: SourceSettings | None = None,
) -> Article:
    """An ``Article`` from an HTML page or fragment; raises ``SourceError``.

    ``published`` (given by the user) wins over everything; then the page's own date;
    then ``fallback_published`` (a feed entry's or WARC record's date). ``title`` is used
    when the page has none (feed entries).
    """
    import trafilatura  # heavy: loaded only when HTML is read

    settings = settings or load_settings()
    if isinstance(html, bytes):
        html = decode_html(html, source, declared=encoding)
    if not html.strip():
        raise SourceError(source, "empty")
    try:
        document = trafilatura.bare_extraction(
            _wrap_fragment(html),
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            deduplicate=False,
        )
    except (ValueError, TypeError):  # lxml refusals on malformed input
        document = None
    body = (getattr(document, "text", None) or "").strip()
    if len(body) < settings.min_html_text_chars:
        raise SourceError(source, "no article text found in HTML")
    page_title = (getattr(document, "title", None) or "").strip() or (title or "").strip() or None
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    if page_title and paragraphs[0] != page_title:
        paragraphs.insert(0, page_title)
    # Blank lines between paragraphs, as in plain-text articles: a title without a full
    # stop then stays out of the first sentence.
    text = "\n\n".join(paragraphs)
    page_date = parse_date(getattr(document, "date", None))
    return Article.from_text(
        text,
        title=page_title,
        url=url,
        published=published or page_date or fallback_published,
        source=source,
    )


def read_html_file(
    path: str | Path, *, published: date | None = None
) -> Iterator[Article | SourceError]:
    """Read one HTML file: yields its ``Article`` or a ``SourceError``."""
    settings = load_settings()
    path = Path(path)
    try:
        data = read_file_bytes(path, settings)
        yield article_from_html(data, source=str(path), published=published, settings=settings)
    except SourceError as err:
        yield err
