"""End to end: open the dashboard, filter by type, open an event, see its evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

def _open(browser, server_url: str, problems: list[str]):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.goto(f"{server_url}/")
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    return page


def test_filter_by_type_then_read_the_evidence(browser, server_url: str, samples, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page = _open(browser, server_url, problems)
    page.wait_for_selector("tr.event-row")
    page.wait_for_selector(".ev-cluster, .ev-dot")  # markers drawn on the map
    page.wait_for_selector("#map[data-basemap=loaded] .leaflet-overlay-pane canvas")  # Natural Earth
    assert page.locator("#list-title").inner_text() == "39 events"
    page.screenshot(path=str(tmp_path / "overview.png"))

    # Filter by type through the type picker.
    page.click("#type-picker summary")
    page.check("input[name=type][value=ASSAULT]")
    expect(page.locator("#list-title")).to_have_text("1 events")
    types = page.locator("tr.event-row").evaluate_all("rows => rows.map(r => r.dataset.type)")
    assert types == ["ASSAULT"]
    assert "type=ASSAULT" in page.url

    # Open the event: the evidence sentence is highlighted and the fields are marked.
    page.click("tr.event-row a.event-link")
    evidence = page.locator("mark#evidence")
    evidence.wait_for(state="visible")
    assert evidence.is_visible()
    expected = samples.BEN_JAWAD.split("\n\n")[1].split(" The guard")[0]
    assert evidence.inner_text() == expected
    assert page.locator(".article-text .f-trigger").inner_text() == "clashed"
    assert page.locator(".article-text .f-actor").inner_text() == "Petroleum Facilities Guard"
    assert page.locator(".article-text .f-location").inner_text() == "Ben Jawad"
    assert page.locator(".article-text .f-date").inner_text() == "Thursday"
    assert page.locator(".article-text .f-attribution").inner_text() == "Reuters"
    page.screenshot(path=str(tmp_path / "event.png"))

    # The actor link leads to the actor page with its timeline.
    page.click(".event-fields a[href^='#/actor/']")
    page.wait_for_selector("h1.actor-name")
    assert page.locator("h1.actor-name").inner_text() == "Petroleum Facilities Guard"
    assert page.locator("#actor-events tr.event-row").count() == 2
    assert problems == []


def test_hostile_article_markup_is_shown_not_run(browser, server_url: str, samples) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page = _open(browser, server_url, problems)
    page.fill("input[name=q]", "parliament")
    page.press("input[name=q]", "Enter")
    expect(page.locator("#list-title")).to_have_text("1 events")
    page.click("tr.event-row a.event-link")
    page.locator("mark#evidence").wait_for(state="visible")
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".article-text img, .article-text script, .article-title img").count() == 0
    assert samples.HOSTILE_MARKUP in page.locator(".article-text").inner_text()
    assert samples.HOSTILE_MARKUP in page.locator("mark#evidence").inner_text()
    assert samples.HOSTILE_MARKUP in page.locator(".article-title").inner_text()
    # The javascript: URL of another article never becomes a link.
    assert page.locator("a[href^='javascript:']").count() == 0
    assert problems == []


def test_api_docs_render_offline_under_the_csp(browser, server_url: str) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page = browser.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.goto(f"{server_url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("tidings", timeout=20_000)
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert [p for p in problems if "Content Security Policy" in p] == []
