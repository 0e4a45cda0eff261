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
    from tidings.classifier._encoder import tuning_path
    from tidings.classifier._export import load_tuning, numpy_reference

    fp32 = SentenceEncoder(quantized=False, threads=1)
    assert fp32.model_path == encoder_path(False)
    texts = SENTENCES[:2]
    ids, mask = _ids_and_mask(fp32, texts)
    path = tuning_path()
    reference = numpy_reference(ids, mask, tuned=load_tuning(path)[0] if path else None)
    cosine = (fp32.encode(texts) * reference).sum(axis=1)
    assert cosine.min() > 1 - 1e-4
    # int8 weights stay close to the float graph.
    assert (get_encoder().encode(texts) * reference).sum(axis=1).min() > 0.98


def _ids_and_mask(encoder: SentenceEncoder, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    encodings = encoder._tokenizer.encode_batch(texts)
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(texts), width), dtype=np.int64)
    mask = np.zeros((len(texts), width), dtype=np.int64)
    for row, e in enumerate(encodings):
        ids[row, : len(e.ids)] = e.ids
        mask[row, : len(e.ids)] = 1
    return ids, mask


def test_the_shipped_tuning_replaces_only_the_top_layers_and_exports_faithfully(tmp_path) -> None:
    pytest.importorskip("onnx")
    from tidings.classifier._encoder import export_tuned, tuning_path
    from tidings.classifier._export import load_tuning, numpy_reference

    path = tuning_path()
    assert path is not None and path.exists()
    tuned, metadata = load_tuning(path)
    assert {name.split(".")[2] for name in tuned} == {"4", "5"}  # encoder.layer.4/5.*: the top two of six
    assert metadata["layers"] == 2 and "CC BY-SA 4.0" in metadata["licence"]
    encoder = SentenceEncoder(export_tuned(tuned, tmp_path, quantized=False), threads=1)
    ids, mask = _ids_and_mask(encoder, SENTENCES[:2])
    reference = numpy_reference(ids, mask, tuned=tuned)
    assert (encoder.encode(SENTENCES[:2]) * reference).sum(axis=1).min() > 1 - 1e-4
    untuned = numpy_reference(ids, mask)
    assert (untuned * reference).sum(axis=1).max() < 0.999  # the tuning changed the embedding


def test_a_tuned_tensor_of_the_wrong_shape_is_refused() -> None:
    from tidings.classifier._export import numpy_reference
    from tidings.errors import ModelError

    bad = {"encoder.layer.5.output.dense.bias": np.zeros(3, dtype=np.float32)}
    with pytest.raises(ModelError, match="does not fit"):
        numpy_reference(np.ones((1, 3), dtype=np.int64), np.ones((1, 3), dtype=np.int64), tuned=bad)


def test_tuning_round_trips_through_its_file(tmp_path) -> None:
    from tidings.classifier._export import load_tuning, save_tuning

    tensors = {"encoder.layer.5.output.dense.bias": np.linspace(-1, 1, 384, dtype=np.float32)}
    path = save_tuning(tmp_path / "t.npz", tensors, {"layers": 1})
    loaded, metadata = load_tuning(path)
    assert metadata == {"layers": 1}
    assert np.allclose(loaded["encoder.layer.5.output.dense.bias"], tensors["encoder.layer.5.output.dense.bias"], atol=1e-3)
