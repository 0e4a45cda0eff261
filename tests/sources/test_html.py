"""HTML pages: body without boilerplate, title, date, encodings, failures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tidings.errors import SourceError
from tidings.records import Article, content_id
from tidings.sources import article_from_html, read_html_file, read_inputs

from .helpers import PARAGRAPHS, TITLE, news_page


def read_one(path: Path, **kwargs: object) -> Article | SourceError:
    results = list(read_html_file(path, **kwargs))  # type: ignore[arg-type]
    assert len(results) == 1, results
    return results[0]


def test_page_gives_title_body_and_date_without_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "nairobi.html"
    path.write_text(news_page(), encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.title == TITLE
    assert article.text.startswith(TITLE + "\n\n")
    assert article.text.count(TITLE) == 1  # the <h1> is not repeated after the title
    for para in PARAGRAPHS:
        assert para in article.text
    for boilerplate in ("Home", "Sport", "Ten recipes", "All rights reserved", "Privacy"):
        assert boilerplate not in article.text
    assert article.published == date(2024, 6, 18)
    assert article.id == content_id(article.text)


def test_time_element_gives_date_when_meta_is_absent(tmp_path: Path) -> None:
    html = news_page(published=None).replace(
        "<h1>",
        '<p class="byline">By Staff, <time datetime="2023-11-02">2 November 2023</time></p><h1>',
    )
    path = tmp_path / "timed.html"
    path.write_text(html, encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article) and article.published == date(2023, 11, 2)


def test_user_published_wins_over_page_date(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(news_page(), encoding="utf-8")
    article = read_one(path, published=date(2016, 6, 10))
    assert isinstance(article, Article) and article.published == date(2016, 6, 10)


def test_fallback_date_only_when_page_has_none() -> None:
    undated = article_from_html(
        news_page(published=None), source="x", fallback_published=date(2020, 1, 2)
    )
    dated = article_from_html(news_page(), source="x", fallback_published=date(2020, 1, 2))
    assert undated.published == date(2020, 1, 2)
    assert dated.published == date(2024, 6, 18)


def test_declared_charset_is_honoured(tmp_path: Path) -> None:
    html = news_page(paragraphs=tuple(p + " Café owners closed early." for p in PARAGRAPHS))
    html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    path = tmp_path / "cp1252.html"
    path.write_bytes(html.encode("cp1252"))
    article = read_one(path)
    assert isinstance(article, Article) and "Café owners" in article.text


def test_same_article_from_html_and_text_gets_same_id(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(news_page(), encoding="utf-8")
    from_html = read_one(page)
    assert isinstance(from_html, Article)
    text = tmp_path / "a.txt"
    text.write_text(from_html.text, encoding="utf-8")
    (from_text,) = list(read_inputs([str(text)]))
    assert isinstance(from_text, Article) and from_text.id == from_html.id


def test_page_without_article_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "nav.html"
    path.write_text(
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a>"
        "<a href='/world'>World</a></nav><footer>Contact us</footer></body></html>",
        encoding="utf-8",
    )
    error = read_one(path)
    assert isinstance(error, SourceError) and error.reason == "no article text found in HTML"


def test_malformed_and_binary_html_are_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text("<html><<<>>> <p", encoding="utf-8")
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"GIF89a\x00\x00\x01<html>")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    reasons = [
        r.reason
        for r in read_inputs([str(broken), str(binary), str(empty)])
        if isinstance(r, SourceError)
    ]
    assert reasons == ["no article text found in HTML", "binary file", "empty"]


def test_script_content_is_not_article_text(tmp_path: Path) -> None:
    html = news_page().replace("</h1>", "</h1><script>var injected = '<b>alert</b>';</script>")
    path = tmp_path / "script.html"
    path.write_text(html, encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article) and "injected" not in article.text
