"""The command line, end to end through the real pipeline and a real SQLite file."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from click.testing import CliRunner
from tests.conftest import ROOT

from tidings.cli import cli

pytestmark = pytest.mark.slow

ARTICLE = (
    "Police arrest dozens in Cairo protest\n\n"
    "Egyptian police arrested 40 protesters in Cairo on Tuesday, the interior ministry said. "
    "On Monday, gunmen killed three soldiers near the town of Arish, according to Reuters."
)
SCHEMA = json.loads((ROOT / "docs" / "event.schema.json").read_text())


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "cairo.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_every_command_has_help_with_an_example(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    commands = [line.split()[0] for line in result.stdout.split("Commands:")[1].strip().splitlines()]
    assert {"extract", "ingest", "events", "export"} <= set(commands)
    for command in commands:
        help_text = runner.invoke(cli, [command, "--help"]).stdout
        assert "Example" in help_text, command


def test_extract_prints_schema_valid_events(runner, article_file):
    result = runner.invoke(cli, ["extract", "--published", "2024-03-14", str(article_file)])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events
    for event in events:
        jsonschema.validate(event, SCHEMA)
    arrests = [e for e in events if e["type"] == "COERCE" and e["evidence"]["trigger"] == "arrested"]
    assert arrests and arrests[0]["date"]["start"] == "2024-03-12"  # "on Tuesday" before Thu 14th
    assert arrests[0]["location"]["name"] == "Cairo"


def test_extract_keeps_jsonl_ids_and_reports_bad_inputs(runner, tmp_path, article_file):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "doc-1", "text": ARTICLE, "published": "2024-03-14"}) + "\n{not json\n")
    missing = tmp_path / "missing.txt"
    result = runner.invoke(cli, ["extract", str(missing), str(corpus)])
    assert result.exit_code == 1
    assert str(missing) in result.stderr
    assert "corpus.jsonl:2" in result.stderr
    ids = {json.loads(line)["article_id"] for line in result.stdout.splitlines()}
    assert ids == {"doc-1"}


def test_extract_csv_flattens_fields(runner, article_file):
    result = runner.invoke(cli, ["extract", "--published", "2024-03-14", "--format", "csv", str(article_file)])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and "actor.name" in rows[0] and "location.lat" in rows[0]


def test_ingest_is_idempotent_and_events_can_be_queried_and_exported(runner, tmp_path, article_file):
    db = f"sqlite:///{tmp_path / 'events.db'}"
    first = runner.invoke(cli, ["ingest", "--db", db, "--published", "2024-03-14", str(article_file)])
    assert first.exit_code == 0, first.output
    assert "1 added" in first.stderr
    again = runner.invoke(cli, ["ingest", "--db", db, "--published", "2024-03-14", str(article_file)])
    assert "0 added" in again.stderr and "1 already stored" in again.stderr

    listed = runner.invoke(cli, ["events", "--db", db, "--type", "COERCE", "--format", "jsonl"])
    assert listed.exit_code == 0
    assert [json.loads(line)["type"] for line in listed.stdout.splitlines()] == ["COERCE"]

    out = tmp_path / "events.geojson"
    exported = runner.invoke(cli, ["export", "--db", db, "--format", "geojson", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    features = json.loads(out.read_text())["features"]
    assert features and all(f["geometry"]["type"] == "Point" for f in features)


def test_bad_database_url_is_one_line_and_exit_3(runner):
    result = runner.invoke(cli, ["events", "--db", "nosuchdb://x"])
    assert result.exit_code == 3
    assert len(result.stderr.strip().splitlines()) == 1
