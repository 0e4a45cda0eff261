"""The ``tidings`` command line. Each command parses its options, makes one library call
and translates ``TidingsError`` into a one-line message and an exit code.

Exit codes (documented in README):
    0  success
    1  some inputs could not be read (each named on stderr); the rest were processed
    2  usage error (bad option or value)
    3  nothing could be done: config, model or database error
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from .errors import TidingsError

__all__ = ["cli", "main"]

EXIT_OK = 0
EXIT_SOME_INPUTS_FAILED = 1
EXIT_USAGE = 2
EXIT_FAILED = 3

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Turn a TidingsError into ``tidings: <message>`` on stderr and exit code 3."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TidingsError as exc:
            click.echo(f"tidings: {exc}", err=True)
            sys.exit(EXIT_FAILED)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="tidings")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="TIDINGS_CONFIG",
    help="TOML file overriding data/defaults.toml.",
)
def cli(config_path: str | None) -> None:
    """tidings: sourced, dated, geocoded event records from English news.

    \b
    Example:
      tidings extract --published 2016-06-10 article.txt
      tidings ingest examples/ --db sqlite:///tidings.db
      tidings events --type ASSAULT --since 2016-01-01
    """
    if config_path:
        import os

        os.environ["TIDINGS_CONFIG"] = config_path


def main() -> None:
    cli(prog_name="tidings")


# Commands are defined below, one block per command; each block only parses options,
# calls one library function and formats the result.

DATE = click.DateTime(formats=["%Y-%m-%d"])
DB_OPTION = click.option(
    "--db",
    "db_url",
    envvar="TIDINGS_DB",
    default=None,
    help="Database URL: sqlite:///file.db (default from config) or postgresql+psycopg://user:pw@host/db.",
)


def _print_source_error(err: Any) -> None:
    click.echo(f"tidings: skipped {err}", err=True)


class _InputRun:
    """The pipeline over INPUTS for the stateless commands: unreadable inputs are printed
    to stderr as they come and decide the exit code; the rest are yielded."""

    def __init__(self, inputs: tuple[str, ...], published: Any, workers: int = 1) -> None:
        self.inputs, self.workers = inputs, workers
        self.published = published.date() if published else None
        self.failed = False

    def results(self) -> Any:
        from .errors import SourceError
        from .pipeline import process_inputs

        for item in process_inputs(self.inputs, published=self.published, n_process=self.workers):
            if isinstance(item, SourceError):
                self.failed = True
                _print_source_error(item)
            else:
                yield item

    def exit(self) -> None:
        sys.exit(EXIT_SOME_INPUTS_FAILED if self.failed else EXIT_OK)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--published", type=DATE, help="Publication date (YYYY-MM-DD) for every input.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv", "table"]), default="jsonl", show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes.")
@handle_errors
def extract(inputs: tuple[str, ...], published: Any, fmt: str, workers: int) -> None:
    """Print the events in INPUTS (files, directories, feeds, URLs); stores nothing.

    \b
    Example:
      tidings extract --published 2016-06-10 --format table ../shared/seed/000_27db448f5d0ecbff.txt
    """
    from .output import EVENT_TABLE_COLUMNS, write_records

    run = _InputRun(inputs, published, workers)
    events = (event.to_dict() for result in run.results() for event in result.events)
    write_records(events, fmt, sys.stdout, columns=EVENT_TABLE_COLUMNS)
    run.exit()


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@DB_OPTION
@click.option("--published", type=DATE, help="Publication date (YYYY-MM-DD) for every input.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@handle_errors
def ingest(inputs: tuple[str, ...], db_url: str | None, published: Any, workers: int, quiet: bool) -> None:
    """Extract events from INPUTS and store them (re-running skips stored articles).

    \b
    Example:
      tidings ingest examples/ --db sqlite:///tidings.db
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .ingest import ingest as run_ingest
    from .store import Store

    with Store(db_url) as store, Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        disable=quiet or not sys.stderr.isatty(), transient=True,
    ) as progress:
        task = progress.add_task("reading", total=None)
        report = run_ingest(
            inputs,
            store,
            published=published.date() if published else None,
            n_process=workers,
            on_error=_print_source_error,
            on_article=lambda a: progress.update(task, advance=1, description=f"read {a.source}"[:80]),
        )
    click.echo(
        f"{report.articles_read} articles read, {report.articles_added} added, "
        f"{report.articles_skipped} already stored, {report.events_added} events, "
        f"{len(report.errors)} inputs skipped",
        err=True,
    )
    sys.exit(EXIT_SOME_INPUTS_FAILED if report.errors else EXIT_OK)


