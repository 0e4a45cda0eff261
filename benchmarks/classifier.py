"""Event classifier benchmark: macro-F1 on the PLOVER GSR (5-fold CV), team held-out
accuracy, per-class F1, and the sentence encoder's cost per clause.

    .venv/bin/python benchmarks/classifier.py [--gsr PATH] [--threads N] [--tune-encoder]

GSR folds are stratified by label with a fixed seed; the team's sentences are always in
training for GSR folds. The team hold-out is a stratified 20% split of the team's data
(the model for it trains on the other 80% + all GSR records). A GSR sentence is scored
as the component would code it: its most confident trigger (NONE when there is none).

The shipped encoder tuning has seen every GSR record, so folds use the package's own
encoder; with ``--tune-encoder`` (needs torch, about 8 minutes a fold on 2 cores) each fold
tunes the top layers on its own training rows, as ``tidings train --tune-encoder`` does,
and encodes with them (int8, as at run time).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tidings.classifier._encoder import SentenceEncoder, export_tuned
from tidings.classifier.train import (
    PreparedSentence,
    default_gsr_path,
    fit,
    gsr_sentences,
    predict_sentence,
    prepare,
    reencoded,
    team_sentences,
    tune_encoder,
)
from tidings.config import load_config
from tidings.ontology import NO_EVENT, PLOVER_TYPES


def stratified_folds(labels: Sequence[str], k: int, seed: int = 7) -> list[int]:
    """Fold index per item, labels spread evenly over folds."""
    rng = np.random.default_rng(seed)
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        by_label[label].append(i)
    fold = [0] * len(labels)
    offset = 0
    for label in sorted(by_label):
        members = by_label[label]
        rng.shuffle(members)
        for j, i in enumerate(members):
            fold[i] = (j + offset) % k
        offset += len(members)
    return fold


def per_class_f1(gold: Sequence[str], pred: Sequence[str], classes: Sequence[str]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        scores[c] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gsr", default=str(default_gsr_path()))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--tune-encoder", action="store_true", help="tune the encoder's top layers per fold")
    args = parser.parse_args()
    min_conf = float(load_config()["events"]["min_confidence"])

    team = team_sentences()
    gsr = gsr_sentences(args.gsr)
    t0 = time.perf_counter()
    package_encoder = SentenceEncoder(tuned=False, threads=args.threads)
    team_items = prepare(team, encoder=package_encoder)
    gsr_items = prepare(gsr, encoder=package_encoder)
    print(f"prepared {len(team)} team + {len(gsr)} GSR sentences in {time.perf_counter() - t0:.1f}s")

    # 1. GSR 5-fold CV, team data always in training.
    folds = stratified_folds([g.label for g in gsr_items], 5)
    gold: list[str] = []
    pred: list[str] = []
    for k in range(5):
        train_items = team_items + [g for g, f in zip(gsr_items, folds, strict=True) if f != k]
        test_items = gsr_items
        if args.tune_encoder:
            with tempfile.TemporaryDirectory() as directory:
                fold_encoder = SentenceEncoder(export_tuned(tune_encoder(train_items), Path(directory)))
                train_items = reencoded(train_items, fold_encoder)
                test_items = reencoded(gsr_items, fold_encoder)
        model = fit(train_items)
        for g, f in zip(test_items, folds, strict=True):
            if f == k:
                gold.append(g.label)
                pred.append(predict_sentence(model, g, min_conf))
    present = sorted(set(gold) & set(PLOVER_TYPES), key=PLOVER_TYPES.index)
    f1 = per_class_f1(gold, pred, present)
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    how = "encoder tuned per fold" if args.tune_encoder else "package encoder, untuned"
    print(f"\nPLOVER GSR, 5-fold CV ({len(gold)} sentences, {len(present)} classes; {how}):")
    print(f"  macro-F1 {np.mean(list(f1.values())):.3f}   accuracy {accuracy:.3f}   "
          f"no trigger found {pred.count(NO_EVENT)}")
    for c in present:
        print(f"  {c:<10} F1 {f1[c]:.3f}  (n={gold.count(c)})")
    confusions = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    print("  top confusions (gold -> predicted):",
          ", ".join(f"{g}->{p} {n}" for (g, p), n in confusions.most_common(8)))

    # 2. Team hold-out: 20% stratified split, the rest + all GSR in training.
    team_folds = stratified_folds([t.label for t in team_items], 5, seed=11)
    held: list[PreparedSentence] = [t for t, f in zip(team_items, team_folds, strict=True) if f == 0]
    model = fit([t for t, f in zip(team_items, team_folds, strict=True) if f != 0] + gsr_items)
    team_pred = [predict_sentence(model, t, min_conf) for t in held]
    team_gold = [t.label for t in held]
    team_acc = sum(g == p for g, p in zip(team_gold, team_pred, strict=True)) / len(held)
    team_f1 = per_class_f1(team_gold, team_pred, sorted(set(team_gold)))
    print(f"\nteam hold-out ({len(held)} sentences incl. NONE): accuracy {team_acc:.3f}, "
          f"macro-F1 {np.mean(list(team_f1.values())):.3f}")
    # Calibrating [events] min_confidence: on the team hold-out only, never on GSR folds.
    sweep = {
        th: sum(predict_sentence(model, t, th) == t.label for t in held) / len(held)
        for th in np.round(np.arange(0.2, 0.75, 0.05), 2)
    }
    best = max(sweep, key=lambda th: (sweep[th], -abs(th - min_conf)))
    print("  min_confidence sweep (team hold-out accuracy): "
          + " ".join(f"{th:.2f}:{acc:.3f}" for th, acc in sweep.items())
          + f"  -> best {best:.2f} (configured {min_conf:.2f})")

    # 3. Encoder cost per clause (int8, the configured token cap).
    clauses = [g.text for g in gsr][:256]
    for quantized in (True, False):
        encoder = SentenceEncoder(quantized=quantized, threads=args.threads)
        encoder.encode(clauses[:16])
        t0 = time.perf_counter()
        encoder.encode(clauses)
        per = (time.perf_counter() - t0) / len(clauses) * 1000
        print(f"\nencoder {'int8' if quantized else 'fp32'}, {args.threads} thread(s), "
              f"max {encoder.max_tokens} tokens: {per:.2f} ms per clause")
    return 0


if __name__ == "__main__":
    sys.exit(main())
