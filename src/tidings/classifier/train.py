"""Training the event classifier (``tidings train``), reproducibly from the repo.

Data: the team's sentences (``data/training/events.jsonl``, CC0) and, unless ``--no-gsr``,
the PLOVER gold-standard records (``../shared/data/plover-gsr``, CC BY-SA 4.0), read by
``tidings.ontology.read_gsr_records`` (sentence ``text`` and ``(EVT: ...)`` trigger words).

Each labelled sentence is parsed with the base spaCy pipeline and turned into the same
candidate clauses the ``tidings_events`` component builds. Training rows per sentence:
the clause of its anchor predicate (the candidate inside the EVT markup for GSR records;
for team sentences the candidate whose lexicon hints include the label, else the one
nearest the root) gets the label (and, with ``[events] train_sentence_rows``, the whole
sentence too); in NONE sentences every candidate clause is a NONE row. Other candidates
of event sentences become NONE rows only where that is safe (``train_other_none``): their
lexicon hints exclude the label and the GSR markup does not mark them; the rest are left
out (unlabelled).

With ``--tune-encoder`` (needs torch) the encoder's top layers are first fine-tuned on the
same rows (``_tune``), saved to ``[events] encoder_tuning``, and the sentences encoded again
with them before the classifier is fitted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from ..config import data_path, load_config
from ..errors import ModelError
from ..ontology import (
    NO_EVENT,
    TrainingExample,
    load_training_examples,
    read_gsr_records,
)
from ._encoder import (
    EMBEDDING_DIM,
    ENCODER_VERSION,
    SentenceEncoder,
    encoder_id,
    get_encoder,
    tuning_path,
)
from ._export import save_tuning
from .model import CLASSES, EventClassifier, features

__all__ = [
    "MODEL_VERSION",
    "LabelledSentence",
    "PreparedSentence",
    "default_gsr_path",
    "fit",
    "gsr_sentences",
    "predict_sentence",
    "prepare",
    "reencoded",
    "train",
    "training_rows",
    "tuning_rows",
]

#: Version of the shipped weights; bump when features or training rows change meaning.
MODEL_VERSION = 8
SEED = 13


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
    sentences: list[int] = field(default_factory=list)  # ``events.sentence_keys`` of each candidate
    committed: list[bool] = field(default_factory=list)  # ``events.commits_to`` of each candidate
    refused: list[str] = field(default_factory=list)  # ``events.refuses`` of each candidate
    anchor: int | None = None  # index of the candidate carrying the label
    safe_none: list[bool] = field(default_factory=list)  # non-anchor candidates that are not the event
    texts: list[str] = field(default_factory=list)  # the sentence, then each candidate's clause


def default_gsr_path() -> Path:
    """``../shared/data/plover-gsr/PLOVER_GSR_CAMEO.json`` next to the repository."""
    root = Path(__file__).resolve().parents[3]
    return root.parent / "shared" / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"


def gsr_sentences(path: Path) -> list[LabelledSentence]:
    """The PLOVER gold-standard sentences (current labels, annotated trigger words)."""
    return [
        LabelledSentence(text, label, f"plover-gsr:{record_id}", words)
        for record_id, label, text, words in read_gsr_records(path, triggers=True)
    ]


def _anchor(sentence: LabelledSentence, found: Sequence[Any], depths: Sequence[int]) -> int | None:
    if not found or sentence.label == NO_EVENT:
        return None
    words = set(sentence.trigger_words)
    marked = [i for i, c in enumerate(found) if c.token.lower_ in words]
    matching = [i for i, c in enumerate(found) if sentence.label in c.hints]
    pool = [i for i in marked if i in matching] or marked or matching or list(range(len(found)))
    return min(pool, key=lambda i: (depths[i], i))


def _safe_none(sentence: LabelledSentence, found: Sequence[Any], anchor: int | None) -> list[bool]:
    """Candidates of an event sentence that can be taught as NONE: not the anchor, not
    marked as a trigger, and with lexicon hints that exclude the sentence's type."""
    if sentence.label == NO_EVENT:
        return [True] * len(found)
    words = set(sentence.trigger_words)
    return [
        i != anchor and c.token.lower_ not in words and sentence.label not in c.hints
        for i, c in enumerate(found)
    ]


