#!/usr/bin/env python3
"""Generate ``src/tidings/data/country_centroids.csv``: one point per country, the centroid
of its main landmass.

Convention (the one geoparsing gold standards follow, Wikipedia-style country coordinates):
the area-weighted centroid, on the sphere, of the country's largest polygon (its main
landmass, so that Alaska, Hawaii, Réunion or Svalbard do not pull the point away). When that
centroid falls outside the polygon (crescent-shaped countries), the polygon's pole of
inaccessibility (the interior point farthest from the border) is used instead.

Source: Natural Earth 1:50m admin-0 countries (public domain), as the world-atlas 2.0.2
TopoJSON vendored for the dashboard (``src/tidings/web/vendor/world-atlas/countries-50m.json``).
Geometry ids are ISO 3166-1 numeric codes, mapped to alpha-3 with ``pycountry``. A few
Natural Earth units without an ISO code are de facto parts of a country (Somaliland,
Northern Cyprus, Siachen Glacier); they are added to that country's main polygon when they
share a border with it. Kosovo has no ISO code and gets GeoNames' ``XKX``.

Usage::

    .venv/bin/python scripts/country_centroids.py        # rewrites the CSV

Deterministic: same input, same output (coordinates rounded to 3 decimals, ~100 m).
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pycountry

ROOT = Path(__file__).resolve().parent.parent
ATLAS = ROOT / "src" / "tidings" / "web" / "vendor" / "world-atlas" / "countries-50m.json"
OUTPUT = ROOT / "src" / "tidings" / "data" / "country_centroids.csv"
SOURCE = "Natural Earth 1:50m (world-atlas 2.0.2): spherical area centroid of the largest polygon"
SOURCE_POLE = (
    "Natural Earth 1:50m (world-atlas 2.0.2): pole of inaccessibility of the largest polygon"
)

# Natural Earth units without an ISO 3166 numeric id.
NO_ISO_ALPHA3 = {"Kosovo": "XKX"}  # GeoNames' code
DE_FACTO_PARTS = {"Somaliland": "SOM", "N. Cyprus": "CYP", "Siachen Glacier": "IND"}


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """Quantized, delta-encoded arcs -> arrays of (lon, lat) in degrees."""
    scale = np.asarray(topology["transform"]["scale"], dtype=float)
    translate = np.asarray(topology["transform"]["translate"], dtype=float)
    return [
        np.cumsum(np.asarray(arc, dtype=float), axis=0) * scale + translate
        for arc in topology["arcs"]
    ]


def ring_points(ring: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """The ring's points; longitudes unwrapped, so that a ring crossing the antimeridian
    (Chukotka, Fiji) runs on past 180° instead of jumping round the globe."""
    parts = []
    for k, index in enumerate(ring):
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(points if k == 0 else points[1:])
    points = np.concatenate(parts)
    unwrapped = points.copy()
    unwrapped[:, 0] = np.unwrap(points[:, 0], period=360.0)
    if abs(unwrapped[-1, 0] - unwrapped[0, 0]) > 180.0:
        return points  # the ring goes round a pole (Antarctica): leave it as it is
    return unwrapped


def ring_integrals(points: np.ndarray) -> np.ndarray:
    """Signed integrals over the ring's interior of (1, x, y, z) dA on the unit sphere, by
    Green's theorem in the (lon, lat) plane, Simpson's rule along each edge:
    area = ∮ λ cos φ dφ, x = ∮ cos²φ sin λ dφ, y = -∮ cos²φ cos λ dφ, z = ∮ λ sin φ cos φ dφ."""
    lam = np.radians(points[:, 0])
    phi = np.radians(points[:, 1])
    lam0, lam1, phi0, phi1 = lam[:-1], lam[1:], phi[:-1], phi[1:]
    dphi = phi1 - phi0
    total = np.zeros(4)
    for weight, t in ((1 / 6, 0.0), (4 / 6, 0.5), (1 / 6, 1.0)):
        la = lam0 + t * (lam1 - lam0)
        ph = phi0 + t * dphi
        c = np.cos(ph)
        total += weight * np.array(
            [
                np.sum(la * c * dphi),
                np.sum(c * c * np.sin(la) * dphi),
                -np.sum(c * c * np.cos(la) * dphi),
                np.sum(la * np.sin(ph) * c * dphi),
            ]
        )
    return total


def polygon_integrals(rings: list[np.ndarray]) -> np.ndarray:
    """Exterior minus holes, whatever the winding of each ring."""
    total = np.zeros(4)
    for k, ring in enumerate(rings):
        part = ring_integrals(ring)
        sign = 1.0 if part[0] >= 0 else -1.0
        total += (sign if k == 0 else -sign) * part
    return total


def to_latlon(integrals: np.ndarray) -> tuple[float, float]:
    x, y, z = integrals[1:]
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def inside(lon: float, lat: float, rings: list[np.ndarray]) -> bool:
    """Even-odd rule over all rings (holes included); ``lon`` also tried 360° either way."""
    return any(_inside(lon + shift, lat, rings) for shift in (0.0, 360.0, -360.0))


def _inside(lon: float, lat: float, rings: list[np.ndarray]) -> bool:
    count = 0
    for ring in rings:
        x0, y0, x1, y1 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
        crosses = (y0 > lat) != (y1 > lat)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = x0 + (lat - y0) * (x1 - x0) / (y1 - y0)
        count += int(np.sum(crosses & (lon < x_at)))
    return count % 2 == 1


def border_distance(lon: float, lat: float, rings: list[np.ndarray]) -> float:
    """Distance (degrees of latitude, longitudes scaled by cos lat) to the nearest edge."""
    scale = math.cos(math.radians(lat))
    best = math.inf
    for ring in rings:
        ax, ay = (ring[:-1, 0] - lon) * scale, ring[:-1, 1] - lat
        bx, by = (ring[1:, 0] - lon) * scale, ring[1:, 1] - lat
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.clip(np.where(length > 0, -(ax * dx + ay * dy) / length, 0.0), 0.0, 1.0)
        px, py = ax + t * dx, ay + t * dy
        best = min(best, float(np.sqrt(np.min(px * px + py * py))))
    return best


def pole_of_inaccessibility(
    rings: list[np.ndarray], steps: int = 24, rounds: int = 6
) -> tuple[float, float]:
    """The interior point farthest from the border: a grid search, refined around the best."""
    lon_min, lat_min = rings[0].min(axis=0)
    lon_max, lat_max = rings[0].max(axis=0)
    best, best_d = None, -1.0
    width, height = lon_max - lon_min, lat_max - lat_min
    center_lon, center_lat = (lon_min + lon_max) / 2, (lat_min + lat_max) / 2
    for _ in range(rounds):
        for lon in np.linspace(center_lon - width / 2, center_lon + width / 2, steps):
            for lat in np.linspace(center_lat - height / 2, center_lat + height / 2, steps):
                if inside(lon, lat, rings):
                    d = border_distance(lon, lat, rings)
                    if d > best_d:
                        best, best_d = (float(lat), float(lon)), d
        if best is None:
            break
        center_lat, center_lon = best
        width, height = width * 4 / steps, height * 4 / steps
    if best is None:  # degenerate sliver: its first vertex
        return float(rings[0][0, 1]), _wrap(float(rings[0][0, 0]))
    return best[0], _wrap(best[1])


def _wrap(lon: float) -> float:
    return (lon + 180.0) % 360.0 - 180.0


def main() -> None:
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    countries: dict[str, list[list[list[int]]]] = {}
    parts: dict[str, list[list[list[int]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        if name in DE_FACTO_PARTS:
            parts.setdefault(DE_FACTO_PARTS[name], []).extend(polygons)
            continue
        code = geometry.get("id")
        record = pycountry.countries.get(numeric=code) if code else None
        alpha3 = record.alpha_3 if record else NO_ISO_ALPHA3.get(name)
        if alpha3 is None:
            continue  # e.g. "Indian Ocean Ter.": no country of its own
        countries.setdefault(alpha3, []).extend(polygons)

    rows = []
    for alpha3, polygons in sorted(countries.items()):
        rings_of = [[ring_points(ring, arcs) for ring in polygon] for polygon in polygons]
        integrals = [polygon_integrals(rings) for rings in rings_of]
        main_index = max(range(len(polygons)), key=lambda i: integrals[i][0])
        total = integrals[main_index].copy()
        main_arcs = {a if a >= 0 else ~a for ring in polygons[main_index] for a in ring}
        for polygon in parts.get(alpha3, []):
            if main_arcs & {a if a >= 0 else ~a for ring in polygon for a in ring}:
                total += polygon_integrals([ring_points(ring, arcs) for ring in polygon])
        main_rings = rings_of[main_index]
        if np.ptp(main_rings[0][:, 0]) >= 359.0:
            continue  # the main polygon goes round a pole (Antarctica): no useful centroid
        lat, lon = to_latlon(total)
        source = SOURCE
        if not parts.get(alpha3) and not inside(lon, lat, main_rings):
            lat, lon = pole_of_inaccessibility(main_rings)
            source = SOURCE_POLE
        rows.append((alpha3, f"{lat:.3f}", f"{lon:.3f}", source))

    with OUTPUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("alpha3", "lat", "lon", "source"))
        writer.writerows(rows)
    print(f"{OUTPUT.relative_to(ROOT)}: {len(rows)} countries")


if __name__ == "__main__":
    main()
