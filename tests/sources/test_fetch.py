"""The URL fetcher against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import time
from datetime import date

import pytest

from tidings.errors import SourceError
from tidings.records import Article
from tidings.sources import fetch_url, read_inputs
from tidings.sources._common import load_settings

from .helpers import LocalServer, Route, news_page


def settings(**changes: object):
    return dataclasses.replace(load_settings(), **changes)


def test_page_is_fetched_with_user_agent(local_server: LocalServer) -> None:
    local_server.routes["/a.html"] = Route(
        body=news_page().encode(), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    fetched = fetch_url(local_server.url("/a.html"))
    assert fetched.content == news_page().encode()
    assert (fetched.media_type, fetched.charset) == ("text/html", "utf-8")
    assert fetched.url == local_server.url("/a.html")


def test_url_input_becomes_article_with_url(local_server: LocalServer) -> None:
    local_server.routes["/story"] = Route(
        body=news_page().encode(), headers={"Content-Type": "text/html"}
    )
    (article,) = list(read_inputs([local_server.url("/story")]))
    assert isinstance(article, Article)
    assert article.url == local_server.url("/story")
    assert article.source == local_server.url("/story")
    assert article.published == date(2024, 6, 18)
    assert "tear gas" in article.text


def test_plain_text_url_is_read_as_text(local_server: LocalServer) -> None:
    body = "Army mobilises reserves\n\nThe army called up reservists on Friday.\n"
    local_server.routes["/t"] = Route(
        body=body.encode(), headers={"Content-Type": "text/plain; charset=utf-8"}
    )
    (article,) = list(read_inputs([local_server.url("/t")]))
    assert isinstance(article, Article) and article.title == "Army mobilises reserves"


def test_size_cap_by_header_and_while_streaming(local_server: LocalServer) -> None:
    body = b"<html><body>" + b"<p>word</p>" * 2000 + b"</body></html>"
    local_server.routes["/declared"] = Route(body=body, headers={"Content-Type": "text/html"})
    local_server.routes["/streamed"] = Route(
        body=body, headers={"Content-Type": "text/html"}, chunks=20
    )
    small = settings(max_bytes=5000)
    for path in ("/declared", "/streamed"):
        with pytest.raises(SourceError, match="response too large"):
            fetch_url(local_server.url(path), settings=small)


def test_slow_server_times_out(local_server: LocalServer) -> None:
    local_server.routes["/slow"] = Route(body=b"late", delay_s=2.0)
    started = time.monotonic()
    with pytest.raises(SourceError, match="timed out after 0.3s"):
        fetch_url(local_server.url("/slow"), settings=settings(timeout_s=0.3))
    assert time.monotonic() - started < 1.5


def test_other_schemes_are_refused_without_fetching() -> None:
    results = list(read_inputs(["file:///etc/passwd", "ftp://example.org/news.txt"]))
    assert [(r.source, r.reason) for r in results if isinstance(r, SourceError)] == [
        ("file:///etc/passwd", "unsupported URL scheme 'file'"),
        ("ftp://example.org/news.txt", "unsupported URL scheme 'ftp'"),
    ]
    with pytest.raises(SourceError, match="unsupported URL scheme 'file'"):
        fetch_url("file:///etc/passwd")


def test_redirects_are_followed_but_not_to_other_schemes(local_server: LocalServer) -> None:
    local_server.routes["/final"] = Route(
        body=news_page().encode(), headers={"Content-Type": "text/html"}
    )
    local_server.routes["/moved"] = Route(status=302, headers={"Location": "/final"})
    local_server.routes["/to-file"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    local_server.routes["/loop"] = Route(status=301, headers={"Location": "/loop"})
    assert fetch_url(local_server.url("/moved")).url == local_server.url("/final")
    with pytest.raises(
        SourceError, match=r"unsupported URL scheme 'file' \(redirected to file:///etc/passwd\)"
    ):
        fetch_url(local_server.url("/to-file"))
    with pytest.raises(SourceError, match="too many redirects"):
        fetch_url(local_server.url("/loop"), settings=settings(max_redirects=3))
    assert local_server.hits["/loop"] == 4


def test_http_errors_and_unreachable_hosts_are_source_errors(local_server: LocalServer) -> None:
    with pytest.raises(SourceError, match="HTTP 404"):
        fetch_url(local_server.url("/missing"))
    # Port 9 on localhost (discard) is closed in test environments: connection refused.
    with pytest.raises(SourceError, match="fetch failed"):
        fetch_url("http://127.0.0.1:9/", settings=settings(timeout_s=2.0))


def test_batch_goes_on_after_a_failed_url(local_server: LocalServer) -> None:
    local_server.routes["/ok"] = Route(
        body=news_page().encode(), headers={"Content-Type": "text/html"}
    )
    results = list(read_inputs([local_server.url("/missing"), local_server.url("/ok")]))
    assert isinstance(results[0], SourceError) and results[0].reason == "HTTP 404"
    assert isinstance(results[1], Article)
