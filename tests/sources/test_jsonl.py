"""JSON Lines: ids kept, per-line errors, the batch goes on."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tidings.errors import SourceError
from tidings.records import Article, content_id
from tidings.sources import read_jsonl_file

TEXT = "Rebels shelled the town of Kidal on Sunday, killing three civilians, officials said."


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_lines_become_articles_with_given_ids_and_dates(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "batch.jsonl",
        [
            json.dumps(
                {
                    "id": "afp-001",
                    "text": TEXT,
                    "title": "Kidal shelled",
                    "url": "https://e.org/1",
                    "published": "2024-02-11",
                }
            ),
            "",
            json.dumps({"text": TEXT + " More.", "published": "2024-02-12T18:30:00+01:00"}),
        ],
    )
    first, second = list(read_jsonl_file(path))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.title, first.url, first.published) == (
        "afp-001",
        "Kidal shelled",
        "https://e.org/1",
        date(2024, 2, 11),
    )
    assert first.source == f"{path}:1"
    assert second.id == content_id(TEXT + " More.")
    assert second.published == date(2024, 2, 12)
    assert second.source == f"{path}:3"


def test_bad_lines_are_named_and_the_rest_go_on(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "mixed.jsonl",
        [
            json.dumps({"id": "ok-1", "text": TEXT}),
            '{"id": "broken", "text": ',
            '["not", "an", "object"]',
            '{"id": "no-text"}',
            '{"id": "bad-date", "text": "x", "published": "sometime soon"}',
            '{"id": 7, "text": "Seven", "title": 3}',
            json.dumps({"id": "ok-2", "text": TEXT}),
        ],
    )
    results = list(read_jsonl_file(path))
    assert [r.id for r in results if isinstance(r, Article)] == ["ok-1", "ok-2"]
    errors = {r.source: r.reason for r in results if isinstance(r, SourceError)}
    assert set(errors) == {f"{path}:{n}" for n in (2, 3, 4, 5, 6)}
    assert errors[f"{path}:2"].startswith("invalid JSON")
    assert errors[f"{path}:3"] == "not a JSON object"
    assert errors[f"{path}:4"] == "missing 'text'"
    assert errors[f"{path}:5"] == "invalid 'published' date 'sometime soon'"
    assert errors[f"{path}:6"] == "'title' must be a string"


def test_undecodable_line_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "enc.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n{"id": "good", "text": "fine"}\n')
    bad, good = list(read_jsonl_file(path))
    assert isinstance(bad, SourceError) and bad.reason == "not UTF-8 text"
    assert isinstance(good, Article) and good.id == "good"


def test_user_published_wins_over_record_date(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "d.jsonl", [json.dumps({"text": TEXT, "published": "2024-02-11"})]
    )
    (article,) = list(read_jsonl_file(path, published=date(2016, 6, 10)))
    assert isinstance(article, Article) and article.published == date(2016, 6, 10)


def test_whole_file_failures(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b"\x00\x01\x02\n\x03")
    assert [(e.source, e.reason) for e in read_jsonl_file(empty)] == [(str(empty), "empty")]  # type: ignore[union-attr]
    assert [(e.source, e.reason) for e in read_jsonl_file(binary)] == [(str(binary), "binary file")]  # type: ignore[union-attr]
    missing = list(read_jsonl_file(tmp_path / "gone.jsonl"))
    assert isinstance(missing[0], SourceError) and missing[0].reason == "not found"
