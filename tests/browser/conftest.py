"""Browser fixtures: the real app under uvicorn on a free port, and Debian's Chromium."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from tests.api import sample_events

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def samples() -> ModuleType:
    """The sample-events module: texts and markup the assertions compare against."""
    return sample_events


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing in CI: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _serve(url: str) -> Iterator[str]:
    import uvicorn

    from tidings.api import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over a SQLite store filled with the sample events, served by uvicorn."""
    from tidings.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'events.db'}"
    with Store(url) as store:
        store.save_batch(sample_events.sample_results())
        store.save_batch(sample_events.filler_results(30))
    yield from _serve(url)


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the demo data: examples/ ingested by the real pipeline."""
    from tidings.ingest import ingest
    from tidings.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    with Store(url) as store:
        report = ingest([str(Path(__file__).resolve().parents[2] / "examples")], store)
        assert report.errors == [] and report.events_added > 0
    yield from _serve(url)
