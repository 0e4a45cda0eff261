"""Scoring of predicted events against gold, on hand-built Event records (no spaCy)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tidings.errors import SourceError
from tidings.evaluation.events import (
    GoldArticle,
    GoldEvent,
    canonical_actor,
    gsr_to_gold,
    read_gold,
    score_events,
)
from tidings.ontology import PLOVER_TYPES
from tidings.records import ActorRef, DateInfo, Event, Evidence, Location

GSR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"

TEXT = "Rebels shelled Aleppo on May 3. Police arrested ten students in Homs. Talks resumed."


def _event(
    event_type: str,
    sentence: str,
    *,
    actor: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    start: str | None = None,
    end: str | None = None,
    precision: str | None = "day",
    mode: str | None = None,
) -> Event:
    s = TEXT.index(sentence)
    return Event(
        id=f"{event_type}-{s}",
        article_id="a1",
        type=event_type,
        mode=mode,
        cameo_root=None,
        acled_event_type=None,
        acled_sub_event_type=None,
        actor=ActorRef(text=actor, name=actor, start=0, end=len(actor)) if actor else None,
        recipient=None,
        location=Location(text="x", name="x", start=0, end=1, lat=lat, lon=lon) if lat is not None else None,
        date=DateInfo(start=start, end=end or start, precision=precision, basis="explicit"),
        evidence=Evidence(sentence=sentence, start=s, end=s + len(sentence), trigger=sentence.split()[1],
                          trigger_start=s, trigger_end=s + 3),
    )


S1 = "Rebels shelled Aleppo on May 3."
S2 = "Police arrested ten students in Homs."
S3 = "Talks resumed."


def test_sentence_anchored_matching_gives_exact_per_class_scores():
    gold = GoldArticle("a1", TEXT, date(2016, 6, 10), (
        GoldEvent("ASSAULT", sentence=S1),
        GoldEvent("COERCE", sentence=S2),
        GoldEvent("CONSULT", sentence=S3),
    ))
    predicted = [
        _event("ASSAULT", S1),      # right
        _event("ASSAULT", S2),      # wrong type for the COERCE sentence
        _event("PROTEST", S3),      # wrong type for the CONSULT sentence
        _event("ASSAULT", S1),      # duplicate: spurious
    ]
    report = score_events([(gold, predicted)], place_km=25)
    assault = report.per_class["ASSAULT"]
    assert (assault.support, assault.predicted) == (1, 3)
    assert assault.precision == pytest.approx(1 / 3)
    assert assault.recall == pytest.approx(1.0)
    assert assault.f1 == pytest.approx(0.5)
    assert report.per_class["COERCE"].f1 == 0.0
    assert report.per_class["PROTEST"].precision == 0.0
    # classes: ASSAULT 0.5, COERCE 0, CONSULT 0, PROTEST 0
    assert report.macro_f1 == pytest.approx(0.5 / 4)
    # gold support: ASSAULT 1, COERCE 1, CONSULT 1 (PROTEST 0)
    assert report.weighted_f1 == pytest.approx(0.5 / 3)
    assert report.confusion[("COERCE", "ASSAULT")] == 1
    assert report.confusion[("CONSULT", "PROTEST")] == 1
    assert report.confusion[("NONE", "ASSAULT")] == 1
    assert report.micro_precision == pytest.approx(1 / 4)
    assert report.micro_recall == pytest.approx(1 / 3)


def test_prediction_outside_the_gold_sentence_is_missed_and_spurious():
    gold = GoldArticle("a1", TEXT, None, (GoldEvent("COERCE", sentence=S2),))
    report = score_events([(gold, [_event("COERCE", S1)])], place_km=25)
    assert report.confusion == {("COERCE", "NONE"): 1, ("NONE", "COERCE"): 1}
    assert report.per_class["COERCE"].f1 == 0.0


def test_unanchored_gold_matches_best_type():
    gold = GoldArticle("a1", TEXT, None, (GoldEvent("COERCE"), GoldEvent("ASSAULT")))
    predicted = [_event("ASSAULT", S2), _event("COERCE", S1)]
    report = score_events([(gold, predicted)], place_km=25)
    assert report.macro_f1 == pytest.approx(1.0)
    assert report.confusion == {("ASSAULT", "ASSAULT"): 1, ("COERCE", "COERCE"): 1}


def test_date_place_actor_and_mode_accuracy():
    gold = GoldArticle("a1", TEXT, date(2016, 6, 10), (
        GoldEvent("ASSAULT", sentence=S1, date="2016-05-03", lat=36.20, lon=37.16,
                  actor="the rebels", mode="heavy-weapons"),
        GoldEvent("COERCE", sentence=S2, date="2016-05", lat=34.73, lon=36.71, actor="Police"),
        GoldEvent("CONSULT", sentence=S3, date="2016"),
    ))
    predicted = [
        # day right, 10 km off (right), actor right after canonicalisation, mode wrong
        _event("ASSAULT", S1, actor="Rebels", lat=36.29, lon=37.16, start="2016-05-03", mode="firearms"),
        # month precision matches gold month; 150 km off; actor wrong
        _event("COERCE", S2, actor="Army", lat=36.0, lon=36.71, start="2016-05-01", end="2016-05-31",
               precision="month"),
        # a year gold is satisfied by any day in that year
        _event("CONSULT", S3, start="2016-06-10"),
    ]
    report = score_events([(gold, predicted)], place_km=25)
    assert (report.date.correct, report.date.total) == (3, 3)
    assert (report.place.correct, report.place.total) == (1, 2)
    assert (report.actor.correct, report.actor.total) == (1, 2)
    assert (report.mode.correct, report.mode.total) == (0, 1)
    assert report.recipient.value is None


def test_coarser_prediction_does_not_satisfy_a_day_gold_date():
    gold = GoldArticle("a1", TEXT, None, (GoldEvent("ASSAULT", sentence=S1, date="2016-05-03"),))
    pred = _event("ASSAULT", S1, start="2016-05-01", end="2016-05-31", precision="month")
    assert score_events([(gold, [pred])], place_km=25).date.correct == 0


def test_report_formats_and_serialises():
    gold = GoldArticle("a1", TEXT, None, (GoldEvent("ASSAULT", sentence=S1),))
    report = score_events([(gold, [_event("ASSAULT", S1)])], place_km=25)
    text = report.format()
    assert "ASSAULT" in text and "macro F1 1.000" in text and "confusion" in text
    data = json.loads(json.dumps(report.to_dict()))
    assert data["per_class"]["ASSAULT"]["f1"] == 1.0
    assert data["place_accuracy"]["within_km"] == 25


def test_canonical_actor():
    assert canonical_actor("The U.N.'s  Security Council") == "un security council"
    assert canonical_actor("Rebels") == canonical_actor("the rebels")


def test_read_gold_names_the_bad_line(tmp_path):
    good = {"id": "x", "text": "Troops fired.", "published": "2020-01-02", "events": [{"type": "assault"}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps({"id": "y", "events": []}) + "\n")
    with pytest.raises(SourceError, match=r"gold.jsonl:2: gold record lacks 'text'"):
        list(read_gold(path))
    path.write_text(json.dumps(good) + "\n")
    (article,) = read_gold(path)
    assert article.events[0].type == "ASSAULT" and article.published == date(2020, 1, 2)
    bad_date = dict(good, events=[{"type": "ASSAULT", "date": "May 2020"}])
    path.write_text(json.dumps(bad_date) + "\n")
    with pytest.raises(SourceError, match="not YYYY"):
        list(read_gold(path))


def test_gsr_to_gold_maps_old_labels_and_skips_documents():
    if not GSR.exists():
        pytest.skip(f"PLOVER GSR not found at {GSR} (../shared is absent)")
    records = list(gsr_to_gold(GSR))
    assert len(records) == 322
    labels = {r["events"][0]["type"] for r in records}
    assert not labels & {"DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT", "DOCUMENT"}
    assert labels == set(PLOVER_TYPES)
    assert all(r["published"] == "2000-01-01" and r["events"][0]["sentence"] == r["text"] for r in records)


def test_actor_words_inside_the_predicted_mention_count_as_right():
    from tidings.evaluation.events import _role_correct
    from tidings.records import ActorRef

    mention = ActorRef(text="Senior Hungarian officials", name="Government (Hungary)", start=0, end=26)
    assert _role_correct("Hungarian", mention)
    assert _role_correct("government (hungary)", mention)
    assert not _role_correct("Romanian", mention)
    assert not _role_correct("Hungarian", None)


def test_acled_sub_event_types_are_scored_with_misses_as_none() -> None:
    article = GoldArticle(
        id="a1",
        text=TEXT,
        published=date(2016, 6, 10),
        events=(
            GoldEvent(type="ASSAULT", sentence=S1, acled_sub_event_type="Shelling/artillery/missile attack"),
            GoldEvent(type="COERCE", sentence=S2, acled_sub_event_type="Arrests"),
            GoldEvent(type="CONSULT", sentence=S3),  # no ACLED label: not in the ACLED scores
        ),
    )
    shelling = _event("ASSAULT", S1)
    shelling.acled_sub_event_type = "Shelling/artillery/missile attack"
    talks = _event("CONSULT", S3)  # the arrest is missed

    report = score_events([(article, [shelling, talks])])

    assert set(report.acled_per_class) == {"Shelling/artillery/missile attack", "Arrests"}
    assert report.acled_per_class["Shelling/artillery/missile attack"].f1 == 1.0
    assert report.acled_per_class["Arrests"].recall == 0.0
    assert report.acled_weighted_f1 == pytest.approx(0.5)
    assert "ACLED sub-event macro F1 0.500" in report.format()
    assert report.to_dict()["acled_sub_event"]["weighted_f1"] == pytest.approx(0.5)


def test_no_acled_section_without_acled_gold() -> None:
    article = GoldArticle(id="a1", text=TEXT, published=None, events=(GoldEvent(type="ASSAULT", sentence=S1),))
    report = score_events([(article, [_event("ASSAULT", S1)])])
    assert report.acled_weighted_f1 is None
    assert "ACLED" not in report.format()
