"""Where countries, regions and macro-regions are put on the map."""

import csv

import pytest

from tidings.config import data_path
from tidings.gazetteer import haversine_km, load_gazetteer

pytestmark = pytest.mark.slow  # builds the gazetteer cache on first use


def _centroids() -> dict[str, tuple[float, float]]:
    with data_path("country_centroids.csv").open(encoding="utf-8", newline="") as fh:
        return {r["alpha3"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}


def test_centroid_file_covers_the_countries():
    centroids = _centroids()
    assert len(centroids) > 200
    for lat, lon in centroids.values():
        assert -90 <= lat <= 90 and -180 <= lon <= 180


@pytest.mark.parametrize(
    ("alpha3", "lat", "lon", "km"),
    [
        ("USA", 39.83, -98.58, 50),  # override: geographic centre of the contiguous US
        ("AUS", -27.0, 133.0, 50),  # CIA World Factbook point
        ("CAN", 60.0, -95.0, 50),  # CIA World Factbook point
        ("IDN", -5.0, 120.0, 50),  # an archipelago: the Factbook, not the largest island
        ("FRA", 46.0, 2.0, 100),  # metropolitan France, not pulled by overseas parts
    ],
)
def test_country_point_follows_the_factbook_convention(alpha3, lat, lon, km):
    place = load_gazetteer().country(alpha3)
    assert place is not None
    assert haversine_km(place.lat, place.lon, lat, lon) < km


def test_crescent_country_point_lies_inside():
    # Vietnam's area centroid falls in Laos; the pole of inaccessibility is Vietnamese.
    lat, lon = _centroids()["VNM"]
    assert 8 < lat < 23.5 and 102 < lon < 110
    assert load_gazetteer().lookup("Vietnam")[0].country == "VNM"


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        # Geographic centres; the box of their cities sits on the populated coast or south.
        ("Queensland", "AUS", -22.5, 144.5),
        ("New South Wales", "AUS", -32.2, 147.0),
        ("Ontario", "CAN", 50.0, -85.0),
        ("Alberta", "CAN", 55.0, -115.0),
    ],
)
def test_region_point_is_near_its_area_centre(name, country, lat, lon):
    regions = [
        p for p in load_gazetteer().lookup(name) if p.feature == "region" and p.country == country
    ]
    assert regions, name
    assert haversine_km(regions[0].lat, regions[0].lon, lat, lon) < 161


def test_macro_region_resolves_without_a_country():
    from tidings.extract.places import resolve_spans

    text = "Unrest spread across the Middle East and West Africa."
    middle_east, west_africa = resolve_spans(text, [(25, 36), (41, 52)])
    assert middle_east.precision == "continent" and middle_east.country is None
    assert haversine_km(middle_east.lat, middle_east.lon, 29.0, 41.0) < 500
    assert west_africa.precision == "continent"
    assert haversine_km(west_africa.lat, west_africa.lon, 13.5, -2.0) < 600


def test_area_made_of_regions_resolves_in_its_country():
    from tidings.extract.places import resolve_spans

    darfur = resolve_spans("Fighting in Darfur.", [(12, 18)])[0]
    assert darfur.precision == "region" and darfur.country == "SDN"
    assert haversine_km(darfur.lat, darfur.lon, 13.5, 24.5) < 300
