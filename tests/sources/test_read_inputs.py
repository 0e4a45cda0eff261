"""read_inputs: directories, dispatch by extension, one bad file never stops a batch."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tidings.errors import SourceError
from tidings.records import Article
from tidings.sources import read_feed_file, read_inputs, read_path, read_warc_file, reader_for

from .helpers import news_page

STORY = "Troops mobilised\n\nThe government mobilised 5,000 troops on Monday, the defence ministry said.\n"


def make_tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text(STORY, encoding="utf-8")
    (root / "b" / "page.html").write_text(news_page(), encoding="utf-8")
    (root / "b" / "bad.txt").write_bytes(b"caf\xe9 not utf-8 \x80")
    (root / "c.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Shelling hit Kharkiv overnight."}) + "\n", encoding="utf-8"
    )
    (root / "README.md").write_text("# notes\n", encoding="utf-8")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\x00")
    (root / ".hidden.txt").write_text(STORY, encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD.txt").write_text(STORY, encoding="utf-8")


def test_directory_is_walked_in_sorted_order_and_bad_file_does_not_stop_it(tmp_path: Path) -> None:
    make_tree(tmp_path)
    (tmp_path / "notes.weird").write_text("what is this", encoding="utf-8")
    results = list(read_inputs([str(tmp_path)]))
    sources = [Path(r.source.split(":")[0]).relative_to(tmp_path).as_posix() for r in results]
    assert sources == ["a.txt", "b/bad.txt", "b/page.html", "c.jsonl", "notes.weird"]
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["Article", "SourceError", "Article", "Article", "SourceError"]
    assert results[1].reason == "not UTF-8 text"  # type: ignore[union-attr]
    assert results[4].reason == "unsupported file type '.weird'"  # type: ignore[union-attr]


def test_user_published_applies_to_every_article(tmp_path: Path) -> None:
    make_tree(tmp_path)
    articles = [
        r
        for r in read_inputs([str(tmp_path)], published=date(2016, 6, 10))
        if isinstance(r, Article)
    ]
    assert len(articles) == 3
    assert {a.published for a in articles} == {date(2016, 6, 10)}


def test_same_article_twice_gets_the_same_id(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "two.txt").write_text(STORY.replace("\n", "\r\n"), encoding="utf-8")
    first, second = list(read_path(tmp_path))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == second.id and first.source != second.source


def test_inputs_are_read_in_the_given_order(tmp_path: Path) -> None:
    (tmp_path / "z.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "a.txt").write_text(STORY + "More.\n", encoding="utf-8")
    results = list(
        read_inputs([str(tmp_path / "z.txt"), str(tmp_path / "missing"), str(tmp_path / "a.txt")])
    )
    assert [Path(r.source).name for r in results] == ["z.txt", "missing", "a.txt"]
    assert isinstance(results[1], SourceError) and results[1].reason == "not found"


def test_readers_are_chosen_by_extension() -> None:
    assert reader_for("x/feed.RSS") is read_feed_file
    assert reader_for("crawl.warc.gz") is read_warc_file
    assert reader_for("archive.tar.gz") is None
    assert reader_for("README") is None


def test_crashing_parser_becomes_a_source_error(tmp_path: Path, monkeypatch) -> None:
    from tidings import sources

    def explode(path: Path, *, published: date | None = None):
        yield from ()
        raise RuntimeError("parser bug")

    monkeypatch.setitem(sources.READERS, ".txt", explode)
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.html").write_text(news_page(), encoding="utf-8")
    results = list(read_inputs([str(tmp_path)]))
    assert (
        isinstance(results[0], SourceError)
        and results[0].reason == "could not be read (RuntimeError)"
    )
    assert isinstance(results[1], Article)
