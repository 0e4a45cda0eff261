"""Plain-text files: decoding, title, publication date, failures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tidings.errors import SourceError
from tidings.records import Article, content_id
from tidings.sources import read_inputs, read_text_file

BODY = (
    "Gunmen killed 12 villagers in central Mali on Monday, local officials said.\n\n"
    "The army said it had sent reinforcements to the area.\n"
)


def only(results: list[Article | SourceError]) -> Article | SourceError:
    assert len(results) == 1, results
    return results[0]


def test_text_file_becomes_article_with_title_and_whole_text(tmp_path: Path) -> None:
    path = tmp_path / "mali.txt"
    path.write_text("Twelve killed in Mali village attack\n\n" + BODY, encoding="utf-8")
    article = only(list(read_text_file(path)))
    assert isinstance(article, Article)
    assert article.title == "Twelve killed in Mali village attack"
    assert article.text.startswith("Twelve killed in Mali village attack\n\nGunmen killed")
    assert article.id == content_id(article.text)
    assert article.source == str(path)
    assert article.published is None


def test_long_first_line_is_not_a_title(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 60 + "\n\nsecond paragraph\n", encoding="utf-8")
    article = only(list(read_text_file(path)))
    assert isinstance(article, Article) and article.title is None


def test_utf8_bom_and_crlf_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfTitle\r\n\r\nCaf\xc3\xa9 attack in Bamako.\r\n")
    article = only(list(read_text_file(path)))
    assert isinstance(article, Article)
    assert article.text == "Title\n\nCafé attack in Bamako.\n"
    assert article.title == "Title"


def test_header_line_gives_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "dated.txt"
    path.write_text("Title\nPublished: 2024-03-12\n\n" + BODY, encoding="utf-8")
    article = only(list(read_text_file(path)))
    assert isinstance(article, Article)
    assert article.published == date(2024, 3, 12)
    assert article.title == "Title"


def test_wire_dateline_gives_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(
        "Sudan truce\n\nKHARTOUM, Sudan, March 4, 2024 (AFP) - The two sides signed a truce "
        "that takes effect on June 1, 2024.\n",
        encoding="utf-8",
    )
    article = only(list(read_text_file(path)))
    assert isinstance(article, Article) and article.published == date(2024, 3, 4)


def test_date_in_the_lead_sentence_is_not_taken_as_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "lead.txt"
    path.write_text("Title\n\nOn March 4, 2024, rebels seized the town.\n", encoding="utf-8")
    article = only(list(read_text_file(path)))
    assert isinstance(article, Article) and article.published is None


def test_user_published_wins_over_the_file_date(tmp_path: Path) -> None:
    path = tmp_path / "dated.txt"
    path.write_text("Title\nDate: 12 March 2024\n\n" + BODY, encoding="utf-8")
    article = only(list(read_text_file(path, published=date(2016, 6, 10))))
    assert isinstance(article, Article) and article.published == date(2016, 6, 10)


def test_failures_are_yielded_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 bomb".encode("latin-1"))
    reasons = {
        Path(err.source).name: err.reason
        for err in read_inputs(
            [str(tmp_path / n) for n in ("empty.txt", "binary.txt", "latin1.txt", "gone.txt")]
        )
        if isinstance(err, SourceError)
    }
    assert reasons == {
        "empty.txt": "empty",
        "binary.txt": "binary file",
        "latin1.txt": "not UTF-8 text",
        "gone.txt": "not found",
    }


def test_file_over_the_size_cap_is_refused(tmp_path: Path, sources_config) -> None:
    sources_config("max_file_bytes = 100\n")
    path = tmp_path / "big.txt"
    path.write_text("Title\n\n" + "x" * 200, encoding="utf-8")
    error = only(list(read_inputs([str(path)])))
    assert isinstance(error, SourceError) and error.reason.startswith("file too large")


def test_explicit_file_with_unknown_extension_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "story.article"
    path.write_text("Title\n\n" + BODY, encoding="utf-8")
    article = only(list(read_inputs([str(path)])))
    assert isinstance(article, Article) and article.title == "Title"
    binary = tmp_path / "photo.dat"
    binary.write_bytes(b"\x00\x01\x02\x03")
    error = only(list(read_inputs([str(binary)])))
    assert isinstance(error, SourceError) and error.reason == "binary file"