def _filter_options(func: F) -> F:
    options = [
        click.option("--type", "types", multiple=True, help="PLOVER type (repeatable), e.g. ASSAULT."),
        click.option("--actor", help="Actor or recipient name contains this."),
        click.option("--place", help="Location name contains this."),
        click.option("--since", type=DATE, help="Events on or after this date."),
        click.option("--until", type=DATE, help="Events on or before this date."),
        click.option("--modality", "modalities", multiple=True,
                     type=click.Choice(["asserted", "reported", "claimed", "denied", "negated", "future", "hypothetical"])),
        click.option("--text", "q", help="Evidence sentence contains this."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _event_filter(types: tuple[str, ...], actor: str | None, place: str | None, since: Any, until: Any,
                  modalities: tuple[str, ...], q: str | None, facts_only: bool) -> Any:
    from .store import EventFilter

    return EventFilter(
        types=[t.upper() for t in types] or None,
        actor=actor,
        place=place,
        since=since.date() if since else None,
        until=until.date() if until else None,
        modalities=list(modalities) or None,
        facts_only=facts_only,
        q=q,
    )


@cli.command()
@DB_OPTION
@_filter_options
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--sort", type=click.Choice(["date", "-date", "type", "-type", "confidence", "-confidence", "fatalities", "-fatalities"]), default="-date", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json", "csv"]), default="table", show_default=True)
@handle_errors
def events(db_url: str | None, types: tuple[str, ...], actor: str | None, place: str | None, since: Any,
           until: Any, modalities: tuple[str, ...], q: str | None, limit: int, offset: int, sort: str, fmt: str) -> None:
    """List stored events, filtered.

    \b
    Example:
      tidings events --type ASSAULT --since 2016-01-01 --actor "Islamic State"
    """
    from .output import EVENT_TABLE_COLUMNS, write_records
    from .store import Store

    with Store(db_url) as store:
        page = store.query_events(
            _event_filter(types, actor, place, since, until, modalities, q, False), limit=limit, offset=offset, sort=sort
        )
    title = f"{len(page.items)} of {page.total} events" if fmt == "table" else None
    write_records((e.to_dict() for e in page.items), fmt, sys.stdout, columns=EVENT_TABLE_COLUMNS, title=title)


@cli.command()
@DB_OPTION
@_filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "geojson", "parquet"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@click.option("--all-modalities", is_flag=True, help="Also export denied, negated, future, hypothetical and claimed events.")
@handle_errors
def export(db_url: str | None, types: tuple[str, ...], actor: str | None, place: str | None, since: Any, until: Any,
           modalities: tuple[str, ...], q: str | None, fmt: str, output: str | None, all_modalities: bool) -> None:
    """Export stored events; by default only facts (asserted or reported events).

    \b
    Example:
      tidings export --format geojson -o events.geojson --type ASSAULT
    """
    from .store import Store, export_events

    if fmt == "parquet" and output is None:
        raise click.UsageError("--format parquet needs -o FILE")
    filters = _event_filter(types, actor, place, since, until, modalities, q, not all_modalities and not modalities)
    with Store(db_url) as store:
        if output is None:
            count = export_events(store.iter_events(filters), fmt, sys.stdout.buffer)
        else:
            with open(output, "wb") as fh:
                count = export_events(store.iter_events(filters), fmt, fh)
    click.echo(f"{count} events exported", err=True)


