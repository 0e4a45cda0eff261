"""The event-type classifier: softmax regression (optionally one ReLU hidden layer) over clause features.

Features are the clause embedding (384 floats from the sentence encoder) followed by the
lexicon hints of the trigger lemma (one flag per PLOVER type) and a noun-trigger flag;
``features()`` builds them so training and inference cannot drift apart.
Weights are a small ``.npz`` (about 200 kB with the hidden layer) with a JSON metadata record: version, classes,
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
    """``probabilities(x) = softmax(h @ weights + bias)``, where ``h`` is ``x`` itself
    (softmax regression) or, with a hidden layer, ``relu(x @ hidden_weights + hidden_bias)``."""

    weights: np.ndarray  # [n_features or n_hidden, n_classes]
    bias: np.ndarray  # [n_classes]
    classes: tuple[str, ...] = CLASSES
    metadata: dict[str, Any] = field(default_factory=dict)
    hidden_weights: np.ndarray | None = None  # [n_features, n_hidden]
    hidden_bias: np.ndarray | None = None  # [n_hidden]

    @property
    def n_features(self) -> int:
        return int((self.hidden_weights if self.hidden_weights is not None else self.weights).shape[0])

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
        hidden: int = 0,
    ) -> EventClassifier:
        """Fit on ``x`` (rows of ``features()``) and string labels; deterministic for a seed.

        Full-batch Adam on class-balanced cross-entropy + L2; ``hidden > 0`` adds one ReLU
        layer of that width (He-initialised from ``seed``).
        """
        index = {name: i for i, name in enumerate(CLASSES)}
        try:
            y = np.array([index[label] for label in labels])
        except KeyError as exc:
            raise ModelError(f"training label {exc.args[0]!r} is not a PLOVER type or NONE") from None
        rng = np.random.default_rng(seed)
        n, d = x.shape
        k = len(CLASSES)
        params: list[np.ndarray] = []
        if hidden:
            params += [rng.normal(0.0, np.sqrt(2.0 / d), size=(d, hidden)), np.zeros(hidden)]
            params += [rng.normal(0.0, np.sqrt(1.0 / hidden), size=(hidden, k)), np.zeros(k)]
        else:
            params += [rng.normal(0.0, 0.01, size=(d, k)), np.zeros(k)]
        onehot = np.eye(k)[y]
        # Balanced class weights so rare types are not drowned by NONE and ASSAULT.
        counts = np.bincount(y, minlength=k).astype(float)
        class_weight = np.where(counts > 0, n / (k * np.maximum(counts, 1)), 0.0)
        weight = class_weight[y] * (sample_weight if sample_weight is not None else 1.0)
        weight = weight / weight.sum()
        xx = x.astype(np.float64)
        moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
        beta1, beta2, eps = 0.9, 0.999, 1e-8
        for step in range(1, epochs + 1):
            if hidden:
                pre = xx @ params[0] + params[1]
                h = np.maximum(pre, 0.0)
                residual = (_softmax(h @ params[2] + params[3]) - onehot) * weight[:, None]
                back = (residual @ params[2].T) * (pre > 0)
                grads = [xx.T @ back + l2 * params[0], back.sum(axis=0),
                         h.T @ residual + l2 * params[2], residual.sum(axis=0)]
            else:
                residual = (_softmax(xx @ params[0] + params[1]) - onehot) * weight[:, None]
                grads = [xx.T @ residual + l2 * params[0], residual.sum(axis=0)]
            correction1, correction2 = 1 - beta1**step, 1 - beta2**step
            for i, (param, grad) in enumerate(zip(params, grads, strict=True)):
                m, v = moments[i]
                m = beta1 * m + (1 - beta1) * grad
                v = beta2 * v + (1 - beta2) * grad**2
                moments[i] = (m, v)
                param -= learning_rate * (m / correction1) / (np.sqrt(v / correction2) + eps)
        if hidden:
            return cls(
                weights=params[2].astype(np.float32),
                bias=params[3].astype(np.float32),
                hidden_weights=params[0].astype(np.float32),
                hidden_bias=params[1].astype(np.float32),
            )
        return cls(weights=params[0].astype(np.float32), bias=params[1].astype(np.float32))

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, ``[rows, len(classes)]``, each row summing to 1."""
        if x.shape[1] != self.n_features:
            raise ModelError(f"classifier expects {self.n_features} features, got {x.shape[1]}")
        h = x.astype(np.float32)
        if self.hidden_weights is not None and self.hidden_bias is not None:
            h = np.maximum(h @ self.hidden_weights + self.hidden_bias, 0.0)
        return _softmax(h @ self.weights + self.bias)

    def event_probabilities(self, x: np.ndarray, *, hint_prior: float | None = None) -> np.ndarray:
        """``probabilities`` of rows of ``features()``, with the lexicon as a prior.

        The probability of each type the trigger word is listed under in the lexicon is
        multiplied by ``hint_prior`` (``[events] hint_prior``) and the row renormalised,
        so a clear event verb ("attacked") is not lost to NONE when the clause embedding
        is unsure. (Also dividing the unlisted types' probabilities was tried: worse on
        the team hold-out, 0.717 against 0.719.)
        """
        probs = self.probabilities(x)
        prior = float(load_config()["events"]["hint_prior"]) if hint_prior is None else hint_prior
        if prior != 1.0:
            flags = x[:, -(len(PLOVER_TYPES) + 1) : -1]  # lexicon hint per PLOVER type
            probs = probs.copy()
            probs[:, [self.classes.index(t) for t in PLOVER_TYPES]] *= np.where(flags > 0, prior, 1.0)
            probs /= probs.sum(axis=1, keepdims=True)
        return probs

    def predict(self, x: np.ndarray) -> list[str]:
        return [self.classes[i] for i in self.probabilities(x).argmax(axis=1)]

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = dict(self.metadata, classes=list(self.classes))
        arrays: dict[str, np.ndarray] = {
            "weights": self.weights.astype(np.float32),
            "bias": self.bias.astype(np.float32),
            "metadata": np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
        }
        if self.hidden_weights is not None and self.hidden_bias is not None:
            arrays["hidden_weights"] = self.hidden_weights.astype(np.float32)
            arrays["hidden_bias"] = self.hidden_bias.astype(np.float32)
        with path.open("wb") as fh:
            np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]
        return path

    @classmethod
    def load(cls, path: Path) -> EventClassifier:
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(bytes(data["metadata"]).decode())
                hidden = "hidden_weights" in data.files
                model = cls(
                    weights=data["weights"],
                    bias=data["bias"],
                    classes=tuple(meta["classes"]),
                    metadata=meta,
                    hidden_weights=data["hidden_weights"] if hidden else None,
                    hidden_bias=data["hidden_bias"] if hidden else None,
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
