"""Sanity of the team's training sentences (data/training/by_type/*.jsonl)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tidings.config import data_path
from tidings.ontology import (
    NO_EVENT,
    PLOVER_TYPES,
    acled_sub_event_types,
    load_training_examples,
    modes_for,
)

GSR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"

# Floors the classifier relies on; raise them as the data grows.
MIN_PER_TYPE = 180
MIN_PER_MODE = 4
MIN_PER_ACLED_SUB_EVENT = 23
MIN_NEGATIVES = 550


@pytest.fixture(scope="module")
def examples():
    return load_training_examples()


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def test_every_type_has_enough_examples(examples):
    counts = Counter(e.type for e in examples)
    for etype in PLOVER_TYPES:
        assert counts[etype] >= MIN_PER_TYPE, etype
    assert counts[NO_EVENT] >= MIN_NEGATIVES


def test_every_mode_has_enough_examples(examples):
    counts = Counter((e.type, e.mode) for e in examples)
    for etype in PLOVER_TYPES:
        for mode in modes_for(etype):
            assert counts[(etype, mode)] >= MIN_PER_MODE, (etype, mode)


def test_every_acled_sub_event_type_is_covered(examples):
    counts = Counter((e.acled_event_type, e.acled_sub_event_type) for e in examples)
    for event_type, subs in acled_sub_event_types().items():
        for sub in subs:
            assert counts[(event_type, sub)] >= MIN_PER_ACLED_SUB_EVENT, (event_type, sub)


def test_labels_modes_and_acled_codes_are_valid(examples):
    table = acled_sub_event_types()
    for e in examples:
        if e.type == NO_EVENT:
            assert e.mode is None and e.acled_event_type is None, e.text
            continue
        assert e.mode is None or e.mode in modes_for(e.type), (e.type, e.mode, e.text)
        if e.acled_event_type is not None:
            assert e.acled_sub_event_type in table[e.acled_event_type], e.text
        for role in (e.actor, e.recipient):
            assert role is None or role in e.text, (role, e.text)
        assert e.source == "tidings-team"


def test_no_duplicates(examples):
    counts = Counter(_normal(e.text) for e in examples)
    assert [t for t, n in counts.items() if n > 1] == []


def test_by_type_files_are_the_only_source_and_match_their_label(examples):
    training = data_path("training")
    assert not (training / "events.jsonl").exists()
    paths = sorted((training / "by_type").glob("*.jsonl"))
    rows = [json.loads(line) for path in paths for line in path.open(encoding="utf-8") if line.strip()]
    assert [r["text"] for r in rows] == [e.text for e in examples]
    for path in paths:
        for line in path.open(encoding="utf-8"):
            if line.strip():
                assert json.loads(line)["type"].casefold() == path.stem, (path.name, line)


def test_no_gold_standard_sentence_is_copied(examples):
    if not GSR.exists():
        pytest.skip(f"PLOVER GSR not found at {GSR} (../shared is absent)")
    gsr = [_normal(r["eventText"]) for r in json.loads(GSR.read_text()) if "eventText" in r]
    ours = {_normal(e.text) for e in examples}
    assert ours.isdisjoint(gsr)
    # nor a long stretch of one: no 8-word sequence shared with a GSR sentence
    def grams(text: str) -> set[tuple[str, ...]]:
        words = text.split()
        return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}
    gsr_grams = set().union(*(grams(t) for t in gsr))
    shared = [e.text for e in examples if grams(_normal(e.text)) & gsr_grams]
    assert shared == []


def test_gsr_can_be_added_with_mapped_labels():
    if not GSR.exists():
        pytest.skip(f"PLOVER GSR not found at {GSR} (../shared is absent)")
    combined = load_training_examples(include_gsr=GSR)
    gsr = [e for e in combined if e.source.startswith("plover-gsr:")]
    assert len(gsr) == 322
    assert {e.type for e in gsr} <= set(PLOVER_TYPES)
