"""Training the event classifier (``tidings train``), reproducibly from the repo.

Data: the team's sentences (``data/training/events.jsonl``, CC0) and, unless ``--no-gsr``,
the PLOVER gold-standard records (``../shared/data/plover-gsr``, CC BY-SA 4.0), whose
full sentences and ``(EVT: ...)`` markup we read here.

Each labelled sentence is parsed with the base spaCy pipeline and turned into the same
candidate clauses the ``tidings_events`` component builds. Training rows per sentence:
the whole sentence and the clause of its anchor predicate (the candidate inside the EVT
markup for GSR records; for team sentences the candidate whose lexicon hints include the
label, else the one nearest the root) get the label; in NONE sentences every candidate
clause is a NONE row. Other candidates of event sentences are left out (unlabelled).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from ..config import data_path, load_config
from ..errors import SourceError
from ..ontology import (
    GSR_LABEL_MAP,
    NO_EVENT,
    PLOVER_TYPES,
    TrainingExample,
    load_training_examples,
)
from ._encoder import ENCODER_VERSION, get_encoder
from .model import CLASSES, EventClassifier, features

__all__ = [
    "MODEL_VERSION",
    "LabelledSentence",
    "PreparedSentence",
    "default_gsr_path",
    "fit",
    "predict_sentence",
    "prepare",
    "read_gsr_sentences",
    "train",
    "training_rows",
]

#: Version of the shipped weights; bump when features or training rows change meaning.
MODEL_VERSION = 1
SEED = 13
_EVT_MARKUP = re.compile(r"\(EVT:\s*([^)]*)\)")


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    text: str
    label: str
    source: str  # "tidings-team" or "plover-gsr:<record id>"
    trigger_words: tuple[str, ...] = ()  # words of the annotated trigger, when known


@dataclass(slots=True)
class PreparedSentence:
    """One labelled sentence turned into classifier rows."""

    source: str
    label: str
    sentence_row: np.ndarray
    candidate_rows: np.ndarray  # [candidates, features]
    depths: list[int] = field(default_factory=list)  # dependency depth of each candidate
    anchor: int | None = None  # index of the candidate carrying the label


def default_gsr_path() -> Path:
    """``../shared/data/plover-gsr/PLOVER_GSR_CAMEO.json`` next to the repository."""
    root = Path(__file__).resolve().parents[3]
    return root.parent / "shared" / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"


def read_gsr_sentences(path: Path) -> list[LabelledSentence]:
    """The PLOVER gold-standard sentences with current labels and annotated trigger words."""
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(str(path), "file not found") from None
    except json.JSONDecodeError as exc:
        raise SourceError(str(path), f"invalid JSON ({exc.msg})") from None
    out: list[LabelledSentence] = []
    for index, record in enumerate(records):
        old = str(record.get("event", ""))
        label = GSR_LABEL_MAP.get(old, old)
        if label is None or not record.get("text"):
            continue
        if label not in PLOVER_TYPES:
            raise SourceError(f"{path}[{index}]", f"unknown PLOVER label {old!r}")
        info = record.get("textInfo")
        markup = str(info.get("markup", "")) if isinstance(info, dict) else ""
        words = tuple(w.lower() for span in _EVT_MARKUP.findall(markup) for w in span.split())
        out.append(LabelledSentence(record["text"], label, f"plover-gsr:{record.get('id', index)}", words))
    return out


def _depth(token: Any) -> int:
    depth = 0
    while token.head is not token and depth < 50:
        token = token.head
        depth += 1
    return depth


def _anchor(sentence: LabelledSentence, found: Sequence[Any], depths: Sequence[int]) -> int | None:
    if not found or sentence.label == NO_EVENT:
        return None
    if sentence.trigger_words:
        words = set(sentence.trigger_words)
        for i, candidate in enumerate(found):
            if candidate.token.lower_ in words:
                return i
    matching = [i for i, c in enumerate(found) if sentence.label in c.hints]
    pool = matching or list(range(len(found)))
    return min(pool, key=lambda i: (depths[i], i))


def prepare(sentences: Sequence[LabelledSentence], nlp: Any = None) -> list[PreparedSentence]:
    """Parse, build candidates and encode every clause and sentence (one encoder pass)."""
    import spacy

    from ..extract.events import candidates, lexicon_hints

    nlp = nlp or spacy.load(load_config()["nlp"]["model"])
    docs = list(nlp.pipe([s.text for s in sentences], batch_size=64))
    texts: list[str] = []
    hints: list[frozenset[str]] = []
    nouns: list[bool] = []
    layout: list[tuple[int, int, list[int], int | None]] = []  # sentence row, n candidates, depths, anchor
    for sentence, doc in zip(sentences, docs, strict=True):
        found = [c for sent in doc.sents for c in candidates(sent)]
        depths = [_depth(c.token) for c in found]
        anchor = _anchor(sentence, found, depths)
        root_hints = frozenset().union(*(lexicon_hints(s.root) or frozenset() for s in doc.sents))
        layout.append((len(texts), len(found), depths, anchor))
        texts.append(sentence.text)
        hints.append(found[anchor].hints if anchor is not None else root_hints)
        nouns.append(found[anchor].is_noun if anchor is not None else False)
        for candidate in found:
            texts.append(candidate.clause)
            hints.append(candidate.hints)
            nouns.append(candidate.is_noun)
    x = features(get_encoder().encode(texts), hints, nouns)
    return [
        PreparedSentence(s.source, s.label, x[row], x[row + 1 : row + 1 + n], depths, anchor)
        for s, (row, n, depths, anchor) in zip(sentences, layout, strict=True)
    ]


def training_rows(items: Sequence[PreparedSentence]) -> tuple[np.ndarray, list[str]]:
    rows: list[np.ndarray] = []
    labels: list[str] = []
    for item in items:
        rows.append(item.sentence_row)
        labels.append(item.label)
        if item.label == NO_EVENT:
            rows.extend(item.candidate_rows)
            labels.extend([NO_EVENT] * len(item.candidate_rows))
        elif item.anchor is not None:
            rows.append(item.candidate_rows[item.anchor])
            labels.append(item.label)
    return np.vstack(rows), labels


def predict_sentence(model: EventClassifier, item: PreparedSentence, min_confidence: float) -> str:
    """The sentence's event type as the component would report it: the most confident
    trigger above ``min_confidence``; NONE when no candidate is an event."""
    if not len(item.candidate_rows):
        return NO_EVENT
    probs = model.probabilities(item.candidate_rows)
    none = CLASSES.index(NO_EVENT)
    best_label, best_p = NO_EVENT, -1.0
    for row in probs:
        k = int(row.argmax())
        if k != none and row[k] >= min_confidence and row[k] > best_p:
            best_label, best_p = CLASSES[k], float(row[k])
    return best_label


def fit(items: Sequence[PreparedSentence], seed: int = SEED) -> EventClassifier:
    x, labels = training_rows(items)
    cfg = load_config()["events"]
    return EventClassifier.fit(
        x, labels, l2=float(cfg["train_l2"]), epochs=int(cfg["train_epochs"]), seed=seed
    )


def _data_hash(sentences: Sequence[LabelledSentence]) -> str:
    digest = hashlib.sha256()
    for s in sentences:
        digest.update(f"{s.label}\t{s.text}\n".encode())
    return digest.hexdigest()[:16]


def team_sentences(examples: Sequence[TrainingExample] | None = None) -> list[LabelledSentence]:
    examples = examples if examples is not None else load_training_examples()
    return [LabelledSentence(e.text, e.type, e.source) for e in examples]


def train(out: Path | None = None, *, include_gsr: bool = True, gsr_path: Path | None = None) -> Path:
    """Train on the team's data (+ the PLOVER GSR) and write versioned weights; return the path."""
    sentences = team_sentences()
    if include_gsr:
        sentences += read_gsr_sentences(gsr_path or default_gsr_path())
    items = prepare(sentences)
    model = fit(items)
    _, labels = training_rows(items)
    model.metadata = {
        "version": MODEL_VERSION,
        "encoder": ENCODER_VERSION,
        "training_data_sha256": _data_hash(sentences),
        "sentences": len(sentences),
        "rows": len(labels),
        "gsr": include_gsr,
        "seed": SEED,
        "trained": date.today().isoformat(),
        "licence": "CC BY-SA 4.0 (derived from PLOVER GSR, Open Event Data Alliance)"
        if include_gsr
        else "CC0 1.0 (tidings team sentences only)",
    }
    target = (out / f"event_classifier-v{MODEL_VERSION}.npz") if out else data_path(
        str(load_config()["events"]["classifier_weights"])
    )
    return model.save(target)
