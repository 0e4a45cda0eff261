"""The event-type classifier: multinomial logistic regression over clause features.

Features are the clause embedding (384 floats from the sentence encoder) followed by the
lexicon hints of the trigger lemma (one flag per PLOVER type) and a noun-trigger flag;
``features()`` builds them so training and inference cannot drift apart.
Weights are a small ``.npz`` (about 30 kB) with a JSON metadata record: version, classes,
encoder, training-data hash and licence. Training is plain numpy (full-batch L-BFGS-free
gradient descent with Adam), seeded, so ``tidings train`` reproduces the shipped file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..config import data_path, load_config
from ..errors import ModelError
from ..ontology import NO_EVENT, PLOVER_TYPES

__all__ = ["CLASSES", "EventClassifier", "default_weights_path", "features", "load_classifier"]

#: Output classes: the 16 PLOVER types, then NONE (not an event).
CLASSES: tuple[str, ...] = (*PLOVER_TYPES, NO_EVENT)


def features(embeddings: np.ndarray, hints: Sequence[frozenset[str]], is_noun: Sequence[bool]) -> np.ndarray:
    """Classifier input: embeddings ++ lexicon-hint flags per PLOVER type ++ noun flag."""
    extra = np.zeros((len(hints), len(PLOVER_TYPES) + 1), dtype=np.float32)
    for row, (types, noun) in enumerate(zip(hints, is_noun, strict=True)):
        for col, name in enumerate(PLOVER_TYPES):
            if name in types:
                extra[row, col] = 1.0
        extra[row, -1] = 1.0 if noun else 0.0
    return np.hstack([embeddings.astype(np.float32), extra])


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    out: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
    return out


@dataclass
class EventClassifier:
    """Softmax regression: ``probabilities(x) = softmax(x @ weights + bias)``."""

    weights: np.ndarray  # [n_features, n_classes]
    bias: np.ndarray  # [n_classes]
    classes: tuple[str, ...] = CLASSES
    metadata: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def fit(
        cls,
        x: np.ndarray,
        labels: Sequence[str],
        *,
        l2: float = 1e-3,
        epochs: int = 400,
        learning_rate: float = 0.05,
        seed: int = 13,
        sample_weight: np.ndarray | None = None,
    ) -> EventClassifier:
        """Fit on ``x`` (rows of ``features()``) and string labels; deterministic for a seed."""
        index = {name: i for i, name in enumerate(CLASSES)}
        try:
            y = np.array([index[label] for label in labels])
        except KeyError as exc:
            raise ModelError(f"training label {exc.args[0]!r} is not a PLOVER type or NONE") from None
        rng = np.random.default_rng(seed)
        n, d = x.shape
        k = len(CLASSES)
        w = rng.normal(0.0, 0.01, size=(d, k))
        b = np.zeros(k)
        onehot = np.eye(k)[y]
        # Balanced class weights so rare types are not drowned by NONE and ASSAULT.
        counts = np.bincount(y, minlength=k).astype(float)
        class_weight = np.where(counts > 0, n / (k * np.maximum(counts, 1)), 0.0)
        weight = class_weight[y] * (sample_weight if sample_weight is not None else 1.0)
        weight = weight / weight.sum()
        xx = x.astype(np.float64)
        m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
        beta1, beta2, eps = 0.9, 0.999, 1e-8
        for step in range(1, epochs + 1):
            probs = _softmax(xx @ w + b)
            residual = (probs - onehot) * weight[:, None]
            grad_w = xx.T @ residual + l2 * w
            grad_b = residual.sum(axis=0)
            m_w = beta1 * m_w + (1 - beta1) * grad_w
            v_w = beta2 * v_w + (1 - beta2) * grad_w**2
            m_b = beta1 * m_b + (1 - beta1) * grad_b
            v_b = beta2 * v_b + (1 - beta2) * grad_b**2
            correction1, correction2 = 1 - beta1**step, 1 - beta2**step
            w -= learning_rate * (m_w / correction1) / (np.sqrt(v_w / correction2) + eps)
            b -= learning_rate * (m_b / correction1) / (np.sqrt(v_b / correction2) + eps)
        return cls(weights=w.astype(np.float32), bias=b.astype(np.float32))

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, ``[rows, len(classes)]``, each row summing to 1."""
        if x.shape[1] != self.weights.shape[0]:
            raise ModelError(
                f"classifier expects {self.weights.shape[0]} features, got {x.shape[1]}"
            )
        return _softmax(x.astype(np.float32) @ self.weights + self.bias)

    def predict(self, x: np.ndarray) -> list[str]:
        return [self.classes[i] for i in self.probabilities(x).argmax(axis=1)]

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = dict(self.metadata, classes=list(self.classes))
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                weights=self.weights.astype(np.float32),
                bias=self.bias.astype(np.float32),
                metadata=np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
            )
        return path

    @classmethod
    def load(cls, path: Path) -> EventClassifier:
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(bytes(data["metadata"]).decode())
                model = cls(
                    weights=data["weights"], bias=data["bias"], classes=tuple(meta["classes"]), metadata=meta
                )
        except FileNotFoundError:
            raise ModelError(f"{path}: classifier weights not found; run `tidings train`") from None
        except (KeyError, ValueError, OSError) as exc:
            raise ModelError(f"{path}: unreadable classifier weights ({exc})") from None
        if model.classes != CLASSES:
            raise ModelError(f"{path}: classes {model.classes} differ from this tidings version's")
        return model


def default_weights_path() -> Path:
    """The shipped weights named by ``[events] classifier_weights`` in defaults.toml."""
    return data_path(str(load_config()["events"]["classifier_weights"]))


@lru_cache(maxsize=4)
def load_classifier(path: str | None = None) -> EventClassifier:
    """Load (and cache) the classifier weights; default: the shipped file."""
    return EventClassifier.load(Path(path) if path else default_weights_path())
