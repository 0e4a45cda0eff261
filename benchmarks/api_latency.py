"""API latency and dashboard first-render benchmark on 100,000 events in SQLite.

    .venv/bin/python benchmarks/api_latency.py [--events 100000] [--requests 40] [--db PATH]

Generates synthetic-but-realistic articles (news-style sentences about real places and
actors, dated 2015-2020, every span a true offset into its article) through
``Store.save_batch``, then measures p50/p95 of ``GET /api/events`` under several filter
combinations through the in-process ASGI client, the other routes the dashboard calls,
and, when /usr/bin/chromium and Playwright are present, the dashboard's time to first
render (map markers, basemap, timeline and first list page) against a real uvicorn.
Target: p95 of /api/events < 100 ms.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from tidings.api import create_app
from tidings.pipeline import ArticleResult
from tidings.records import ActorRef, Article, Attribution, DateInfo, Event, Evidence, Location
from tidings.store import Store

# (city, lat, lon, ISO3) — real places, so bbox queries see realistic clustering.
PLACES = [
    ("Sirte", 31.205, 16.588, "LBY"), ("Benghazi", 32.115, 20.068, "LBY"), ("Tripoli", 32.887, 13.191, "LBY"),
    ("Aleppo", 36.202, 37.134, "SYR"), ("Homs", 34.731, 36.709, "SYR"), ("Mosul", 36.34, 43.13, "IRQ"),
    ("Baghdad", 33.341, 44.401, "IRQ"), ("Kabul", 34.528, 69.172, "AFG"), ("Kandahar", 31.613, 65.71, "AFG"),
    ("Mogadishu", 2.037, 45.344, "SOM"), ("Nairobi", -1.283, 36.817, "KEN"), ("Juba", 4.859, 31.571, "SSD"),
    ("Maiduguri", 11.846, 13.16, "NGA"), ("Lagos", 6.455, 3.394, "NGA"), ("Bamako", 12.65, -8.0, "MLI"),
    ("Sanaa", 15.355, 44.207, "YEM"), ("Aden", 12.779, 45.037, "YEM"), ("Donetsk", 48.016, 37.803, "UKR"),
    ("Kyiv", 50.45, 30.523, "UKR"), ("Caracas", 10.488, -66.879, "VEN"), ("Bogota", 4.61, -74.082, "COL"),
    ("Manila", 14.604, 120.982, "PHL"), ("Marawi", 8.003, 124.284, "PHL"), ("Yangon", 16.805, 96.156, "MMR"),
    ("Cairo", 30.044, 31.236, "EGY"), ("Istanbul", 41.014, 28.95, "TUR"), ("Gaza", 31.502, 34.467, "PSE"),
    ("Tunis", 36.8, 10.18, "TUN"), ("Khartoum", 15.552, 32.532, "SDN"), ("Kinshasa", -4.325, 15.322, "COD"),
]
ACTORS = [
    ("government forces", "Government forces", "MIL"), ("rebels", "Rebels", "REB"), ("police", "Police", "COP"),
    ("Islamic State militants", "Islamic State", "REB"), ("protesters", "Protesters", "CVL"),
    ("the army", "Army", "MIL"), ("opposition leaders", "Opposition", "OPP"), ("the ministry", "Ministry", "GOV"),
    ("aid agencies", "Aid agencies", "NGO"), ("tribal elders", "Tribal elders", "CVL"),
]
TEMPLATES = [  # type, sentence (trigger in [brackets]), modality, ACLED type
    ("ASSAULT", "{a} [attacked] {r} in {p} on {d}, killing {n} people", "asserted", "Battles"),
    ("ASSAULT", "{a} [shelled] positions held by {r} near {p} on {d}", "reported", "Explosions/Remote violence"),
    ("PROTEST", "{a} [protested] against {r} in {p} on {d}", "asserted", "Protests"),
    ("COERCE", "{a} [arrested] dozens of {r} in {p} on {d}", "reported", "Strategic developments"),
    ("MOBILIZE", "{a} [deployed] troops against {r} around {p} on {d}", "asserted", None),
    ("THREATEN", "{a} [threatened] to strike {r} in {p} on {d}", "claimed", None),
    ("AGREE", "{a} and {r} [agreed] to a ceasefire in {p} on {d}", "reported", None),
    ("CONSULT", "{a} [met] {r} in {p} on {d} to discuss the crisis", "asserted", None),
    ("AID", "{a} [delivered] food to {r} in {p} on {d}", "asserted", None),
    ("ACCUSE", "{a} [accused] {r} of abuses in {p} on {d}", "claimed", None),
    ("REJECT", "{a} [rejected] demands by {r} in {p} on {d}", "asserted", None),
    ("REQUEST", "{a} [called on] {r} to withdraw from {p} on {d}", "asserted", None),
]
SOURCES = ["Reuters", "AFP", "witnesses", "a local official", "state media"]


def synthetic_results(n_events: int, seed: int = 42, per_article: int = 4) -> Iterator[ArticleResult]:
    """Articles of ``per_article`` sentences, one event each, with exact span offsets."""
    rng = random.Random(seed)
    start_day = date(2015, 1, 1).toordinal()
    made = 0
    index = 0
    while made < n_events:
        published = date.fromordinal(start_day + rng.randrange(6 * 365))
        parts: list[str] = []
        pending: list[tuple[int, str, dict[str, tuple[int, int]], dict[str, object]]] = []
        offset = 0
        for _ in range(min(per_article, n_events - made)):
            kind, template, modality, acled = rng.choice(TEMPLATES)
            a, r = rng.sample(ACTORS, 2)
            place = rng.choice(PLACES)
            day = published - timedelta(days=rng.randrange(4))
            fields = {"a": a[0], "r": r[0], "p": place[0], "d": day.strftime("%B %-d"), "n": str(rng.randrange(1, 40))}
            sentence = template.format(**fields)
            source = rng.choice(SOURCES)
            sentence = sentence[0].upper() + sentence[1:] + f", {source} said."
            spans: dict[str, tuple[int, int]] = {}
            clean = sentence.replace("[", "").replace("]", "")
            trig = sentence.index("[")
            spans["trigger"] = (trig, sentence.index("]") - 1)
            for key in ("a", "r", "p", "d"):
                at = clean.lower().index(fields[key].lower())
                spans[key] = (at, at + len(fields[key]))
            at = clean.rindex(source)
            spans["source"] = (at, at + len(source))
            pending.append((offset, clean, spans, {"kind": kind, "modality": modality, "acled": acled, "a": a,
                                                   "r": r, "place": place, "day": day, "source": source}))
            parts.append(clean)
            offset += len(clean) + 1
            made += 1
        text = " ".join(parts)
        index += 1
        article = Article.from_text(text, title=f"Report {index}", published=published, source="synthetic")
        events = []
        for base, clean, spans, info in pending:
            def at(key: str, base: int = base, spans: dict[str, tuple[int, int]] = spans) -> tuple[int, int]:
                return base + spans[key][0], base + spans[key][1]

            t0, t1 = at("trigger")
            a0, a1 = at("a")
            r0, r1 = at("r")
            p0, p1 = at("p")
            d0, d1 = at("d")
            s0, s1 = at("source")
            a, r, place, day = info["a"], info["r"], info["place"], info["day"]
            kind = str(info["kind"])
            events.append(
                Event(
                    id=Event.make_id(article.id, t0, kind), article_id=article.id, type=kind, mode=None,
                    cameo_root=None, acled_event_type=info["acled"], acled_sub_event_type=None,  # type: ignore[arg-type]
                    actor=ActorRef(text=text[a0:a1], name=a[1], start=a0, end=a1, country=place[3], sector=a[2]),  # type: ignore[index]
                    recipient=ActorRef(text=text[r0:r1], name=r[1], start=r0, end=r1, country=place[3], sector=r[2]),  # type: ignore[index]
                    location=Location(text=place[0], name=place[0], start=p0, end=p1, lat=place[1], lon=place[2],  # type: ignore[index]
                                      country=place[3], precision="city"),  # type: ignore[index]
                    date=DateInfo(start=day.isoformat(), end=day.isoformat(), precision="day", basis="explicit",  # type: ignore[attr-defined]
                                  text=text[d0:d1], span_start=d0, span_end=d1),
                    evidence=Evidence(sentence=clean, start=base, end=base + len(clean), trigger=text[t0:t1],
                                      trigger_start=t0, trigger_end=t1),
                    attribution=Attribution(source=str(info["source"]), verb="said", start=s0, end=s1),
                    modality=str(info["modality"]), confidence=round(rng.uniform(0.35, 0.99), 3),
                )
            )
        yield ArticleResult(article, events, [])


def fill(url: str, n_events: int) -> float:
    started = time.perf_counter()
    with Store(url) as store:
        batch: list[ArticleResult] = []
        for result in synthetic_results(n_events):
            batch.append(result)
            if len(batch) == 500:
                store.save_batch(batch)
                batch = []
        if batch:
            store.save_batch(batch)
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(call: Callable[[], object], repeats: int) -> tuple[float, float]:
    call()  # warm caches
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), percentile(times, 0.95)


SCENARIOS: list[tuple[str, str, dict[str, object]]] = [
    ("events: no filter, newest first", "/api/events", {}),
    ("events: type=ASSAULT", "/api/events", {"type": "ASSAULT"}),
    ("events: type + since/until", "/api/events", {"type": "PROTEST,COERCE", "since": "2017-01-01", "until": "2017-06-30"}),
    ("events: actor substring", "/api/events", {"actor": "islamic"}),
    ("events: place substring", "/api/events", {"place": "aleppo"}),
    ("events: bbox (Libya)", "/api/events", {"bbox": "9.3,19.5,25.2,33.2"}),
    ("events: bbox + type + facts_only", "/api/events", {"bbox": "30,-5,50,20", "type": "ASSAULT", "facts_only": True}),
    ("events: text query", "/api/events", {"q": "ceasefire"}),
    ("events: modality=claimed, sort -confidence", "/api/events", {"modality": "claimed", "sort": "-confidence"}),
    ("events: page 200 (offset 10000)", "/api/events", {"offset": 10_000}),
    ("events: limit=500", "/api/events", {"limit": 500}),
    ("stats: no filter", "/api/stats", {}),
    ("stats: type=ASSAULT", "/api/stats", {"type": "ASSAULT"}),
    ("map: world view (max_map_points)", "/api/map", {"bbox": "-180,-90,180,90"}),
    ("actors: top 100", "/api/actors", {}),
]


def first_render_ms(url: str, runs: int = 3) -> list[float] | str:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return "skipped: /usr/bin/chromium not installed"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "skipped: playwright not installed"
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(chromium), headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"],
            )
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector("tr.event-row", timeout=60_000)
                page.wait_for_selector(".ev-cluster, .ev-dot", timeout=60_000)
                page.wait_for_selector("#map[data-basemap=loaded]", timeout=60_000)
                results.append((time.perf_counter() - started) * 1000)
                page.close()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per scenario")
    parser.add_argument("--db", help="SQLite file to (re)use; default: a fresh temporary one")
    parser.add_argument("--only", help="run only the scenarios whose name contains this text")
    parser.add_argument("--no-render", action="store_true", help="skip the dashboard first render")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "bench.db"
        url = f"sqlite:///{path}"
        if path.exists():
            print(f"reusing {path}")
        else:
            seconds = fill(url, args.events)
            print(f"stored {args.events:,} events in {seconds:.1f} s ({args.events / seconds:,.0f} events/s)")
        client = TestClient(create_app(url))
        print(f"{'scenario':48} {'p50 ms':>8} {'p95 ms':>8}  matches")
        event_p95 = []
        for name, route, params in SCENARIOS:
            if args.only and args.only not in name:
                continue

            def call(route: str = route, params: dict[str, object] = params) -> object:
                response = client.get(route, params=params)
                response.raise_for_status()
                return response
            p50, p95 = measure(call, args.requests)
            body = client.get(route, params=params).json()
            total = body.get("total", body.get("total_events", len(body.get("items", []))))
            print(f"{name:48} {p50:8.1f} {p95:8.1f}  {total:,}")
            if route == "/api/events":
                event_p95.append(p95)
        if event_p95:
            worst = max(event_p95)
            verdict = "meets" if worst < 100 else "misses"
            print(f"/api/events worst-scenario p95: {worst:.1f} ms ({verdict} the 100 ms target)")
        if args.no_render:
            return
        render = first_render_ms(url)
        if isinstance(render, str):
            print(f"dashboard first render: {render}")
        else:
            print("dashboard first render (list + markers + basemap): "
                  + ", ".join(f"{ms:.0f}" for ms in render) + f" ms (median {statistics.median(render):.0f} ms)")


if __name__ == "__main__":
    main()
