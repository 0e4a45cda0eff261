"""WARC files written here with warcio: HTML responses become articles."""

from __future__ import annotations

import gzip
from datetime import date
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings.errors import SourceError
from tidings.records import Article
from tidings.sources import read_inputs, read_warc_file

from .helpers import news_page


def write_warc(
    path: Path, responses: list[tuple[str, str, str, bytes, str]], gz: bool = True
) -> Path:
    """responses: (uri, status line, content type, body, WARC-Date)."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for uri, status, content_type, body, warc_date in responses:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                uri,
                "response",
                payload=BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": warc_date},
            )
            writer.write_record(record)
    return path


def test_html_responses_become_articles_with_uri_and_dates(tmp_path: Path) -> None:
    path = write_warc(
        tmp_path / "crawl.warc.gz",
        [
            (
                "https://news.example/a",
                "200 OK",
                "text/html; charset=utf-8",
                news_page().encode(),
                "2024-06-19T10:00:00Z",
            ),
            (
                "https://news.example/logo.png",
                "200 OK",
                "image/png",
                b"\x89PNG\x00",
                "2024-06-19T10:00:01Z",
            ),
            (
                "https://news.example/gone",
                "404 Not Found",
                "text/html",
                b"<html>gone</html>",
                "2024-06-19T10:00:02Z",
            ),
            (
                "https://news.example/b",
                "200 OK",
                "text/html",
                news_page(published=None).encode(),
                "2024-06-20T08:00:00Z",
            ),
        ],
    )
    results = list(read_warc_file(path))
    assert all(isinstance(r, Article) for r in results), results
    first, second = results
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.url == "https://news.example/a" and second.url == "https://news.example/b"
    assert first.published == date(2024, 6, 18)  # the page's own date wins
    assert second.published == date(2024, 6, 20)  # WARC-Date as fallback
    assert first.source == f"{path}#1" and second.source == f"{path}#4"
    assert "tear gas" in first.text


def test_uncompressed_warc_is_read_by_extension(tmp_path: Path) -> None:
    path = write_warc(
        tmp_path / "crawl.warc",
        [
            (
                "https://news.example/a",
                "200 OK",
                "text/html",
                news_page().encode(),
                "2024-06-19T10:00:00Z",
            )
        ],
        gz=False,
    )
    (article,) = list(read_inputs([str(path)]))
    assert isinstance(article, Article) and article.url == "https://news.example/a"


def test_broken_warcs_are_errors(tmp_path: Path) -> None:
    not_warc = tmp_path / "notes.warc"
    not_warc.write_text("this is not a web archive\n", encoding="utf-8")
    good = write_warc(
        tmp_path / "good.warc.gz",
        [
            (
                "https://news.example/a",
                "200 OK",
                "text/html",
                news_page().encode(),
                "2024-06-19T10:00:00Z",
            ),
            (
                "https://news.example/b",
                "200 OK",
                "text/html",
                news_page().encode(),
                "2024-06-19T10:00:00Z",
            ),
        ],
    )
    data = good.read_bytes()
    truncated = tmp_path / "cut.warc.gz"
    truncated.write_bytes(data[: len(data) - 200])  # inside the second record
    cut_first = tmp_path / "cut1.warc.gz"
    cut_first.write_bytes(data[: len(data) // 3])
    no_pages = write_warc(
        tmp_path / "images.warc.gz",
        [("https://news.example/x.png", "200 OK", "image/png", b"\x89PNG", "2024-06-19T10:00:00Z")],
    )
    garbage_gz = tmp_path / "junk.warc.gz"
    garbage_gz.write_bytes(gzip.compress(b"\x00\x01 not a warc"))

    (error,) = list(read_warc_file(not_warc))
    assert isinstance(error, SourceError) and error.reason == "not a WARC file"
    cut = list(read_warc_file(truncated))
    assert isinstance(cut[0], Article)  # what was read before the break is kept
    assert isinstance(cut[-1], SourceError) and cut[-1].reason == "broken WARC at record 2"
    (error,) = list(read_warc_file(cut_first))
    assert isinstance(error, SourceError) and error.reason == "broken WARC at record 1"
    (error,) = list(read_warc_file(no_pages))
    assert isinstance(error, SourceError) and error.reason == "no HTML pages in WARC"
    (error,) = list(read_warc_file(garbage_gz))
    assert isinstance(error, SourceError) and error.reason == "not a WARC file"
