"""RSS/Atom feeds: full content read offline, links fetched from a local server."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tidings.errors import SourceError
from tidings.records import Article
from tidings.sources import read_feed_file, read_inputs

from .helpers import PARAGRAPHS, LocalServer, Route, news_page, rss_feed, rss_item

CONTENT = "".join(f"<p>{para}</p>" for para in PARAGRAPHS)


def test_entries_with_full_content_need_no_network(tmp_path: Path) -> None:
    feed = rss_feed(
        [
            rss_item(
                "Tear gas in Nairobi",
                "http://127.0.0.1:9/never-fetched",
                "Tue, 18 Jun 2024 09:00:00 GMT",
                CONTENT,
            ),
            rss_item(
                "Second story",
                None,
                "Wed, 19 Jun 2024 07:00:00 +0300",
                CONTENT.replace("Tuesday", "Wednesday"),
            ),
        ]
    )
    path = tmp_path / "world.xml"
    path.write_text(feed, encoding="utf-8")
    first, second = list(read_feed_file(path))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.title == "Tear gas in Nairobi"
    assert first.text.startswith("Tear gas in Nairobi\n\nPolice fired tear gas")
    assert first.url == "http://127.0.0.1:9/never-fetched"
    assert first.published == date(2024, 6, 18)
    assert second.published == date(2024, 6, 19)
    assert (first.source, second.source) == (f"{path}#1", f"{path}#2")
    assert first.id != second.id


def test_atom_feed_with_content(tmp_path: Path) -> None:
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2024-06-18T10:00:00Z</updated>
<entry><title>Tear gas in Nairobi</title><id>urn:1</id><link href="https://wire.example/1"/>
<published>2024-06-18T09:00:00Z</published><updated>2024-06-18T10:00:00Z</updated>
<content type="html"><![CDATA[{CONTENT}]]></content></entry></feed>"""
    path = tmp_path / "wire.atom"
    path.write_text(atom, encoding="utf-8")
    (article,) = list(read_inputs([str(path)]))
    assert isinstance(article, Article)
    assert article.url == "https://wire.example/1" and article.published == date(2024, 6, 18)
    assert "Kenya Red Cross" in article.text


def test_entries_without_content_fetch_their_links(
    tmp_path: Path, local_server: LocalServer
) -> None:
    local_server.routes["/dated"] = Route(
        body=news_page().encode(), headers={"Content-Type": "text/html"}
    )
    local_server.routes["/undated"] = Route(
        body=news_page(published=None).encode(), headers={"Content-Type": "text/html"}
    )
    feed = rss_feed(
        [
            rss_item("A", local_server.url("/dated"), "Fri, 21 Jun 2024 09:00:00 GMT"),
            rss_item("B", local_server.url("/undated"), "Fri, 21 Jun 2024 09:00:00 GMT"),
            rss_item("C", local_server.url("/gone"), "Fri, 21 Jun 2024 09:00:00 GMT"),
        ]
    )
    path = tmp_path / "links.rss"
    path.write_text(feed, encoding="utf-8")
    dated, undated, gone = list(read_feed_file(path))
    assert isinstance(dated, Article) and dated.url == local_server.url("/dated")
    assert dated.published == date(2024, 6, 18)  # the page's own date wins
    assert isinstance(undated, Article) and undated.published == date(2024, 6, 21)  # entry date
    assert isinstance(gone, SourceError)
    assert (gone.source, gone.reason) == (local_server.url("/gone"), "HTTP 404")
    assert local_server.hits == {"/dated": 1, "/undated": 1, "/gone": 1}


def test_feed_url_yields_its_entries(local_server: LocalServer) -> None:
    local_server.routes["/page"] = Route(
        body=news_page().encode(), headers={"Content-Type": "text/html"}
    )
    feed = rss_feed(
        [
            rss_item("Full", None, "Tue, 18 Jun 2024 09:00:00 GMT", CONTENT),
            rss_item("Linked", local_server.url("/page"), "Tue, 18 Jun 2024 09:00:00 GMT"),
        ]
    )
    # Served as text/xml: recognised as a feed by its root element.
    local_server.routes["/feed"] = Route(body=feed.encode(), headers={"Content-Type": "text/xml"})
    results = list(read_inputs([local_server.url("/feed")]))
    assert [type(r) for r in results] == [Article, Article]
    assert results[1].url == local_server.url("/page")  # type: ignore[union-attr]


def test_feed_link_with_other_scheme_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.xml"
    path.write_text(
        rss_feed([rss_item("x", "file:///etc/passwd", "Tue, 18 Jun 2024 09:00:00 GMT")]),
        encoding="utf-8",
    )
    (error,) = list(read_feed_file(path))
    assert isinstance(error, SourceError) and error.reason == "unsupported URL scheme 'file'"


def test_malformed_and_empty_feeds(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel><title>unclosed", encoding="utf-8")
    not_feed = tmp_path / "notes.xml"
    not_feed.write_text("<?xml version='1.0'?><config><key>value</key></config>", encoding="utf-8")
    empty_feed = tmp_path / "quiet.xml"
    empty_feed.write_text(rss_feed([]), encoding="utf-8")
    reasons = [
        r.reason
        for r in read_inputs([str(broken), str(not_feed), str(empty_feed)])
        if isinstance(r, SourceError)
    ]
    assert reasons == ["not a feed", "not a feed", "feed has no entries"]


def test_cut_feed_keeps_the_entries_it_has(tmp_path: Path) -> None:
    whole = rss_feed([rss_item("Full", None, "Tue, 18 Jun 2024 09:00:00 GMT", CONTENT)] * 2)
    path = tmp_path / "cut.xml"
    path.write_text(whole[: whole.rindex("<item>") + len("<item><title>Fu")], encoding="utf-8")
    first, second = list(read_feed_file(path))
    assert isinstance(first, Article) and first.title == "Full"
    assert isinstance(second, SourceError) and second.reason == "entry has neither content nor link"
