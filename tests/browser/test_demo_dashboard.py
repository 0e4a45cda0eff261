"""The dashboard on the demo data (examples/ through the real pipeline), as a user sees it.

Set TIDINGS_SCREENSHOTS=DIR to also save the screenshots there (docs/ holds the ones the
README shows: `TIDINGS_SCREENSHOTS=docs pytest tests/browser/test_demo_dashboard.py`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _save(page, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(tmp_path / name))
    target = os.environ.get("TIDINGS_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / name))


def test_demo_data_filter_assaults_and_check_the_evidence(browser, demo_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.goto(f"{demo_url}/")
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    page.wait_for_selector("tr.event-row")
    page.wait_for_selector("#map[data-basemap=loaded] .leaflet-overlay-pane canvas")
    _save(page, tmp_path, "dashboard.png")

    page.click("#type-picker summary")
    page.check("input[name=type][value=ASSAULT]")
    page.wait_for_function(
        "() => [...document.querySelectorAll('tr.event-row')].every(r => r.dataset.type === 'ASSAULT')"
    )
    assert page.locator("tr.event-row").count() > 0

    page.click("tr.event-row a.event-link")
    evidence = page.locator("mark#evidence")
    evidence.wait_for(state="visible")
    event_id = page.url.rsplit("/", 1)[-1]
    stored = page.request.get(f"{demo_url}/api/events/{event_id}").json()
    assert evidence.inner_text().strip() == stored["evidence"]["sentence"].strip()
    assert page.locator(".article-text .f-trigger").first.inner_text() == stored["evidence"]["trigger"]
    _save(page, tmp_path, "dashboard-event.png")
    assert problems == []
