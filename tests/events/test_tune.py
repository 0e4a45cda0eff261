"""Tuning the encoder's top layers (torch, train time only): what it changes and that a seed fixes it."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.slow

TEXTS = [
    "Rebels attacked an army base", "Gunmen stormed a village", "Militants shelled the town",
    "Police arrested ten protesters", "Troops detained two journalists", "Officers arrested the suspect",
]
LABELS = ["ASSAULT"] * 3 + ["COERCE"] * 3


def test_tuning_changes_only_the_top_layers_and_is_reproducible_for_a_seed() -> None:
    pytest.importorskip("torch")
    from tidings.classifier._export import encoder_source_dir, read_safetensors
    from tidings.classifier._tune import tune_top_layers

    flags = np.zeros((len(TEXTS), 17), dtype=np.float32)
    first, second = (
        tune_top_layers(TEXTS, LABELS, np.ones(len(TEXTS)), flags, layers=1, epochs=40, seed=3) for _ in range(2)
    )
    assert {name.split(".")[2] for name in first} == {"5"}

    base = read_safetensors(encoder_source_dir() / "model.safetensors")
    name = "encoder.layer.5.attention.self.query.weight"
    assert not np.allclose(first[name], base[name])  # trained
    assert all(np.array_equal(first[k], second[k]) for k in first)  # same seed, same tensors