def prepare(
    sentences: Sequence[LabelledSentence], nlp: Any = None, encoder: SentenceEncoder | None = None
) -> list[PreparedSentence]:
    """Parse, build candidates and encode every clause and sentence (one encoder pass; the
    shared tuned encoder unless ``encoder`` is given)."""
    import spacy

    from ..extract.events import candidates, commits_to, lexicon_hints, refuses, sentence_keys

    nlp = nlp or spacy.load(load_config()["nlp"]["model"])
    docs = list(nlp.pipe([s.text for s in sentences], batch_size=64))
    texts: list[str] = []
    hints: list[frozenset[str]] = []
    nouns: list[bool] = []
    # sentence row, n candidates, depths, sentence keys, commitments, refusals, anchor, safe NONE flags
    layout: list[tuple[int, int, list[int], list[int], list[bool], list[str], int | None, list[bool]]] = []
    for sentence, doc in zip(sentences, docs, strict=True):
        found = [c for sent in doc.sents for c in candidates(sent)]
        depths = [c.depth for c in found]
        anchor = _anchor(sentence, found, depths)
        root_hints = frozenset().union(*(lexicon_hints(s.root) or frozenset() for s in doc.sents))
        committed = [commits_to(c.token) for c in found]
        refused = [refuses(c.token) for c in found]
        safe = _safe_none(sentence, found, anchor)
        layout.append((len(texts), len(found), depths, sentence_keys(found), committed, refused, anchor, safe))
        texts.append(sentence.text)
        hints.append(found[anchor].hints if anchor is not None else root_hints)
        nouns.append(found[anchor].is_noun if anchor is not None else False)
        for candidate in found:
            texts.append(candidate.clause)
            hints.append(candidate.hints)
            nouns.append(candidate.is_noun)
    x = features((encoder or get_encoder()).encode(texts), hints, nouns)
    return [
        PreparedSentence(
            s.source, s.label, x[row], x[row + 1 : row + 1 + n], depths, keys, committed, refused, anchor, safe,
            texts[row : row + 1 + n],
        )
        for s, (row, n, depths, keys, committed, refused, anchor, safe) in zip(sentences, layout, strict=True)
    ]


def reencoded(items: Sequence[PreparedSentence], encoder: SentenceEncoder) -> list[PreparedSentence]:
    """``items`` with their texts encoded again by ``encoder`` (the other features kept)."""
    texts = [text for item in items for text in item.texts]
    embeddings = encoder.encode(texts)
    out: list[PreparedSentence] = []
    row = 0
    for item in items:
        n = len(item.texts)
        rows = np.vstack([item.sentence_row, item.candidate_rows]) if len(item.candidate_rows) else item.sentence_row[None]
        rows = np.hstack([embeddings[row : row + n], rows[:, EMBEDDING_DIM:]]).astype(np.float32)
        out.append(replace(item, sentence_row=rows[0], candidate_rows=rows[1:] if n > 1 else item.candidate_rows))
        row += n
    return out


def _row_plan(
    items: Sequence[PreparedSentence],
    sentence_rows: bool | None = None,
    other_none: float | None = None,
    gsr_weight: float | None = None,
) -> list[tuple[PreparedSentence, int, str, float]]:
    """(item, row: -1 for the sentence else its candidate's index, label, weight) of every
    training row (see the module docstring and ``training_rows``)."""
    cfg = load_config()["events"]
    sentence_rows = bool(cfg["train_sentence_rows"]) if sentence_rows is None else sentence_rows
    other_none = float(cfg["train_other_none"]) if other_none is None else other_none
    gsr_weight = float(cfg["train_gsr_weight"]) if gsr_weight is None else gsr_weight
    plan: list[tuple[PreparedSentence, int, str, float]] = []
    for item in items:
        # Real news sentences (the PLOVER records) count more than the team's written ones.
        scale = gsr_weight if item.source.startswith("plover-gsr") else 1.0
        if sentence_rows or not len(item.candidate_rows):
            plan.append((item, -1, item.label, scale))
        if item.label == NO_EVENT:
            plan.extend((item, row, NO_EVENT, scale) for row in range(len(item.candidate_rows)))
            continue
        if item.anchor is not None:
            plan.append((item, item.anchor, item.label, scale))
        if other_none > 0:
            plan.extend((item, row, NO_EVENT, other_none * scale) for row, safe in enumerate(item.safe_none) if safe)
    return plan


