"""Fine-tuning the encoder's top layers on the event classifier's rows (needs torch).

Only ``tidings train --tune-encoder`` and ``benchmarks/classifier.py --tune-encoder`` import
this module; tidings runs without torch. The encoder's lower layers stay frozen, so their
states are computed once (no gradient) and only the top ``layers`` transformer layers,
with a linear head over [embedding, lexicon-hint flags], are trained on class-balanced,
sample-weighted cross-entropy (the weights of ``train.training_rows``). The head is thrown
away: the tuned layers go into the ONNX export, and the shipped classifier is fitted on the
tuned embeddings as before.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..config import load_config
from ..errors import ModelError
from ._export import _config, encoder_source_dir, read_safetensors
from .model import CLASSES

__all__ = ["tune_top_layers"]

_BATCH = 32
_HEAD_LEARNING_RATE = 2e-3
_WARMUP_SHARE = 0.1
_EMBEDDING_SCALE = 5.0  # unit-length embeddings times this reach the head at a trainable scale


def tune_top_layers(
    texts: Sequence[str],
    labels: Sequence[str],
    weights: np.ndarray,
    flags: np.ndarray,
    *,
    layers: int = 2,
    epochs: float = 2.0,
    learning_rate: float = 5e-5,
    seed: int = 13,
) -> dict[str, np.ndarray]:
    """Tuned tensors of the top ``layers`` layers, named as in the package's safetensors."""
    try:
        import torch
    except ImportError:
        raise ModelError("tuning the encoder needs torch: pip install torch==2.13.0") from None
    from tokenizers import Tokenizer

    torch.manual_seed(seed)
    source = encoder_source_dir()
    config = _config(source)
    total = int(config["num_hidden_layers"])
    first = total - layers
    tensors = {k: torch.from_numpy(v.astype(np.float32)) for k, v in read_safetensors(source / "model.safetensors").items()}
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(int(load_config()["events"]["encoder_max_tokens"]))
    bert = _Bert(config, tensors, torch)

    unique = list(dict.fromkeys(texts))
    index = {text: i for i, text in enumerate(unique)}
    ids = [e.ids for e in tokenizer.encode_batch(unique)]
    with torch.no_grad():  # frozen lower layers: their output once per text
        lower = [bert.lower(torch.tensor([row]), first)[0] for row in ids]

    trained = {name: torch.nn.Parameter(value.clone()) for name, value in tensors.items() if _layer_of(name) >= first}
    head = torch.nn.Linear(bert.hidden + flags.shape[1], len(CLASSES))
    optimiser = torch.optim.AdamW(
        [{"params": list(trained.values()), "lr": learning_rate}, {"params": head.parameters(), "lr": _HEAD_LEARNING_RATE}],
        weight_decay=0.01,
    )
    y = torch.tensor([CLASSES.index(label) for label in labels])
    counts = torch.bincount(y, minlength=len(CLASSES)).float()
    balance = torch.where(counts > 0, len(y) / (len(CLASSES) * counts.clamp(min=1)), torch.zeros(len(CLASSES)))
    w = balance[y] * torch.from_numpy(weights.astype(np.float32))
    w = w / w.mean()
    extra = torch.from_numpy(flags.astype(np.float32))
    rows = torch.tensor([index[t] for t in texts])
    steps = max(1, int(epochs * len(texts) / _BATCH))
    warmup = _WARMUP_SHARE * steps + 1
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, s / warmup) * max(0.0, (steps - s) / steps))
    generator = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(texts), generator=generator)
    position = 0
    for _ in range(steps):
        if position + _BATCH > len(order):
            order, position = torch.randperm(len(texts), generator=generator), 0
        batch = order[position : position + _BATCH]
        position += _BATCH
        states, mask = _padded([lower[int(rows[i])] for i in batch], torch)
        embedding = bert.upper(states, mask, first, trained)
        logits = head(torch.cat([embedding * _EMBEDDING_SCALE, extra[batch]], dim=1))
        loss = (torch.nn.functional.cross_entropy(logits, y[batch], reduction="none") * w[batch]).mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
    return {name: value.detach().numpy().copy() for name, value in trained.items()}


def _layer_of(name: str) -> int:
    """Layer number of an ``encoder.layer.N.*`` tensor; -1 for the others."""
    parts = name.split(".")
    return int(parts[2]) if name.startswith("encoder.layer.") else -1


def _padded(states: list[Any], torch: Any) -> tuple[Any, Any]:
    width = max(s.shape[0] for s in states)
    out = torch.zeros(len(states), width, states[0].shape[1])
    mask = torch.zeros(len(states), width)
    for row, s in enumerate(states):
        out[row, : s.shape[0]] = s
        mask[row, : s.shape[0]] = 1.0
    return out, mask


class _Bert:
    """The BERT forward pass of ``_export`` in torch, split at a layer."""

    def __init__(self, config: dict[str, Any], tensors: dict[str, Any], torch: Any) -> None:
        self.torch = torch
        self.w = tensors
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])

    def lower(self, ids: Any, first: int) -> Any:
        """States after the embeddings and layers below ``first`` (one unpadded text)."""
        w, f = self.w, self.torch.nn.functional
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: ids.shape[1]]
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        x = f.layer_norm(x, (self.hidden,), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        mask = self.torch.ones(ids.shape)
        for i in range(first):
            x = self._layer(x, mask, f"encoder.layer.{i}", w)
        return x

    def upper(self, x: Any, mask: Any, first: int, tuned: dict[str, Any]) -> Any:
        """Mean-pooled, L2-normalised embeddings after layers ``first`` and up."""
        i = first
        while f"encoder.layer.{i}.output.dense.weight" in tuned:
            x = self._layer(x, mask, f"encoder.layer.{i}", tuned)
            i += 1
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9)
        return self.torch.nn.functional.normalize(pooled, dim=-1)

    def _layer(self, x: Any, mask: Any, p: str, w: dict[str, Any]) -> Any:
        f = self.torch.nn.functional
        batch, tokens, _ = x.shape
        head_dim = self.hidden // self.heads

        def split(t: Any) -> Any:
            return t.view(batch, tokens, self.heads, head_dim).transpose(1, 2)

        q = split(f.linear(x, w[f"{p}.attention.self.query.weight"], w[f"{p}.attention.self.query.bias"]))
        k = split(f.linear(x, w[f"{p}.attention.self.key.weight"], w[f"{p}.attention.self.key.bias"]))
        v = split(f.linear(x, w[f"{p}.attention.self.value.weight"], w[f"{p}.attention.self.value.bias"]))
        scores = q @ k.transpose(-1, -2) / math.sqrt(head_dim) + (1.0 - mask[:, None, None, :]) * -1e4
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, tokens, self.hidden)
        attended = f.linear(context, w[f"{p}.attention.output.dense.weight"], w[f"{p}.attention.output.dense.bias"])
        ln1 = f"{p}.attention.output.LayerNorm"
        x = f.layer_norm(attended + x, (self.hidden,), w[f"{ln1}.weight"], w[f"{ln1}.bias"], self.eps)
        inter = f.gelu(f.linear(x, w[f"{p}.intermediate.dense.weight"], w[f"{p}.intermediate.dense.bias"]))
        out = f.linear(inter, w[f"{p}.output.dense.weight"], w[f"{p}.output.dense.bias"])
        return f.layer_norm(out + x, (self.hidden,), w[f"{p}.output.LayerNorm.weight"], w[f"{p}.output.LayerNorm.bias"], self.eps)
