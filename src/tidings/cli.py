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

__all__ = ["main", "cli"]

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
