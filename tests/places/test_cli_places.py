"""``tidings places`` and ``tidings eval-places`` through click."""

import importlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli import cli
from tidings.nlp import TIDINGS_COMPONENTS

pytestmark = pytest.mark.slow

GEOVIRUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "geovirus"


def _pipeline_importable() -> bool:
    try:
        for _, module in TIDINGS_COMPONENTS:
            importlib.import_module(module)
    except ImportError:
        return False
    return True


def test_places_prints_resolved_toponyms(tmp_path):
    if not _pipeline_importable():
        pytest.skip("the full pipeline is not importable yet")
    article = tmp_path / "a.txt"
    article.write_text("Fighting in Sirte\n\nClashes erupted in Sirte, Libya, on Friday.\n")
    result = CliRunner().invoke(cli, ["places", "--format", "jsonl", str(article)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    sirte = next(r for r in rows if r["text"] == "Sirte")
    assert sirte["country"] == "LBY" and abs(sirte["lat"] - 31.2) < 0.1
    assert {"article_id", "start", "end", "name", "lon", "geonameid"} <= set(sirte)


def test_places_reports_unreadable_input_and_exits_1(tmp_path):
    if not _pipeline_importable():
        pytest.skip("the full pipeline is not importable yet")
    article = tmp_path / "a.txt"
    article.write_text("Clashes erupted in Benghazi on Friday.\n")
    result = CliRunner().invoke(cli, ["places", str(article), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "missing.txt" in result.stderr
    assert "Benghazi" in result.stdout


def test_eval_places_gold_mode():
    if not GEOVIRUS.exists():
        pytest.skip(f"GeoVirus not found at {GEOVIRUS} (../shared is absent)")
    result = CliRunner().invoke(
        cli,
        ["eval-places", "--gold", str(GEOVIRUS / "GeoVirus_gold.tsv"), "--xml", str(GEOVIRUS / "GeoVirus.xml"),
         "--mode", "gold", "--limit", "5"],
    )
    assert result.exit_code == 0, result.output
    assert "acc@161km" in result.output and "toponym recall        100.0%" in result.output