def training_rows(
    items: Sequence[PreparedSentence],
    *,
    sentence_rows: bool | None = None,
    other_none: float | None = None,
    gsr_weight: float | None = None,
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Rows, labels and sample weights (see the module docstring); ``None`` arguments
    come from ``[events] train_sentence_rows`` / ``train_other_none`` (the weight of a safe
    NONE row of an event sentence; 0 leaves them out) and ``train_gsr_weight`` (the weight of
    the PLOVER gold-standard records' rows)."""
    plan = _row_plan(items, sentence_rows, other_none, gsr_weight)
    rows = [item.sentence_row if row < 0 else item.candidate_rows[row] for item, row, _, _ in plan]
    return np.vstack(rows), [label for *_, label, _ in plan], np.array([weight for *_, weight in plan])


def tuning_rows(items: Sequence[PreparedSentence]) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """The training rows as texts for tuning the encoder: texts, labels, weights and each
    row's lexicon-hint and noun flags (the features after the embedding)."""
    plan = _row_plan(items)
    texts = [item.texts[row + 1] for item, row, _, _ in plan]
    flags = np.vstack([(item.sentence_row if row < 0 else item.candidate_rows[row])[EMBEDDING_DIM:] for item, row, _, _ in plan])
    return texts, [label for *_, label, _ in plan], np.array([weight for *_, weight in plan]), flags


def predict_sentence(model: EventClassifier, item: PreparedSentence, min_confidence: float) -> str:
    """The sentence's event type as the component would report it: the most confident
    trigger (probability times ``salience_weights``) above ``min_confidence``, typed as the
    component types it (``stance_type``: commitments, refusals); NONE when no candidate is
    an event."""
    from ..extract.events import salience_weights, stance_type

    if not len(item.candidate_rows):
        return NO_EVENT
    probs = model.event_probabilities(item.candidate_rows)
    none = CLASSES.index(NO_EVENT)
    is_event = [int(row.argmax()) != none and float(row.max()) >= min_confidence for row in probs]
    weights = salience_weights(item.depths, item.sentences, is_event)
    best_label, best_p = NO_EVENT, -1.0
    for row, weight, committed, refused in zip(probs, weights, item.committed, item.refused, strict=True):
        k = int(row.argmax())
        confidence = float(row[k]) * weight
        if k != none and confidence >= min_confidence and confidence > best_p:
            best_label, _, _ = stance_type(CLASSES[k], committed, refused)
            best_p = confidence
    return best_label


def fit(items: Sequence[PreparedSentence], seed: int = SEED, **overrides: Any) -> EventClassifier:
    """Train on prepared sentences with the ``[events] train_*`` settings (or ``overrides``:
    sentence_rows, other_none, gsr_weight, hidden, l2, epochs, learning_rate)."""
    cfg = load_config()["events"]
    x, labels, weights = training_rows(
        items,
        sentence_rows=overrides.get("sentence_rows"),
        other_none=overrides.get("other_none"),
        gsr_weight=overrides.get("gsr_weight"),
    )
    return EventClassifier.fit(
        x,
        labels,
        l2=float(overrides.get("l2", cfg["train_l2"])),
        epochs=int(overrides.get("epochs", cfg["train_epochs"])),
        learning_rate=float(overrides.get("learning_rate", cfg["train_learning_rate"])),
        hidden=int(overrides.get("hidden", cfg["train_hidden"])),
        sample_weight=weights,
        seed=seed,
    )


def _data_hash(sentences: Sequence[LabelledSentence]) -> str:
    digest = hashlib.sha256()
    for s in sentences:
        digest.update(f"{s.label}\t{s.text}\n".encode())
    return digest.hexdigest()[:16]


def team_sentences(examples: Sequence[TrainingExample] | None = None) -> list[LabelledSentence]:
    examples = examples if examples is not None else load_training_examples()
    return [LabelledSentence(e.text, e.type, e.source) for e in examples]


def tune_encoder(items: Sequence[PreparedSentence], seed: int = SEED) -> dict[str, np.ndarray]:
    """Fine-tune the encoder's top layers on the rows of ``items`` (``[events] tune_*``)."""
    from ._tune import tune_top_layers

    cfg = load_config()["events"]
    texts, labels, weights, flags = tuning_rows(items)
    return tune_top_layers(
        texts,
        labels,
        weights,
        flags,
        layers=int(cfg["tune_layers"]),
        epochs=float(cfg["tune_epochs"]),
        learning_rate=float(cfg["tune_learning_rate"]),
        seed=seed,
    )


def train(
    out: Path | None = None, *, include_gsr: bool = True, gsr_path: Path | None = None, tune: bool = False
) -> Path:
    """Train on the team's data (+ the PLOVER GSR) and write versioned weights; return the path.
    With ``tune`` (needs torch), first fine-tune the encoder's top layers and write them to
    ``[events] encoder_tuning`` (the encoder is re-exported with them)."""
    sentences = team_sentences()
    if include_gsr:
        sentences += gsr_sentences(gsr_path or default_gsr_path())
    if tune:
        target = tuning_path()
        if target is None:
            raise ModelError("[events] encoder_tuning names no file to write the tuned layers to")
        base_items = prepare(sentences, encoder=SentenceEncoder(tuned=False))
        save_tuning(target, tune_encoder(base_items), {
            "base": ENCODER_VERSION, "layers": int(load_config()["events"]["tune_layers"]),
            "training_data_sha256": _data_hash(sentences), "seed": SEED, "trained": date.today().isoformat(),
            "licence": "CC BY-SA 4.0 (derived from PLOVER GSR, Open Event Data Alliance) and Apache-2.0 "
            "(all-MiniLM-L6-v2)" if include_gsr else "Apache-2.0 (all-MiniLM-L6-v2)",
        })
        get_encoder.cache_clear()
        items = reencoded(base_items, get_encoder())
    else:
        items = prepare(sentences)
    model = fit(items)
    _, labels, _ = training_rows(items)
    model.metadata = {
        "version": MODEL_VERSION,
        "encoder": encoder_id(),
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
