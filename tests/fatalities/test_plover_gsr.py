"""Held-out check: fatalities on the PLOVER gold-standard records that code deaths ("dead")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.extract.fatalities import fatalities_for

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

pytestmark = pytest.mark.slow

GSR = SHARED / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
SPEECH = {"say", "report", "tell"}


def test_fatalities_match_plover_gold(parser):
    if not GSR.exists():
        pytest.skip(f"PLOVER gold records not found at {GSR}")
    records = [r for r in json.loads(GSR.read_text(encoding="utf-8")) if "dead" in r and r.get("text")]
    assert len(records) >= 10
    correct = 0
    for record in records:
        doc = parser(record["text"])
        # the event is the main clause, or the clause a speech verb reports
        trigger = next(doc.sents).root
        if trigger.lemma_ in SPEECH:
            trigger = next((c for c in trigger.children if c.dep_ == "ccomp"), trigger)
        correct += fatalities_for(doc, trigger) == int(record["dead"])
    assert correct / len(records) >= 0.85, f"{correct}/{len(records)} exact"