@cli.command("eval")
@click.argument("gold", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--gsr", "gsr_path", type=click.Path(exists=True, dir_okay=False),
              help="Score against the PLOVER gold-standard records JSON (PLOVER_GSR_CAMEO.json) instead.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@handle_errors
def eval_command(gold: str | None, gsr_path: str | None, as_json: bool) -> None:
    """Score event extraction against a gold JSONL file (format: docs/gold-format.md).

    Prints per-class precision/recall/F1, macro and weighted F1, a confusion table, and
    date, place (within 25 km) and actor accuracy.

    \b
    Example:
      tidings eval gold.jsonl
      tidings eval --gsr ../shared/data/plover-gsr/PLOVER_GSR_CAMEO.json --json
    """
    import json as json_module
    from pathlib import Path

    from .evaluation.events import evaluate_events

    if (gold is None) == (gsr_path is None):
        raise click.UsageError("give either a GOLD file or --gsr PATH")
    report = evaluate_events(Path(gold or gsr_path or ""), gsr=gsr_path is not None)
    click.echo(json_module.dumps(report.to_dict(), indent=2) if as_json else report.format())


@cli.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="TIDINGS_API_TOKEN",
    default=None,
    help="Bearer token allowing POST /api/articles (or TIDINGS_API_TOKEN); without one the server is read-only.",
)
@handle_errors
def serve(db_url: str | None, host: str, port: int, token: str | None) -> None:
    """Serve the REST API (/api, docs at /docs) and the dashboard (/).

    \b
    Example:
      tidings serve --db sqlite:///tidings.db --port 8000
      TIDINGS_API_TOKEN=$(openssl rand -hex 16) tidings serve --host 0.0.0.0
    """
    import gc

    import uvicorn

    from .api import create_app

    app = create_app(db_url, token=token)
    # Objects alive after start-up (models, tables) live as long as the server: keeping
    # them out of the collector's scans removes ~90 ms pauses from large responses.
    gc.freeze()
    uvicorn.run(app, host=host, port=port, log_level="info")


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Directory for the weights (default: the shipped data/models).")
@click.option("--no-gsr", is_flag=True, help="Train on the team's sentences only (no PLOVER gold-standard records).")
@click.option("--gsr", "gsr_path", type=click.Path(dir_okay=False), help="PLOVER_GSR_CAMEO.json (default: ../shared/data/plover-gsr/).")
@click.option("--tune-encoder", is_flag=True, help="First fine-tune the encoder's top layers (needs torch; about 10 min on 2 cores).")
@handle_errors
def train(out_dir: str | None, no_gsr: bool, gsr_path: str | None, tune_encoder: bool) -> None:
    """Train the event classifier (fixed seed) and write versioned weights.

    \b
    Example:
      tidings train --out models/
      tidings train --tune-encoder    # also rewrites data/models/encoder_tuned-v1.npz
    """
    from pathlib import Path

    from .classifier.train import train as train_classifier

    path = train_classifier(
        Path(out_dir) if out_dir else None,
        include_gsr=not no_gsr,
        gsr_path=Path(gsr_path) if gsr_path else None,
        tune=tune_encoder,
    )
    click.echo(str(path))


@cli.command()
@click.option("--force", is_flag=True, help="Export again even if the cache has the files.")
@handle_errors
def models(force: bool) -> None:
    """Export the sentence encoder to ONNX in the cache ($TIDINGS_CACHE or ~/.cache/tidings).

    Runs once at set-up (`make install` calls it); later runs find the files and return.

    \b
    Example:
      tidings models
    """
    from .classifier._encoder import export_encoder

    click.echo(str(export_encoder(quantized=True, force=force)))


PLACE_TABLE_COLUMNS = (
    ("article", "article_id"),
    ("text", "text"),
    ("start", "start"),
    ("end", "end"),
    ("name", "name"),
    ("lat", "lat"),
    ("lon", "lon"),
    ("country", "country"),
    ("geonameid", "geonameid"),
)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--published", type=DATE, help="Publication date (YYYY-MM-DD) for every input.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv", "table"]), default="jsonl", show_default=True)
@handle_errors
def places(inputs: tuple[str, ...], published: Any, fmt: str) -> None:
    """Print every toponym in INPUTS, resolved to coordinates (unresolved ones without).

    \b
    Example:
      tidings places --format table ../shared/seed/000_27db448f5d0ecbff.txt
    """
    from .output import write_records

    run = _InputRun(inputs, published)
    toponyms = (toponym.to_dict() for result in run.results() for toponym in result.toponyms)
    write_records(toponyms, fmt, sys.stdout, columns=PLACE_TABLE_COLUMNS)
    run.exit()


@cli.command("eval-places")
@click.option("--gold", "gold_tsv", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold TSV: doc, start, end, name, lat, lon.")
@click.option("--xml", "xml_path", required=True, type=click.Path(exists=True, dir_okay=False), help="Articles XML (GeoVirus layout).")
@click.option("--mode", type=click.Choice(["e2e", "gold"]), default="e2e", show_default=True, help="e2e: find and resolve; gold: resolve the gold spans.")
@click.option("--limit", type=click.IntRange(1), help="Score the first N articles only.")
@handle_errors
def eval_places(gold_tsv: str, xml_path: str, mode: str, limit: int | None) -> None:
    """Score toponym recognition and resolution: recall, acc@161km, mean/median km, AUC.

    \b
    Example:
      tidings eval-places --gold ../shared/data/geovirus/GeoVirus_gold.tsv \\
          --xml ../shared/data/geovirus/GeoVirus.xml --mode gold
    """
    from pathlib import Path

    from .evaluation.places import evaluate_places

    report = evaluate_places(
        Path(gold_tsv), Path(xml_path), mode="gold_spans" if mode == "gold" else "e2e", limit=limit
    )
    click.echo(report.format())
