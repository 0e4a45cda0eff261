"""The bundled examples/ directory: every file reads cleanly and every article is dated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tidings.records import Article
from tidings.sources import read_inputs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

pytestmark = pytest.mark.skipif(not EXAMPLES.is_dir(), reason=f"{EXAMPLES} not present")


def test_examples_yield_only_dated_articles_in_every_format() -> None:
    results = list(read_inputs([str(EXAMPLES)]))
    assert all(isinstance(r, Article) for r in results), [
        r for r in results if not isinstance(r, Article)
    ]
    articles = [r for r in results if isinstance(r, Article)]
    assert len(articles) == 11
    assert all(a.published is not None for a in articles)
    assert all(a.title for a in articles)
    assert len({a.id for a in articles}) == len(articles)
    suffixes = {Path(a.source.split("#")[0].split(":")[0]).name.split(".", 1)[1] for a in articles}
    assert suffixes == {"txt", "html", "jsonl", "xml", "warc.gz"}
    for article in articles:
        words = len(article.text.split())
        assert 150 <= words <= 400, (article.source, words)


def test_make_warc_reproduces_the_bundled_archive(tmp_path: Path) -> None:
    script = (
        "import sys, pathlib; sys.path.insert(0, sys.argv[1]); import make_warc; "
        "make_warc.build(pathlib.Path(sys.argv[2]))"
    )
    out = tmp_path / "rebuilt.warc.gz"
    subprocess.run([sys.executable, "-c", script, str(EXAMPLES), str(out)], check=True)
    assert out.read_bytes() == (EXAMPLES / "08_red_sea_crawl.warc.gz").read_bytes()
