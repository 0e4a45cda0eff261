"""The ONNX sentence encoder: shape, normalisation, determinism, fidelity of the export."""

from __future__ import annotations

import numpy as np
import pytest

from tidings.classifier._encoder import SentenceEncoder, encoder_path, get_encoder

pytestmark = pytest.mark.slow

SENTENCES = [
    "Police arrested 30 protesters in Cairo.",
    "Rebels attacked an army base near Aleppo.",
    "Insurgents stormed a military outpost in northern Syria.",
    "The weather was sunny.",
]


def test_embeddings_are_unit_vectors_of_the_right_shape() -> None:
    out = get_encoder().encode(SENTENCES)
    assert out.shape == (4, 384) and out.dtype == np.float32
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-4)
    assert get_encoder().encode([]).shape == (0, 384)


def test_encoding_is_deterministic_and_independent_of_batch_order() -> None:
    encoder = get_encoder()
    once = encoder.encode(SENTENCES)
    reversed_ = encoder.encode(SENTENCES[::-1])[::-1]
    assert np.allclose(once, reversed_, atol=1e-5)
    assert np.allclose(once, encoder.encode(SENTENCES), atol=1e-6)


def test_similar_events_are_closer_than_unrelated_sentences() -> None:
    out = get_encoder().encode(SENTENCES)
    attack, storm, weather = out[1], out[2], out[3]
    assert attack @ storm > attack @ weather + 0.2


def test_onnx_export_matches_the_numpy_reference() -> None:
    pytest.importorskip("onnx")
    from tidings.classifier._export import numpy_reference

    fp32 = SentenceEncoder(quantized=False, threads=1)
    assert fp32.model_path == encoder_path(False)
    texts = SENTENCES[:2]
    encodings = fp32._tokenizer.encode_batch(texts)
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((2, width), dtype=np.int64)
    mask = np.zeros((2, width), dtype=np.int64)
    for row, e in enumerate(encodings):
        ids[row, : len(e.ids)] = e.ids
        mask[row, : len(e.ids)] = 1
    reference = numpy_reference(ids, mask)
    cosine = (fp32.encode(texts) * reference).sum(axis=1)
    assert cosine.min() > 1 - 1e-4
    # int8 weights stay close to the float graph.
    assert (get_encoder().encode(texts) * reference).sum(axis=1).min() > 0.98
