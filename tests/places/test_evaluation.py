"""Geoparsing scores: span matching, km errors, AUC, gold reading with 1-based offsets."""

from pathlib import Path

import pytest

from tidings.errors import SourceError
from tidings.evaluation.places import (
    MAX_ERROR_KM,
    GoldToponym,
    PlaceReport,
    evaluate_places,
    log_error_auc,
    read_geoparsing_gold,
    score_toponyms,
)
from tidings.records import Toponym

GEOVIRUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "geovirus"


def test_auc_bounds():
    assert log_error_auc([0.0, 0.0, 0.0]) == 0.0
    assert log_error_auc([MAX_ERROR_KM, MAX_ERROR_KM]) == pytest.approx(1.0, rel=1e-4)
    assert 0.0 < log_error_auc([0.0, 100.0, 5000.0]) < 1.0


def test_matching_by_overlap_and_errors():
    gold = [GoldToponym(0, 5, "Paris", 48.85, 2.35), GoldToponym(10, 16, "London", 51.5, -0.12)]
    predicted = [
        Toponym("a", "Paris", 0, 5, lat=48.86, lon=2.35),
        Toponym("a", "Lyon", 30, 34, lat=45.75, lon=4.85),  # matches no gold
    ]
    report = PlaceReport(mode="e2e", articles=1, gold=0, predicted=0, matched=0)
    score_toponyms(gold, predicted, report)
    assert report.gold == 2 and report.predicted == 2 and report.matched == 1
    assert report.recall == 0.5 and report.precision == 0.5
    assert report.accuracy_matched == 1.0 and report.accuracy_all == 0.5
    assert report.misses["London"] == 1


def test_unresolved_match_counts_as_maximum_error():
    report = PlaceReport(mode="gold_spans", articles=1, gold=0, predicted=0, matched=0)
    score_toponyms([GoldToponym(0, 5, "Xanto", 1.0, 1.0)], [Toponym("a", "Xanto", 0, 5)], report)
    assert report.errors_km == [MAX_ERROR_KM] and report.accuracy_matched == 0.0


def test_reading_gold_detects_one_based_offsets(tmp_path):
    xml = tmp_path / "g.xml"
    xml.write_text("<articles><article><text>Flu in Paris.</text></article></articles>")
    tsv = tmp_path / "g.tsv"
    tsv.write_text("doc\tstart\tend\tname\tlat\tlon\n0\t8\t13\tParis\t48.85\t2.35\n")
    (article,) = read_geoparsing_gold(tsv, xml)
    (gold,) = article.toponyms
    assert article.text[gold.start : gold.end] == "Paris"


def test_reading_gold_rejects_bad_rows(tmp_path):
    xml = tmp_path / "g.xml"
    xml.write_text("<articles><article><text>Flu in Paris.</text></article></articles>")
    tsv = tmp_path / "g.tsv"
    tsv.write_text("doc\tstart\tend\tname\tlat\tlon\n3\t8\t13\tParis\t48.85\t2.35\n")
    with pytest.raises(SourceError, match="doc 3"):
        read_geoparsing_gold(tsv, xml)


@pytest.mark.slow
def test_geovirus_gold_spans_sample():
    if not GEOVIRUS.exists():
        pytest.skip(f"GeoVirus not found at {GEOVIRUS} (../shared is absent)")
    report = evaluate_places(
        GEOVIRUS / "GeoVirus_gold.tsv", GEOVIRUS / "GeoVirus.xml", mode="gold_spans", limit=40
    )
    assert report.recall == 1.0
    assert report.accuracy_matched > 0.6
    assert report.median_km < 161
