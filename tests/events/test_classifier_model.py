"""The softmax-regression classifier and its weight files (no encoder, no spaCy)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tidings.classifier.model import CLASSES, EventClassifier, features, load_classifier
from tidings.errors import ModelError
from tidings.ontology import NO_EVENT, PLOVER_TYPES


def _separable(seed: int = 0) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    labels = ["ASSAULT", "AGREE", NO_EVENT] * 30
    centres = {name: rng.normal(size=8) * 3 for name in set(labels)}
    x = np.vstack([centres[name] + rng.normal(scale=0.3, size=8) for name in labels])
    return x, labels


def test_fit_learns_separable_classes_and_probabilities_sum_to_one() -> None:
    x, labels = _separable()
    model = EventClassifier.fit(x, labels, epochs=200)
    assert model.predict(x) == labels
    probs = model.probabilities(x)
    assert probs.shape == (len(labels), len(CLASSES))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert probs.min() >= 0.0 and probs.max() <= 1.0


def test_fit_is_reproducible_for_a_seed() -> None:
    x, labels = _separable()
    first = EventClassifier.fit(x, labels, epochs=50, seed=5)
    second = EventClassifier.fit(x, labels, epochs=50, seed=5)
    assert np.array_equal(first.weights, second.weights)


def test_unknown_label_is_rejected_with_its_name() -> None:
    x, labels = _separable()
    labels[0] = "FIGHT"
    with pytest.raises(ModelError, match="FIGHT"):
        EventClassifier.fit(x, labels, epochs=1)


def test_save_and_load_round_trip_keeps_weights_and_metadata(tmp_path: Path) -> None:
    x, labels = _separable()
    model = EventClassifier.fit(x, labels, epochs=20)
    model.metadata = {"version": 7, "training_data_sha256": "abc"}
    loaded = EventClassifier.load(model.save(tmp_path / "m.npz"))
    assert np.array_equal(loaded.weights, model.weights)
    assert loaded.metadata["version"] == 7 and loaded.classes == CLASSES


def test_missing_weights_name_the_file_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="tidings train"):
        EventClassifier.load(tmp_path / "absent.npz")


def test_features_append_lexicon_hints_and_noun_flag() -> None:
    emb = np.ones((2, 4), dtype=np.float32)
    x = features(emb, [frozenset({"ASSAULT"}), frozenset()], [False, True])
    assert x.shape == (2, 4 + len(PLOVER_TYPES) + 1)
    assert x[0, 4 + PLOVER_TYPES.index("ASSAULT")] == 1.0 and x[0, -1] == 0.0
    assert x[1, 4:-1].sum() == 0.0 and x[1, -1] == 1.0


def test_shipped_weights_are_versioned_with_data_hash_and_licence() -> None:
    model = load_classifier()
    assert model.classes == CLASSES
    assert model.metadata["version"] >= 1
    assert len(model.metadata["training_data_sha256"]) == 16
    assert "CC" in model.metadata["licence"]
    assert model.n_features == 384 + len(PLOVER_TYPES) + 1
    assert model.weights.shape[1] == len(CLASSES)


def test_hidden_layer_fits_non_linear_classes_and_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 2))
    labels = ["ASSAULT" if a * b > 0 else NO_EVENT for a, b in x]  # XOR: not linearly separable
    model = EventClassifier.fit(x, labels, hidden=32, epochs=400, learning_rate=0.02, l2=0.0)
    assert np.mean(np.array(model.predict(x)) == np.array(labels)) > 0.9
    loaded = EventClassifier.load(model.save(tmp_path / "mlp.npz"))
    assert loaded.hidden_weights is not None
    assert np.allclose(loaded.probabilities(x), model.probabilities(x), atol=1e-6)


def test_lexicon_prior_lifts_the_listed_type_and_keeps_rows_normalised() -> None:
    from tidings.classifier.model import features
    from tidings.ontology import PLOVER_TYPES

    rng = np.random.default_rng(3)
    x = features(rng.normal(size=(4, 8)).astype(np.float32), [frozenset({"ASSAULT"})] * 4, [False] * 4)
    labels = ["NONE", "NONE", "ASSAULT", "AGREE"]
    model = EventClassifier.fit(x, labels, epochs=30)
    plain = model.event_probabilities(x, hint_prior=1.0)
    lifted = model.event_probabilities(x, hint_prior=2.0)
    assault = model.classes.index("ASSAULT")
    assert np.allclose(plain, model.probabilities(x))
    assert (lifted[:, assault] > plain[:, assault]).all()
    assert np.allclose(lifted.sum(axis=1), 1.0, atol=1e-5)
    assert len(PLOVER_TYPES) == 16
