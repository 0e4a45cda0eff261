"""Shared fixtures. Heavy ones (the spaCy pipeline) are session-scoped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_27db448f5d0ecbff.txt"
SEED_PUBLISHED = date(2016, 6, 10)


@pytest.fixture(scope="session")
def nlp():
    """The full tidings spaCy pipeline (loaded once per test session)."""
    from tidings.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED} (../shared is absent)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def make_doc(nlp):
    """Run the full pipeline on a text with a publication date: make_doc(text, date)."""

    def _make(text: str, published: date | None = SEED_PUBLISHED, article_id: str = "test"):
        doc = nlp.make_doc(text)
        doc._.article_id = article_id
        doc._.published = published
        return nlp(doc)

    return _make
