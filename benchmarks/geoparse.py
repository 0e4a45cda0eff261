"""Geoparsing benchmark: gazetteer build and load time, memory, resolution's share of
extraction time, and GeoVirus scores (end to end and with gold spans).

    .venv/bin/python benchmarks/geoparse.py [--limit N]

Builds the gazetteer into a fresh temporary cache so the build time is real; GeoVirus is
read from ../shared/data/geovirus/ (skipped when absent).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEOVIRUS = ROOT.parent / "shared" / "data" / "geovirus"

_LOAD_PROBE = """
import re, time
def rss_mb():
    status = open("/proc/self/status").read()
    return int(re.search(r"VmRSS:\\s+(\\d+)", status).group(1)) / 1024
from tidings.gazetteer import load_gazetteer
before = rss_mb()
t = time.perf_counter()
g = load_gazetteer()
g.lookup("Sirte")
print(time.perf_counter() - t, rss_mb() - before, rss_mb())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="GeoVirus articles to score")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as cache:
        os.environ["TIDINGS_CACHE"] = cache
        from tidings.gazetteer import build_gazetteer, load_gazetteer

        started = time.perf_counter()
        path = build_gazetteer(Path(cache))
        print(f"gazetteer build         {time.perf_counter() - started:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
        probe = subprocess.run(
            [sys.executable, "-c", _LOAD_PROBE], capture_output=True, text=True, check=True,
            env={**os.environ, "TIDINGS_CACHE": cache},
        )
        load_s, added_mb, rss_mb = map(float, probe.stdout.split())
        print(f"gazetteer cached load   {load_s:.2f} s (fresh process, imports excluded)")
        print(f"gazetteer memory        +{added_mb:.0f} MB RSS (process total {rss_mb:.0f} MB)")
        gaz = load_gazetteer()
        print(f"gazetteer entries       {len(gaz)}")
        _resolution_share(args.limit)
        _geovirus(args.limit)


def _resolution_share(limit: int | None) -> None:
    """Time spaCy alone vs spaCy + tidings_places over the same texts."""
    if not GEOVIRUS.exists():
        print("resolution share        skipped (no GeoVirus texts)")
        return
    from tidings.evaluation.places import places_nlp, read_geoparsing_gold

    texts = [a.text for a in read_geoparsing_gold(GEOVIRUS / "GeoVirus_gold.tsv", GEOVIRUS / "GeoVirus.xml")]
    texts = texts[: limit or 100]
    nlp = places_nlp()
    component = nlp.get_pipe("tidings_places")
    component(nlp.make_doc("warm up in Paris"))  # loads the gazetteer outside the timing
    docs = []
    started = time.perf_counter()
    with nlp.select_pipes(disable=["tidings_places"]):
        docs = list(nlp.pipe(texts, batch_size=16))
    base = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        component(doc)
    places = time.perf_counter() - started
    print(f"spaCy parse             {base:.2f} s for {len(texts)} articles")
    print(f"tidings_places          {places:.2f} s ({places / base:.1%} of the spaCy time)")


def _geovirus(limit: int | None) -> None:
    if not GEOVIRUS.exists():
        print(f"GeoVirus                skipped ({GEOVIRUS} absent)")
        return
    from tidings.evaluation.places import evaluate_places

    for mode in ("gold_spans", "e2e"):
        report = evaluate_places(GEOVIRUS / "GeoVirus_gold.tsv", GEOVIRUS / "GeoVirus.xml", mode=mode, limit=limit)  # type: ignore[arg-type]
        print()
        print(report.format())


if __name__ == "__main__":
    main()
