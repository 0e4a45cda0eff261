"""Fixtures for the sources tests: a real local HTTP server and config overrides."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from .helpers import LocalServer, Route, make_handler


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A real HTTP server on 127.0.0.1 serving whatever the test puts in ``routes``."""
    routes: dict[str, Route] = {}
    hits: dict[str, int] = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(routes, hits))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{server.server_address[1]}", routes, hits)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def sources_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Override ``[sources]`` settings through the real config mechanism (TIDINGS_CONFIG)."""

    def _set(body: str) -> None:
        path = tmp_path / f"config-{abs(hash(body))}.toml"
        path.write_text("[sources]\n" + body, encoding="utf-8")
        monkeypatch.setenv("TIDINGS_CONFIG", str(path))

    return _set
