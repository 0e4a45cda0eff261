"""Hostile and corrupted inputs: every one gives an Article or a SourceError, never a crash."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tidings.errors import SourceError
from tidings.records import Article
from tidings.sources import read_inputs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def corrupt(data: bytes, rng: random.Random) -> bytes:
    """Flip, cut or splice bytes, as a bad disk, a broken download or an attacker would."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        position = rng.randrange(len(data))
        choice = rng.random()
        if choice < 0.5:
            data[position] = rng.randrange(256)
        elif choice < 0.8:
            del data[position : position + rng.randint(1, 200)]
        else:
            data[position:position] = rng.randbytes(rng.randint(1, 50))
    if rng.random() < 0.3:
        data = data[: rng.randrange(len(data) + 1)]
    return bytes(data)


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason=f"{EXAMPLES} not present")
def test_corrupted_examples_never_crash_the_batch(tmp_path: Path) -> None:
    rng = random.Random(20240612)
    originals = sorted(
        p for p in EXAMPLES.iterdir() if p.suffix in {".txt", ".html", ".jsonl", ".xml", ".gz"}
    )
    written = []
    for round_ in range(6):
        for original in originals:
            target = tmp_path / f"{round_}_{original.name}"
            target.write_bytes(corrupt(original.read_bytes(), rng))
            written.append(target)
    results = list(read_inputs([str(tmp_path)]))
    assert all(isinstance(r, (Article, SourceError)) for r in results)
    named = {Path(r.source.split("#")[0].rsplit(":", 1)[0]).name for r in results}
    assert named == {p.name for p in written}  # every corrupted file answered for itself
    assert not any(
        isinstance(r, SourceError) and r.reason.startswith("could not be read") for r in results
    ), [
        r
        for r in results
        if isinstance(r, SourceError) and r.reason.startswith("could not be read")
    ]


def test_random_bytes_under_article_extensions(tmp_path: Path) -> None:
    rng = random.Random(7)
    for suffix in (".txt", ".html", ".jsonl", ".xml", ".warc", ".warc.gz"):
        (tmp_path / f"noise{suffix}").write_bytes(rng.randbytes(4096))
    results = list(read_inputs([str(tmp_path)]))
    assert len(results) == 6
    assert all(isinstance(r, SourceError) for r in results)
