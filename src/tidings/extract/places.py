"""Toponyms: recognised in the text, resolved against the gazetteer, and chosen as an event's
location.

Recognition does not rely on NER alone. It takes NER GPE/LOC/FAC spans, then names NER
mislabelled (PERSON/ORG spans that are gazetteer names in a locative context, or named as a
place elsewhere in the article), then gazetteer names NER missed (proper nouns in a locative
context or naming a big or well-known place), then countries, regions and big cities that
open, close or follow "of" in an organisation's name ("the *U.S.* Centers for Disease
Control", "Ministry of Health of *Uganda*": ``source="in_name"``). Demonyms (Libyan, Iraqis) are
kept apart as ``kind="demonym"`` and resolve to their country.

Resolution ranks each name's candidates by population and feature type, then rescores them
with the article's other places (country and region consistency, the focus country) and
"X, Y" patterns ("Alexandria, Louisiana", and US states abbreviated after a town: "Athens,
Ga.", "Austin, TX"). A name with no fitting candidate stays
unresolved (no coordinates) rather than being guessed.

Public API::

    nlp.add_pipe("tidings_places")            # sets doc._.toponyms: list[ToponymMention]
    location_for(doc, token) -> Location | None
    resolve_spans(text, spans) -> list[Toponym]   # gold-span mode, no NLP needed
"""

from __future__ import annotations

import csv
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..config import data_path, load_config
from ..gazetteer import (
    FEATURES,
    Candidate,
    Gazetteer,
    Place,
    curated_aliases,
    fold_name,
    load_gazetteer,
)
from ..nlp import doc_text
from ..records import Location, Toponym
from .actors import is_person_title, title_before

__all__ = [
    "MentionSpan",
    "PlacesComponent",
    "ToponymMention",
    "find_toponyms",
    "location_for",
    "resolve_mentions",
    "resolve_spans",
]

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MISLABEL_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
# Prepositions that put the noun after them somewhere.
_LOCATIVE_PREPS = frozenset(
    {
        "in", "at", "near", "outside", "inside", "into", "from", "around", "across", "to",
        "towards", "toward", "through", "throughout", "within", "off", "between",
        "along", "via", "onto", "on", "over", "nearby", "beyond", "out",
    }
)  # fmt: skip
# "the town of X", "the outskirts of X"
_PLACE_NOUNS = frozenset(
    {
        "town", "towns", "city", "cities", "village", "villages", "province", "provinces",
        "region", "regions", "district", "districts", "state", "states", "county", "country",
        "outskirts", "suburb", "suburbs", "port", "capital", "area", "areas", "island",
        "islands", "governorate", "municipality", "neighbourhood", "neighborhood", "centre",
        "center", "north", "south", "east", "west", "northeast", "northwest", "southeast",
        "southwest", "parts", "part", "streets", "residents", "people", "strip", "valley",
        "airport", "base", "camp", "border", "coast", "river", "lake", "desert", "mountains",
        "peninsula", "enclave", "bank", "heights", "crossing", "square", "oblast",
    }
)  # fmt: skip
# Stricter, for names NER called a person or organisation: "a letter *to* Obama".
_STRICT_LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "into", "around", "across", "through",
     "throughout", "within", "towards", "toward", "nearby", "beyond"}
)  # fmt: skip
_CONNECTORS = frozenset({"and", "or", ",", "&"})
# A place name before these words names a pathogen or disease: "Marburg virus", "Reston strain".
_PATHOGEN_WORDS = frozenset(
    {"virus", "viruses", "ebolavirus", "strain", "strains", "fever", "haemorrhagic",
     "hemorrhagic", "disease", "encephalitis", "serotype", "subtype"}
)  # fmt: skip
_DETERMINERS = frozenset({"the", "The", "THE"})
# Abbreviations that open place names: St. Louis, Ft. Worth, Mt. Vernon, Pt. Pleasant.
_NAME_ABBREVIATIONS = frozenset({"st", "ste", "ft", "mt", "pt"})
# Entities whose names may hold a toponym ("California Department of Public Health").
_NAME_LABELS = frozenset({"ORG", "FAC"})
# Words that name a region only in some country ("Western" Province) and are common in
# organisation names ("Western Union", "Central Bank"): not toponyms on their own there.
_COMPASS_WORDS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
     "northeast", "northwest", "southeast", "southwest", "north eastern", "north western",
     "south eastern", "south western", "upper", "lower", "capital", "middle", "greater", "mid"}
)  # fmt: skip
# Common nouns of facility and organisation names that some gazetteer place is named after.
_GENERIC_NAME_WORDS = frozenset(
    {"bay", "river", "lake", "valley", "island", "islands", "coast", "mountain", "mountains",
     "park", "hill", "hills", "harbour", "harbor", "beach", "port", "city", "county", "state",
     "district", "square", "street", "bridge", "point", "springs", "falls", "heights"}
)  # fmt: skip
# Last words of street names, whose leading name is rarely the place they are in.
_STREET_WORDS = frozenset(
    {"street", "st", "road", "rd", "avenue", "ave", "boulevard", "blvd", "parkway", "pkwy",
     "highway", "hwy", "lane", "drive", "expressway", "freeway", "turnpike", "pike", "interstate"}
)  # fmt: skip
_POSSESSIVES = frozenset({"'s", "’s"})
_SAINT_WORDS = frozenset({"st", "ste", "saint", "sainte", "san", "santa", "sao", "são"})
# Dashes set off by spaces separate places ("Central Africa - Nigeria"); "Guinea-Bissau" stays.
_DASHES = frozenset({"-", "–", "—", "--"})
_PRECISION_RANK = {feature: rank for rank, feature in enumerate(FEATURES)}


@dataclass(slots=True)
class ToponymMention:
    """A toponym on a Doc: the record plus its token span and how it was found."""

    toponym: Toponym
    start_token: int
    end_token: int
    source: str = "ner"  # ner | relabelled | gazetteer | demonym | in_name
    feature: str | None = None  # gazetteer feature of the resolved place

    @property
    def in_name(self) -> bool:
        """Part of an organisation's name ("the U.S. Centers for Disease Control"): a toponym,
        but not where anything happens (see ``location_for``)."""
        return self.source == "in_name"

    @property
    def resolved(self) -> bool:
        return self.toponym.lat is not None


@dataclass(slots=True)
class MentionSpan:
    """A span to resolve: character offsets and whether it is a demonym."""

    start: int
    end: int
    kind: str = "toponym"  # toponym | demonym
    weight: float = 1.0  # how much it counts as context for the others


@dataclass(slots=True)
class _Resolving:
    span: MentionSpan
    text: str
    candidates: list[Candidate]
    priors: list[float] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    best: int | None = None
    area_word: str | None = None  # of a plural area word the name is listed with (``_listed_area_word``)


def _settings() -> dict[str, Any]:
    return dict(load_config()["places"])


# ----------------------------------------------------------------------------- resolution


def _prior(candidate: Candidate, settings: dict[str, Any]) -> float:
    place = candidate.place
    if place.feature == "region" and place.admin1 != place.name:
        # A second-level area (county, district, LGA): its population is the sum of its
        # places' (counted twice with its seat, sometimes a big city's wrongly), and a bare
        # name means a town of that name more often than a county.
        population = place.population * float(settings["area_population_share"])
        score = math.log10(population + 10) + float(settings["feature_prior"]["area"])
    else:
        score = math.log10(place.population + 10) + float(settings["feature_prior"][place.feature])
    if candidate.primary:
        score += float(settings["primary_name_bonus"])
    if candidate.loose:
        score -= float(settings["loose_match_penalty"])
    return score


_ADMIN_WORDS = ("state", "province", "region", "county", "governorate", "district", "prefecture",
                "oblast", "department", "wilaya")  # fmt: skip
_CITY_WORDS = ("city", "town", "village")
_ADMIN_WORD = re.compile(rf"\b({'|'.join(_ADMIN_WORDS)})\b", re.IGNORECASE)


# A word beside a name that says what kind of place it is: "Washington state", "the
# province of Idlib", "Heze city" (inside the name, "Kano State" is the candidates' business).
_KIND_WORD = rf"(?P<kind>{'|'.join(_ADMIN_WORDS + _CITY_WORDS)})"
_KIND_AFTER = re.compile(rf"\s+{_KIND_WORD}\b", re.IGNORECASE)
_KIND_BEFORE = re.compile(rf"\b{_KIND_WORD}\s+of\s+(the\s+)?$", re.IGNORECASE)
# A list of names before a plural area word: "Ware, Charlton and Brantley counties".
_LIST_NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}"
_LIST_JOINER = r"\s*(?:,|and|or|, and|, or)\s*"  # between the names of a list
_PLURAL_AREAS = {"counties": "County", "provinces": "Province", "districts": "District", "states": "State",
                 "governorates": "Governorate", "prefectures": "Prefecture", "oblasts": "Oblast"}  # fmt: skip
_KIND_LIST_AFTER = re.compile(rf"(?:{_LIST_JOINER}{_LIST_NAME})*\s+(?P<kind>{'|'.join(_PLURAL_AREAS)})\b")
# ... or after it: "the provinces of Nyanza, Rift Valley and Western".
_KIND_LIST_BEFORE = re.compile(
    rf"\b(?P<kind>{'|'.join(_PLURAL_AREAS)})\s+of\s+(?:the\s+)?(?:{_LIST_NAME}{_LIST_JOINER})*$", re.IGNORECASE
)


def _listed_area_word(text: str, span: MentionSpan) -> str | None:
    """The area word ("County", "Province") of a plural one the span is listed with."""
    listed = _KIND_LIST_AFTER.match(text, span.end) or _KIND_LIST_BEFORE.search(
        text, max(0, span.start - 120), span.start
    )
    return _PLURAL_AREAS[listed.group("kind").lower()] if listed else None


# A dateline: a capitalised place opening a line, then a comma, bracket or dash
# ("NEW YORK --", "BATON ROUGE, La. (AP)"): wire datelines name cities.
_DATELINE_AFTER = re.compile(r"\s*(,|\(|--|-|\u2013|\u2014)")


def _kind_word(text: str, span: MentionSpan, area_word: str | None) -> str | None:
    """The feature ("region" or "city") a word next to the span names, if any; "dateline"
    for a wire dateline (a city). ``area_word``: the span's ``_listed_area_word``."""
    surface = text[span.start : span.end]
    line_start = text.rfind("\n", 0, span.start) + 1
    if surface.isupper() and not text[line_start : span.start].strip() and _DATELINE_AFTER.match(text, span.end):
        return "dateline"
    found = _KIND_AFTER.match(text, span.end) or _KIND_BEFORE.search(text, max(0, span.start - 40), span.start)
    if found is None:
        return "region" if area_word else None
    return "city" if found.group("kind").lower() in _CITY_WORDS else "region"


def _namesake_priors(
    surface: str, candidates: Sequence[Candidate], priors: list[float], settings: dict[str, Any]
) -> list[float]:
    """A region named like a big city of its own country is the city unless the words say
    region: "New York", "Buenos Aires", "Kano" are the cities; "Kano State" the state."""
    if _ADMIN_WORD.search(surface):
        return priors
    cities: dict[str, float] = {}
    for candidate, prior in zip(candidates, priors, strict=True):
        place = candidate.place
        if (
            place.feature == "city"
            and candidate.primary
            and not candidate.loose
            and place.country
            and place.population >= int(settings["namesake_city_min_population"])
        ):
            cities[place.country] = max(cities.get(place.country, -math.inf), prior)
    if not cities:
        return priors
    margin = float(settings["namesake_margin"])
    return [
        min(prior, cities[c.place.country] - margin)
        if c.place.feature == "region" and c.place.country in cities
        else prior
        for c, prior in zip(candidates, priors, strict=True)
    ]


def _context_weight(place: Place) -> float:
    # Countries and regions say which country an article is about; a city says less,
    # a continent nothing.
    return {"country": 1.0, "region": 1.0, "city": 0.6, "site": 0.6}.get(place.feature, 0.0)


def resolve_mentions(
    text: str, spans: Sequence[MentionSpan], gazetteer: Gazetteer | None = None
) -> list[Toponym]:
    """Resolve ``spans`` of ``text`` jointly (each one is context for the others)."""
    return [toponym for toponym, _ in _resolve(text, spans, gazetteer or load_gazetteer())]


def _resolve(
    text: str, spans: Sequence[MentionSpan], gaz: Gazetteer
) -> list[tuple[Toponym, Place | None]]:
    settings = _settings()
    items: list[_Resolving] = []
    for span in spans:
        surface = text[span.start : span.end]
        area_word = None
        if span.kind == "demonym":
            country = gaz.demonym(surface)
            candidates = (
                [Candidate(place=country, index=-1, loose=False, primary=True)] if country else []
            )
        else:
            abbreviated = _abbreviated_state(gaz, text, span.start, span.end)
            candidates = abbreviated if abbreviated is not None else _candidates(gaz, _strip_surface(surface))
            if area_word := _listed_area_word(text, span):
                # "Ware, Charlton and Brantley counties": also Ware County, Charlton County...
                area = f"{_strip_surface(surface)} {area_word}"
                candidates = candidates + [c for c in _exact_candidates(gaz, area) if c.place.feature == "region"]
        item = _Resolving(span=span, text=surface, candidates=candidates, area_word=area_word)
        item.priors = _namesake_priors(surface, candidates, [_prior(c, settings) for c in candidates], settings)
        item.scores = list(item.priors)
        item.best = _argmax(item.scores)
        items.append(item)

    pairs = _comma_pairs(text, items)
    peers = _list_peers(text, items)
    kind_words = [_kind_word(text, item.span, item.area_word) for item in items]  # the same in both passes
    bracketed = [bool(_BRACKETED_AREA.search(text, max(0, item.span.start - 80), item.span.start)) for item in items]
    # The other way round: Y in "X, Y" is the Y that contains an X ("Atlanta, Georgia").
    contained: dict[int, list[_Resolving]] = {}
    for inner, outer in pairs.items():
        contained.setdefault(id(outer), []).append(items[inner])
    # One sense per discourse: mentions of the same name are resolved together, and their
    # own weight is left out of the context that decides them.
    # A district or region in brackets is another place than the town of its name before
    # them ("Moscow (Moscow, Moscow)"): its own group, resolved as an area. So is a name
    # listed with an area word, which has the areas among its candidates.
    groups: dict[tuple[str, bool, tuple[int, ...]], list[int]] = {}
    for position, item in enumerate(items):
        if item.candidates and item.span.kind == "toponym":
            key = (fold_name(_strip_surface(item.text)), bracketed[position], tuple(c.index for c in item.candidates))
            groups.setdefault(key, []).append(position)
            if bracketed[position] and kind_words[position] is None:
                kind_words[position] = "region"
    for _ in range(2):  # pass 1: priors; pass 2: priors + context of pass-1 choices
        countries, regions = _context(items)
        for members in groups.values():
            own_countries, own_regions = _context(items[i] for i in members)
            context = _minus(countries, own_countries)
            region_context = _minus(regions, own_regions)
            total = sum(context.values())
            region_total = sum(region_context.values())
            focus = _focus(context)
            first = items[members[0]]
            containers = [pairs[i] for i in members if i in pairs]
            inners = [inner for i in members for inner in contained.get(id(items[i]), [])]
            peer_features = {f for i in members if (f := _peer_feature(items, peers.get(i, ()))) is not None}
            named_kinds = {k for i in members if (k := kind_words[i]) is not None}
            scores = []
            for candidate, prior in zip(first.candidates, first.priors, strict=True):
                place = candidate.place
                score = prior
                if place.country and total > 0:
                    share = context.get(place.country, 0.0) / total
                    score += float(settings["country_context_bonus"]) * share
                    if place.country == focus:
                        score += float(settings["focus_country_bonus"])
                    elif share == 0 and place.feature not in ("country", "continent"):
                        # The article names places, none in this one's country: a
                        # same-named place in a country it does name is likelier.
                        score -= float(settings["unsupported_country_penalty"])
                if place.admin1 and place.feature in ("city", "site", "region"):
                    # The article names the region, or places in it; where it names it
                    # again and again, more firmly ("Austin" in an article about Indiana).
                    in_region = region_context.get(place.admin1, 0.0)
                    if in_region > 0:
                        score += float(settings["region_context_bonus"])
                    if in_region >= float(settings["region_share_min"]) and candidate.primary:
                        score += float(settings["region_share_bonus"]) * in_region / region_total
                if containers:
                    score += max(_container_score(place, c, settings) for c in containers)
                if place.feature in peer_features:
                    score += float(settings["list_peer_bonus"])
                if place.feature in named_kinds:
                    score += float(settings["kind_word_bonus"])
                if "dateline" in named_kinds and place.feature == "city":
                    score += float(settings["dateline_bonus"])
                if inners and any(_contains(place, inner) for inner in inners):
                    score += float(settings["container_bonus"]) / 2
                scores.append(score)
            best = _argmax(scores)
            if _outside_its_region(first, containers, settings):
                best = None  # "Stroud, Ontario" with no Stroud in Ontario: not the one in England
            for i in members:
                items[i].scores = scores
                items[i].best = best
    return [_to_toponym(item, settings) for item in items]


def resolve_spans(text: str, spans: list[tuple[int, int]]) -> list[Toponym]:
    """Gold-span mode: resolve the given character spans of ``text`` as toponyms.

    ``article_id`` of the results is empty; demonyms among the spans resolve to countries.
    """
    gaz = load_gazetteer()
    mentions = [
        MentionSpan(start, end, "demonym" if _is_demonym(gaz, text[start:end]) else "toponym")
        for start, end in spans
    ]
    return resolve_mentions(text, mentions, gaz)


def _is_demonym(gaz: Gazetteer, surface: str) -> bool:
    return gaz.demonym(surface) is not None and not gaz.has_name(surface)


# Words after a name that say what kind of area it is ("Nyanza Province", "Akita Prefecture").
_AREA_SUFFIXES = frozenset(_ADMIN_WORDS + ("municipality", "territory", "division", "area", "krai"))


def _candidates(gaz: Gazetteer, name: str) -> list[Candidate]:
    """The gazetteer's candidates for ``name``; for a name it lacks, the regions and larger
    areas named by the name without a trailing area word ("Akita Prefecture", "Bas Congo
    Province"), else the regions around the cities it names ("Raqqa province"). (Dropping a
    leading compass word instead, "West Midlands" -> "Midlands", finds a same-named area
    elsewhere more often than the right one.)"""
    found = gaz.candidates(name)
    if found:
        return found
    words = name.split()
    if len(words) > 1 and fold_name(words[-1]) in _AREA_SUFFIXES:
        named = gaz.candidates(" ".join(words[:-1]))
        found = [c for c in named if c.place.feature != "city"]
        if found:
            return found
        # "Raqqa province", "Hodeidah governorate": the region around the city of that name.
        regions: dict[int, Candidate] = {}
        for city in named:
            if not city.place.admin1:
                continue
            for c in gaz.candidates(city.place.admin1):
                same = (c.place.country, c.place.admin1) == (city.place.country, city.place.admin1)
                if c.place.feature == "region" and same:
                    regions.setdefault(c.index, c)
        return list(regions.values())
    return _head_candidates(gaz, words)


# Words that may follow a place's name in the name of its parts, offices and surroundings:
# "Santa Ana City Council", "Orange County Sanitation District", "Salinas Valley".
_NAME_TAIL_WORDS = frozenset(
    {"city", "town", "village", "council", "municipality", "district", "area", "metropolitan",
     "metro", "suburbs", "valley", "airport", "international", "sanitation", "government",
     "police", "authority"}
)  # fmt: skip
# Words before "of" that name a place by its status: "City of Santa Ana", "Town of Cary".
_STATUS_WORDS = frozenset({"city", "town", "village", "municipality", "borough", "port"})


def _exact_candidates(gaz: Gazetteer, name: str) -> list[Candidate]:
    """Candidates matching ``name`` without loose folding (al-/Bin/-ah variants)."""
    return [c for c in gaz.candidates(name) if not c.loose]


def _head_candidates(gaz: Gazetteer, words: list[str]) -> list[Candidate]:
    """For a name the gazetteer lacks, the place it is built on: after a status word and
    "of" ("City of Santa Ana"), or before generic words ("Santa Ana City Council"),
    exact names only."""
    if len(words) > 2 and fold_name(words[0]) in _STATUS_WORDS and words[1].lower() == "of":
        return _exact_candidates(gaz, " ".join(words[2:]))
    for end in range(len(words) - 1, 0, -1):
        if all(fold_name(w) in _NAME_TAIL_WORDS for w in words[end:]):
            found = _exact_candidates(gaz, " ".join(words[:end]))
            if found:
                return found
        else:
            break
    return []


@lru_cache(maxsize=1)
def _state_abbreviations() -> dict[str, str]:
    """US state abbreviations, without their final period: the AP's ("Ga", "N.Y", from
    ``data/us_state_abbreviations.csv``) and the postal codes ("GA", "NY", the states'
    GeoNames admin1 codes)."""
    with data_path("us_state_abbreviations.csv").open(encoding="utf-8", newline="") as fh:
        table = {row["abbreviation"].rstrip("."): row["state"] for row in csv.DictReader(fh)}
    with data_path("admin1.csv").open(encoding="utf-8", newline="") as fh:
        table.update({row["admin1code"]: row["name"] for row in csv.DictReader(fh) if row["country"] == "US"})
    return table


def _abbreviated_state(gaz: Gazetteer, text: str, start: int, end: int) -> list[Candidate] | None:
    """The US state a short form right after "Town, " names ("Athens, Ga.", "Austin, TX");
    None when ``text[start:end]`` is not one in that position."""
    state = _state_abbreviations().get(text[start:end].rstrip("."))
    if state is None or not re.search(r"\w,\s*$", text[max(0, start - 4) : start]):
        return None
    return [c for c in gaz.candidates(state) if c.place.feature == "region" and c.place.country == "USA"]


def _strip_surface(surface: str) -> str:
    words = surface.split()
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    cleaned = " ".join(words)
    if words and words[0].rstrip(".").lower() in _SAINT_WORDS:
        return cleaned  # "St. John's" is the name (recognition keeps a saint's possessive only then)
    return re.sub(r"(’s|'s|’|')$", "", cleaned)


def _argmax(values: Sequence[float]) -> int | None:
    if not values:
        return None
    return max(range(len(values)), key=values.__getitem__)


def _chosen(item: _Resolving) -> Place | None:
    return item.candidates[item.best].place if item.best is not None else None


def _contribution(item: _Resolving) -> tuple[tuple[str | None, float], tuple[str | None, float]]:
    place = _chosen(item)
    if place is None:
        return (None, 0.0), (None, 0.0)
    weight = _context_weight(place) * item.span.weight
    # A region says which region the article is in; a city says it less firmly.
    region_weight = {"region": 1.0, "city": 0.5, "site": 0.5}.get(place.feature, 0.0)
    region = place.admin1 if region_weight else None
    return (place.country, weight), (region, region_weight if region else 0.0)


def _context(items: Iterable[_Resolving]) -> tuple[dict[str, float], dict[str, float]]:
    countries: dict[str, float] = {}
    regions: dict[str, float] = {}
    for item in items:
        (country, weight), (region, region_weight) = _contribution(item)
        if item.span.kind == "demonym":
            place = _chosen(item)
            country, weight = (place.country if place else None), 0.5
        if country:
            countries[country] = countries.get(country, 0.0) + weight
        if region:
            regions[region] = regions.get(region, 0.0) + region_weight
    return countries, regions


def _minus(total: dict[str, float], part: dict[str, float]) -> dict[str, float]:
    out = {key: value - part.get(key, 0.0) for key, value in total.items()}
    return {key: value for key, value in out.items() if value > 1e-9}


def _focus(countries: dict[str, float]) -> str | None:
    """The country the article names most, if one leads."""
    ranked = sorted(countries.items(), key=lambda kv: -kv[1])[:2]
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


# What separates the members of a list of names: "Utah, Washington and Wyoming".
_LIST_SEPARATOR = re.compile(_LIST_JOINER)


# "X, Y" and ACLED's "X (Y, Z)": Y contains X.
_CONTAINER_BETWEEN = re.compile(r"\s*[,(]\s*")
# Inside brackets after a place, the names are its district and region: "Mbau (Mocimboa
# da Praia, Cabo Delgado)", "Moscow (Moscow, Moscow)".
_BRACKETED_AREA = re.compile(r"\w\s*\((?:[^()]*,\s*)?$")


def _comma_pairs(text: str, items: list[_Resolving]) -> dict[int, _Resolving]:
    """``X, Y`` or ``X (Y`` where Y is a region or country: Y contains X. Not in a list of
    peers: when X may be the same kind of place and the list goes on before X or after Y
    ("Georgia, Oklahoma, Pennsylvania and California" are four states)."""
    ordered = sorted(range(len(items)), key=lambda i: items[i].span.start)
    pairs: dict[int, _Resolving] = {}
    for n, (a, b) in enumerate(itertools.pairwise(ordered)):
        first, second = items[a], items[b]
        between = text[first.span.end : second.span.start]
        if not (_CONTAINER_BETWEEN.fullmatch(between) and second.candidates and second.span.kind == "toponym"):
            continue
        if not any(c.place.feature in ("region", "country") for c in second.candidates):
            continue
        before = text[items[ordered[n - 1]].span.end : first.span.start] if n > 0 else ""
        after = text[second.span.end : items[ordered[n + 2]].span.start] if n + 2 < len(ordered) else ""
        in_list = bool(re.fullmatch(r"\s*,\s*", before)) or bool(_LIST_SEPARATOR.fullmatch(after))
        if in_list and any(c.place.feature == _likeliest_feature(second) for c in first.candidates):
            continue
        pairs[a] = second
    return pairs


def _list_peers(text: str, items: list[_Resolving]) -> dict[int, list[int]]:
    """Members of lists of three or more names ("Utah, Washington, West Virginia and
    Wyoming"): item -> the other members."""
    ordered = sorted(range(len(items)), key=lambda i: items[i].span.start)
    chains: list[list[int]] = []
    for a, b in itertools.pairwise(ordered):
        between = text[items[a].span.end : items[b].span.start]
        if _LIST_SEPARATOR.fullmatch(between):
            if chains and chains[-1][-1] == a:
                chains[-1].append(b)
            else:
                chains.append([a, b])
    return {i: [j for j in chain if j != i] for chain in chains if len(chain) >= 3 for i in chain}


def _peer_feature(items: list[_Resolving], others: Sequence[int]) -> str | None:
    """The kind of place most of a list's other members likeliest are (None: no majority)."""
    kinds = Counter(_likeliest_feature(items[j]) for j in others)
    if not kinds:
        return None
    kind, count = kinds.most_common(1)[0]
    return kind if kind is not None and count * 2 > len(others) else None


def _likeliest_feature(item: _Resolving) -> str | None:
    return item.candidates[item.best].place.feature if item.best is not None else None


def _contains(outer: Place, inner: _Resolving) -> bool:
    """Whether ``outer`` (a country or region) holds one of the places ``inner`` may name."""
    if outer.feature not in ("country", "region"):
        return False
    for candidate in inner.candidates:
        place = candidate.place
        if place.feature not in ("city", "site") or place.country != outer.country:
            continue
        if outer.feature == "country" or place.admin1 == outer.admin1:
            return True
    return False


def _container_score(place: Place, container: _Resolving, settings: dict[str, Any]) -> float:
    bonus = float(settings["container_bonus"])
    best = 0.0
    others = [c.place for c in container.candidates if c.place != place]  # "Bamako (Bamako, Bamako)"
    if not others:
        return 0.0
    for outer in others:
        if outer.feature == "country" and outer.country == place.country:
            best = max(best, bonus)
        elif outer.feature == "region" and outer.country == place.country:
            best = max(best, bonus * (1.5 if outer.admin1 == place.admin1 else 0.5))
    return best if best else -bonus / 2


def _outside_its_region(item: _Resolving, containers: list[_Resolving], settings: dict[str, Any]) -> bool:
    """A town named with its region ("X, Ontario") none of whose candidates lies in that
    country (a country after the comma may instead be the next member of a list)."""
    if not any(_likeliest_feature(c) == "region" for c in containers):
        return False
    if any(c.place.feature in ("region", "country") for c in item.candidates):
        return False
    return all(max(_container_score(c.place, k, settings) for k in containers) <= 0 for c in item.candidates)


def _to_toponym(item: _Resolving, settings: dict[str, Any]) -> tuple[Toponym, Place | None]:
    span = item.span
    toponym = Toponym(article_id="", text=item.text, start=span.start, end=span.end, kind=span.kind)
    if item.best is None:
        return toponym, None
    place = item.candidates[item.best].place
    if not _fits(item, place, settings):
        return toponym, None
    toponym.name = place.name
    toponym.lat = round(place.lat, 5)
    toponym.lon = round(place.lon, 5)
    toponym.country = place.country
    toponym.admin1 = place.admin1
    toponym.geonameid = place.geonameid
    toponym.precision = "country" if span.kind == "demonym" else place.feature
    toponym.score = round(_confidence(item.scores, item.best), 3)
    return toponym, place


def _fits(item: _Resolving, place: Place, settings: dict[str, Any]) -> bool:
    """A small place with nothing in the article supporting it is a guess: leave it out."""
    if place.feature != "city" or place.population >= int(settings["min_population_guess"]):
        return True
    best_score = item.scores[item.best] if item.best is not None else 0.0
    return best_score - item.priors[item.best if item.best is not None else 0] > 0.5


def _confidence(scores: Sequence[float], best: int) -> float:
    top = scores[best]
    return 1.0 / sum(math.exp(min(50.0, s - top)) for s in scores)


# ----------------------------------------------------------------------------- recognition


@dataclass(slots=True)
class _Found:
    start: int  # token indexes
    end: int
    kind: str  # toponym | demonym
    source: str  # ner | relabelled | gazetteer | demonym | in_name
    confirmed: bool  # False: kept only if it resolves to a plausible place (see _keep)
    needs_region: bool = False  # opens a sentence: kept only inside the article's regions


class PlacesComponent:
    """spaCy component ``tidings_places``: finds and resolves toponyms into ``doc._.toponyms``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self._gazetteer: Gazetteer | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer

    def __call__(self, doc: Doc) -> Doc:
        doc._.toponyms = find_toponyms(doc, self.gazetteer)
        return doc


@Language.factory("tidings_places")
def make_places_component(nlp: Language, name: str) -> PlacesComponent:
    return PlacesComponent(nlp, name)


def find_toponyms(doc: Doc, gazetteer: Gazetteer | None = None) -> list[ToponymMention]:
    """Recognise and resolve the toponyms and demonyms of a parsed ``doc``."""
    gaz = gazetteer or load_gazetteer()
    settings = _settings()
    found = _recognise(doc, gaz)
    spans = [
        MentionSpan(
            doc[f.start].idx,
            doc[f.end - 1].idx + len(doc[f.end - 1].text),
            f.kind,
            1.0 if f.confirmed else 0.3,
        )
        for f in found
    ]
    article_id = doc._.article_id or ""
    surnames = _person_surnames(doc)
    resolved = _resolve(doc_text(doc), spans, gaz)
    regions: set[tuple[str | None, str | None]] = {
        (place.country, place.admin1)
        for f, (_, place) in zip(found, resolved, strict=True)
        if f.confirmed and place is not None and place.admin1 and place.feature in ("city", "site", "region")
    }
    kept = [
        n
        for n, (f, (_, place)) in enumerate(zip(found, resolved, strict=True))
        if f.confirmed or _keep(doc, f, place, gaz, surnames, settings, regions)
    ]
    if len(kept) < len(found):
        # Resolve again without the names dropped: "the Pope" must not pull Rome to Georgia.
        for n, again in zip(kept, _resolve(doc_text(doc), [spans[n] for n in kept], gaz), strict=True):
            resolved[n] = again
    mentions = []
    for n in kept:
        toponym, _ = resolved[n]
        toponym.article_id = article_id
        f = found[n]
        mentions.append(ToponymMention(toponym, f.start, f.end, f.source, toponym.precision))
    return mentions


def _keep(
    doc: Doc,
    found: _Found,
    place: Place | None,
    gaz: Gazetteer,
    surnames: set[str],
    settings: dict[str, Any],
    regions: set[tuple[str | None, str | None]],
) -> bool:
    """An unconfirmed name is a place when it resolved to a big, administrative or curated
    place, or to a town in a region the article's confirmed places are in (local news names
    its towns without "in"), and is not a person's surname used alone."""
    if place is None:
        return False
    surface = doc[found.start : found.end].text
    if fold_name(surface) in surnames:
        return False
    if surface.isupper() and place.feature not in ("country", "region"):
        return False  # acronyms are organisations unless they abbreviate a country or region
    candidates = gaz.candidates(surface)
    if any(c.loose for c in candidates):
        return False  # a transliteration variant is too weak without NER's word
    local = (
        place.feature in ("city", "site")
        and (place.country, place.admin1) in regions
        and place.population >= int(settings["unlabelled_region_min_population"])
    )
    if found.needs_region:
        return local
    if found.source == "in_name":
        # Inside an organisation's name only a country's name or alias, or the own name of a
        # region or big city ("U.S.", "California", "Atlanta"), not a village or an alternate
        # name that shares a word of the organisation's name.
        if place.feature == "country":
            return True
        if not any(c.primary and c.place == place for c in candidates):
            return False
        if place.feature in ("region", "continent"):
            return True
        return place.feature == "city" and (place.population >= int(settings["unlabelled_min_population"]) or local)
    if place.source == "supplement" or place.feature == "country":
        return True
    if place.feature in ("region", "continent") and any(c.primary and c.place == place for c in candidates):
        return True  # a region's own name; "Pope" alone is not Pope County
    return place.population >= int(settings["unlabelled_min_population"]) or local


def _person_surnames(doc: Doc) -> set[str]:
    """Last words of multi-word PERSON names: "Clinton" after "Hillary Clinton"."""
    return {
        fold_name(ent[-1].text) for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
    }


def _recognise(doc: Doc, gazetteer: Gazetteer) -> list[_Found]:
    """Toponym and demonym token spans in ``doc``, in text order, not overlapping."""
    taken = [False] * len(doc)
    found: list[_Found] = []
    stop = _non_places()

    def take(start: int, end: int, kind: str, source: str, confirmed: bool, needs_region: bool = False) -> None:
        while start < end and doc[start].text in _DETERMINERS:
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].text in _POSSESSIVES):
            end -= 1
        saint_end = _saint_name_end(doc, start, end, gazetteer) if start < end else end
        if saint_end is None:
            return
        end = saint_end
        if start >= end or any(taken[start:end]):
            return
        if kind == "toponym" and end < len(doc) and doc[end].lower_ in _PATHOGEN_WORDS:
            return
        for i in range(start, end):
            taken[i] = True
        found.append(_Found(start, end, kind, source, confirmed, needs_region))

    # 0. Known actors and outlets matched by tidings_entity_ruler, and names after a
    #    person's title, are never places ("Hamas" is not Hamm, "President Bush" not Būsh).
    for ent in doc.ents:
        if ent.ent_id_ or title_before(ent) is not None:
            for i in range(ent.start, ent.end):
                taken[i] = True
    place_texts: set[str] = set()

    def take_joined(span: Span) -> None:
        take(span.start, span.end, "toponym", "ner", True)
        place_texts.add(fold_name(_strip_surface(span.text)))

    # 0b. one name NER cut in two ("the Democratic Republic of" + "Congo", "Democratic
    #     Republic" + "of the" + "Congo"): adjacent entities, the first a place, whose
    #     joined text the gazetteer knows.
    for first, second in itertools.pairwise(doc.ents):
        if first.label_ not in _PLACE_LABELS or second.start - first.end > 2:
            continue
        if any(doc[i].lower_ not in ("of", "the") for i in range(first.end, second.start)):
            continue
        joined = doc[first.start : second.end]
        if gazetteer.has_name(_strip_surface(joined.text)):
            take_joined(joined)
    # 0c. a compass word NER left after a place: "Mashonaland" + "West".
    for ent in doc.ents:
        after = ent.end
        if ent.label_ in _PLACE_LABELS and after < len(doc) and doc[after].lower_ in _COMPASS_WORDS:
            joined = doc[ent.start : after + 1]
            if not doc[after].ent_type_ and gazetteer.has_name(_strip_surface(joined.text)):
                take_joined(joined)
    # 0d. a name opening with an abbreviated Saint, Fort, Mount or Point, which the tokenizer
    #     or NER cut after its period ("ST. LOUIS (AP)", "flew to Ft. Worth").
    for token in doc:
        if taken[token.i] or token.text.rstrip(".").lower() not in _NAME_ABBREVIATIONS:
            continue
        end = token.i + 1
        if end < len(doc) and doc[end].text == "." and not token.text.endswith("."):
            end += 1  # the period as a token of its own
        while end < len(doc) and doc[end].text[:1].isupper() and end - token.i <= 3:
            end += 1
            if gazetteer.has_name(doc[token.i : end].text):
                take_joined(doc[token.i : end])
                break
    # 1. NER place entities, split at commas, brackets and spaced dashes ("Pandi, Bulacan",
    #    "Central Africa - Nigeria" are two places); a compass word before a name the
    #    gazetteer knows is left out ("Eastern China").
    for ent in doc.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        for part in _split_at_commas(ent):
            part = _widened(part, gazetteer, taken)
            if ent.label_ == "FAC":
                if part[-1].lower_.rstrip(".") in _STREET_WORDS:
                    continue  # "Sagamore Parkway" is a street, not a place called Sagamore
                head = _known_prefix(part, gazetteer)
                if head is None:
                    continue
                part = head
            part = _without_compass(part, gazetteer)
            surface = _strip_surface(part.text)
            if len(part) == 1 and _is_demonym(gazetteer, surface):
                continue  # "Ukrainian" tagged GPE: a demonym (step 2)
            if ent.label_ == "LOC" and not _candidates(gazetteer, surface):
                head = _known_prefix(part, gazetteer)
                if head is None or not all(t.lower_ in _PLACE_NOUNS for t in doc[head.end : part.end]):
                    continue  # water bodies and the like the gazetteer lacks
                part, surface = head, head.text  # "the Indian Ocean coast"
            if fold_name(surface) in stop:
                continue
            take(part.start, part.end, "toponym", "ner", True)
            place_texts.add(fold_name(surface))
    # 2. demonyms, before mislabelled entities so "Libyan" stays a demonym.
    for token in doc:
        # NER often calls a lone nationality word a PERSON or ORG ("Azerbaijani forces").
        if taken[token.i] or not token.text[:1].isupper() or token.ent_type_ not in ("", "NORP", "PERSON", "ORG", "GPE"):
            continue
        # A nationality word that also names a place ("Somali", a region of Ethiopia) is
        # the nationality when NER says so: "the Somali border".
        nationality = token.ent_type_ == "NORP" and gazetteer.demonym(token.text) is not None
        if nationality or _is_demonym(gazetteer, token.text):
            take(token.i, token.i + 1, "demonym", "demonym", True)
    # 3. NER mislabels: a PERSON/ORG span that is a place name.
    for ent in doc.ents:
        if ent.label_ not in _MISLABEL_LABELS or any(taken[ent.start : ent.end]):
            continue
        for part in _split_at_commas(ent):  # "Pandi, Bulacan", "Sri Lanka - approximately"
            surface = _strip_surface(part.text)
            folded = fold_name(surface)
            if len(part) > 1 and not gazetteer.has_name(surface) and fold_name(part[-1].text) in place_texts:
                # ends with a name the article calls a place elsewhere: "SOS Children's Village Malakal"
                take(part.end - 1, part.end, "toponym", "relabelled", True)
                continue
            if folded in stop or not gazetteer.has_name(surface):
                continue
            confirmed = (
                folded in place_texts
                or _locative(doc, part.start, found, strict=True)
                or _kind_noun_after(doc, part.end)
            )
            take(part.start, part.end, "toponym", "relabelled", confirmed)
    # 4. toponyms inside organisation names: "the U.S. Centers for Disease Control",
    #    "California Department of Public Health", "Ministry of Health of Uganda".
    for ent in doc.ents:
        if ent.label_ not in _NAME_LABELS or ent.ent_id_:
            continue
        for start, end in _names_inside(doc, ent, gazetteer):
            if fold_name(doc[start:end].text) not in stop:
                take(start, end, "toponym", "in_name", False)
    # 5. US states abbreviated after a town NER found: "Athens, Ga.", "Austin, TX".
    text = doc_text(doc)
    for token in doc:
        if taken[token.i] or token.i < 2 or doc[token.i - 1].text != ",":
            continue
        after_town = any(f.end == token.i - 1 and f.kind == "toponym" for f in found)
        if after_town and _abbreviated_state(gazetteer, text, token.idx, token.idx + len(token.text)):
            take(token.i, token.i + 1, "toponym", "abbreviation", True)
    # 6. gazetteer names NER missed; a title alone is a person ("the Pope" is not Pope County).
    for start, end in _gazetteer_spans(doc, gazetteer, taken):
        folded = fold_name(doc[start:end].text)
        if folded in stop or (end - start == 1 and is_person_title(doc[start].text)):
            continue
        if (
            folded in place_texts
            or _locative(doc, start, found)
            or _before_container(doc, end, found, gazetteer)
            or _kind_noun_after(doc, end)
        ):
            take(start, end, "toponym", "gazetteer", True)
        elif (doubt := _unlabelled_doubt(doc, start, end, gazetteer)) in (None, "sentence start"):
            take(start, end, "toponym", "gazetteer", False, needs_region=doubt is not None)
    found.sort(key=lambda f: f.start)
    return found


def _saint_name_end(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> int | None:
    """Where a name opening with a saint's ends when a possessive follows it (NER often cuts
    there): the whole name where the gazetteer knows it ("St. Peter's Square", "St. John's");
    None for what is the saint's but no place ("St. Mary's Hospital"); else ``end``
    ("St. Louis's mayor")."""
    saint = doc[start].text.rstrip(".").lower() in _SAINT_WORDS
    if not saint or end >= len(doc) or doc[end].text not in _POSSESSIVES:
        return end
    after = end + 1
    while after < len(doc) and doc[after].text[:1].isupper() and after - end <= 3:
        after += 1
    for stop in range(after, end + 1, -1):
        if gazetteer.has_name(doc[start:stop].text):
            return stop
    if after > end + 1:
        return None
    known = any(not c.loose for c in gazetteer.candidates(doc[start : end + 1].text))
    return end + 1 if known else end


@lru_cache(maxsize=1)
def _non_places() -> frozenset[str]:
    """Capitalised words that are gazetteer names but almost never places in news."""
    path = data_path("non_places.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return frozenset(fold_name(row["word"]) for row in csv.DictReader(fh))


def _split_at_commas(ent: Span) -> list[Span]:
    parts, start = [], ent.start
    for token in ent:
        spaced_dash = token.text in _DASHES and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)
        if token.text in (",", "(", ")", "[", "]", ";") or spaced_dash:
            if token.i > start:
                parts.append(ent.doc[start : token.i])
            start = token.i + 1
    if start < ent.end:
        parts.append(ent.doc[start : ent.end])
    return parts


def _without_compass(span: Span, gazetteer: Gazetteer) -> Span:
    """ "Eastern China" -> "China", "North-Western Sydney" -> "Sydney" when the gazetteer
    lacks the whole name and the rest is a country or a big city ("West Midlands" stays
    whole: the Midlands the gazetteer knows are in Zimbabwe)."""
    start = span.start
    while start < span.end and span.doc[start].text in _DETERMINERS:
        start += 1
    if span.end - start < 2 or span.doc[start].lower_ not in _COMPASS_WORDS:
        return span
    if gazetteer.has_name(span.doc[start : span.end].text):
        return span
    rest_start = start + 1
    while rest_start < span.end - 1 and (
        span.doc[rest_start].text in _DASHES or span.doc[rest_start].lower_ in _COMPASS_WORDS
    ):
        rest_start += 1
    rest = span.doc[rest_start : span.end]
    if gazetteer.demonym(rest.text) is not None:
        return span  # "Northern Indian" states: an adjective, not a place
    big_city = int(_settings()["namesake_city_min_population"])
    for c in gazetteer.candidates(rest.text):
        if not c.loose and (
            c.place.feature == "country" or (c.place.feature == "city" and c.primary and c.place.population >= big_city)
        ):
            return rest
    return span


def _widened(span: Span, gazetteer: Gazetteer, taken: list[bool]) -> Span:
    """The longest gazetteer name holding a place entity and up to two name words before
    or three after it that NER left out: "Mission" -> "Mission Viejo", "Beida" -> "Goz
    Beida", "Rio Grande" -> "Rio Grande do Sul"."""
    doc = span.doc

    def free(i: int) -> bool:
        return not taken[i] and not doc[i].ent_type_ and _name_token(doc[i])

    lefts = [span.start]
    while len(lefts) < 3 and lefts[-1] > 0 and free(lefts[-1] - 1):
        lefts.append(lefts[-1] - 1)
    rights = [span.end]
    while len(rights) < 4 and rights[-1] < len(doc) and free(rights[-1]):
        rights.append(rights[-1] + 1)
    best = span
    for start in lefts:
        for end in rights:
            if (end - start) <= len(best) or not (_capitalised_proper(doc[start]) or start == span.start):
                continue
            if not (_capitalised_proper(doc[end - 1]) or end == span.end):
                continue
            if _exact_candidates(gazetteer, doc[start:end].text):
                best = doc[start:end]
    return best


def _names_inside(doc: Doc, ent: Span, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Gazetteer names that open an entity's name, follow "of" (or "of the") in it, or close
    it: "U.S." Centers for Disease Control, Ministry of Health of "Uganda", Taco Bell "Canada".
    The longest name wins at each place; names of compass words alone are left out."""
    first = ent.start
    while first < ent.end and doc[first].text in _DETERMINERS:
        first += 1
    starts = [first]
    for i in range(first, ent.end - 1):
        if doc[i].lower_ == "of":
            j = i + 1
            while j < ent.end and doc[j].lower_ == "the":
                j += 1
            starts.append(j)
    spans: list[tuple[int, int]] = []

    def usable(start: int, end: int) -> bool:
        window = doc[start:end]
        if not window[0].text[:1].isupper() or not window[-1].text[:1].isupper():
            return False
        if (start, end) == (first, ent.end):
            return False  # the whole entity is a name: step 3's business, not a name inside
        folded = fold_name(window.text)
        if len(folded) < 2 or (len(folded) < 3 and not window.text.isupper()):
            return False  # "Co.", "C": abbreviations and initials, not places
        if folded in _COMPASS_WORDS or folded in _GENERIC_NAME_WORDS:
            return False
        return gazetteer.has_name(window.text)

    for start in starts:
        for end in range(min(ent.end, start + 6), start, -1):
            if usable(start, end):
                spans.append((start, end))
                break
    for start in range(max(first + 1, ent.end - 5), ent.end):
        if doc[start - 1].lower_ not in ("of", "the") and usable(start, ent.end):
            spans.append((start, ent.end))
            break
    out: list[tuple[int, int]] = []
    for span in sorted(set(spans)):
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def _known_prefix(span: Span, gazetteer: Gazetteer) -> Span | None:
    """The longest leading part of a facility name the gazetteer knows ("Mitiga" Naval Base)."""
    start = span.start
    while start < span.end and span.doc[start].text in _DETERMINERS:
        start += 1
    for end in range(span.end, start, -1):
        if _exact_candidates(gazetteer, span.doc[start:end].text):
            return span.doc[start:end]  # exact names only: a "Mute" Swan is not Moutier
    return None


def _locative(doc: Doc, start: int, found: Sequence[_Found] = (), *, strict: bool = False) -> bool:
    """Whether the words before token ``start`` put a place there ("in", "the town of")."""
    i = start - 1
    while i >= 0 and doc[i].text in _DETERMINERS:
        i -= 1
    if i < 0:
        return False
    before = doc[i].lower_
    if before in (_STRICT_LOCATIVE_PREPS if strict else _LOCATIVE_PREPS):
        return True
    if before == "of" and i > 0 and doc[i - 1].lower_ in _PLACE_NOUNS:
        return True
    if before in _CONNECTORS and any(f.end == i and f.kind == "toponym" for f in found):
        return True  # "Nawfiliyah and Ben Jawad"
    return False


def _gazetteer_spans(doc: Doc, gazetteer: Gazetteer, taken: list[bool]) -> list[tuple[int, int]]:
    """Longest runs of capitalised proper nouns and name connectors (up to 6 tokens:
    "Port-au-Prince") that are gazetteer names, outside every NER entity."""
    spans = []
    i = 0
    n = len(doc)
    while i < n:
        if taken[i] or doc[i].ent_type_ or not _capitalised_proper(doc[i]):
            i += 1
            continue
        match_end = None
        for end in range(min(n, i + 6), i, -1):
            window = doc[i:end]
            if any(taken[i:end]) or any(t.ent_type_ for t in window):
                continue
            if not all(_name_token(t) for t in window) or not _capitalised_proper(doc[end - 1]):
                continue
            if gazetteer.has_name(window.text):
                match_end = end
                break
        if match_end is None:
            i += 1
            continue
        spans.append((i, match_end))
        i = match_end
    return spans


# Common nouns after a name that make it a place: "Heze city", "the Dadaab camps". Left
# out: "camp" ("the Clinton camp" is a person's followers), "state" ("a state visit") and
# "department" (a person's or a company's).
_KIND_NOUNS = frozenset(
    _ADMIN_WORDS + _CITY_WORDS + ("municipality", "camps", "refugee", "townships", "residents", "villagers")
) - {
    "state",
    "department",
}


def _kind_noun_after(doc: Doc, end: int) -> bool:
    if end < len(doc) and doc[end].lower_ in _KIND_NOUNS and doc[end].text.islower():
        return True
    last = doc[end - 1]
    return _KIND_LIST_AFTER.match(doc_text(doc), last.idx + len(last.text)) is not None


def _before_container(doc: Doc, end: int, found: Sequence[_Found], gazetteer: Gazetteer) -> bool:
    """The name is followed by ", <a region or country>": "Buffalo, New York"."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    return any(
        f.start == end + 1 and f.kind == "toponym" and _names_country_or_region(gazetteer, doc[f.start : f.end].text)
        for f in found
    )


def _names_country_or_region(gazetteer: Gazetteer, surface: str) -> bool:
    """Whether ``surface`` is exactly a country's name or alias, or a region's own name or
    curated alias ("NSW")."""
    folded = fold_name(surface)
    if folded in _COMPASS_WORDS:
        return False
    for candidate in gazetteer.candidates(surface):
        if candidate.loose:
            return False
        feature = candidate.place.feature
        own = candidate.primary or folded in curated_aliases()
        if feature == "country" or (feature == "region" and own):
            return True
    return False


def _capitalised_proper(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper() and token.is_alpha


# Lowercase words and hyphens inside place names: "Port-au-Prince", "Mocimboa da Praia",
# "Stratford-upon-Avon", "Castel del Monte".
_NAME_CONNECTORS = frozenset(
    {"-", "al", "el", "de", "of", "upon", "da", "do", "dos", "das", "du", "des", "la", "le", "les", "au",
     "aux", "del", "della", "di", "dei", "sur", "am", "an", "der", "den", "van", "von",
     # the Arabic article before sun letters: "Deir ez-Zor", "Ras as-Sidra", "Jisr ash-Shughur"
     "ad", "ar", "as", "ash", "at", "az", "ed", "er", "es", "et", "ez", "ul"}
)  # fmt: skip


def _name_token(token: Token) -> bool:
    return _capitalised_proper(token) or token.text in _NAME_CONNECTORS


def _unlabelled_doubt(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> str | None:
    """Why a name NER missed may be a common word, or None when it is a plausible place.
    Guards: not also used in lower case in the article, not the speaker of "said", not all
    capitals, not the sentence's first word ("sentence start": a town there is kept when
    the article's places are in its region). A country's or region's own name or alias
    passes the last two ("Nigeria reported ...", "southern DRC")."""
    surface = doc[start:end].text
    lowered = surface.lower()
    if any(t.text == lowered for t in doc):
        return "lower case"
    after = doc[end].lemma_ if end < len(doc) else ""
    if after in ("say", "tell", "add", "explain", "note", "'s", "’s"):
        return "speaker"
    if (surface.isupper() or doc[start].is_sent_start) and not _names_country_or_region(gazetteer, surface):
        return "capitals" if surface.isupper() else "sentence start"
    return None


# ----------------------------------------------------------------------------- event location


def location_for(doc: Doc, token: Token, exclude: Sequence[tuple[int, int]] = ()) -> Location | None:
    """Where the event triggered by ``token`` happened.

    ``exclude`` holds character spans that are not locations for this event: its actor and
    recipient ("Washington blamed ..." is the US government, not the place).

    First a toponym attached to the trigger through a locative preposition ("clashes *in*
    Sirte"), else the most specific toponym of the sentence, then of the paragraph, then the
    article's focus place. Demonyms count only when nothing else is found (as the country).

    A toponym inside an organisation's name (``source="in_name"``: "the *U.S.* Centers for
    Disease Control") is never the location itself: the CDC's statement is not an event in
    the United States. Such mentions only add weight when the article's focus place is
    chosen among its other toponyms (an article about "U.S." agencies that also says "in the
    United States" leans to the US), and never make a focus of their own.
    """
    mentions: list[ToponymMention] = [
        m
        for m in (doc._.toponyms or [])
        if m.resolved and not any(m.toponym.start < end and start < m.toponym.end for start, end in exclude)
    ]
    in_names = [m for m in mentions if m.in_name]
    mentions = [m for m in mentions if not m.in_name]
    adjectival = {id(m) for m in mentions if m.toponym.kind == "toponym" and _modifies_a_noun(doc, m)}
    places = [m for m in mentions if m.toponym.kind == "toponym" and id(m) not in adjectival]
    if places:
        attached = _attached(doc, token, places)
        if attached is not None:
            return _location(attached)
        sentence = token.sent
        in_sentence = [m for m in places if sentence.start <= m.start_token < sentence.end]
        if in_sentence:
            return _location(_most_specific(in_sentence, token))
        paragraph = _paragraph_bounds(doc, token)
        in_paragraph = [m for m in places if paragraph[0] <= doc[m.start_token].idx < paragraph[1]]
        if in_paragraph:
            return _location(_most_specific(in_paragraph, token))
        return _location(_focus_mention(places, in_names))
    # Demonyms and names used as adjectives ("a U.S. ambassador") only when nothing else is.
    demonyms = [m for m in mentions if m.toponym.kind == "demonym" or id(m) in adjectival]
    if demonyms:
        sentence = token.sent
        near = [m for m in demonyms if sentence.start <= m.start_token < sentence.end] or demonyms
        return _location(near[0])
    return None


def _modifies_a_noun(doc: Doc, mention: ToponymMention) -> bool:
    """The name qualifies a common noun as an adjective would: "a *U.S.* ambassador",
    "*Iraq* war veterans" (but not "the *Gaza* Strip" or "*Sirte* city", where the noun is
    part of the place)."""
    last = doc[mention.end_token - 1]
    head = last.head
    return (
        last.dep_ in ("compound", "amod", "nmod")
        and head.i >= mention.end_token
        and head.pos_ == "NOUN"
        and head.lemma_.lower() not in _PLACE_NOUNS
    )


def _attached(doc: Doc, token: Token, places: list[ToponymMention]) -> ToponymMention | None:
    best: tuple[int, ToponymMention] | None = None
    for mention in places:
        root = doc[mention.start_token : mention.end_token].root
        steps, node, via_prep = 0, root, False
        while node.i != token.i and node.head.i != node.i and steps < 6:
            if node.dep_ == "pobj" and node.head.lower_ in _LOCATIVE_PREPS:
                via_prep = True
            if node.dep_ in ("conj", "appos", "compound"):
                pass
            node = node.head
            steps += 1
            if node.i == token.i:
                break
            if node.pos_ in ("VERB", "AUX") and node.i != token.i:
                break  # belongs to another clause's verb
        if node.i == token.i and via_prep and (best is None or steps < best[0]):
            best = (steps, mention)
    return best[1] if best else None


def _most_specific(mentions: list[ToponymMention], token: Token) -> ToponymMention:
    def key(m: ToponymMention) -> tuple[int, int]:
        return (_PRECISION_RANK.get(m.toponym.precision or "country", 9), abs(m.start_token - token.i))

    return min(mentions, key=key)


def _paragraph_bounds(doc: Doc, token: Token) -> tuple[int, int]:
    text = doc_text(doc)
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    return start, (len(text) if end < 0 else end)


def _focus_mention(places: list[ToponymMention], support: Sequence[ToponymMention] = ()) -> ToponymMention:
    """The most-named place; ``support`` (names inside organisation names) adds to the counts
    of places named elsewhere but is never chosen itself."""
    def key(m: ToponymMention) -> Any:
        return m.toponym.geonameid or m.toponym.name

    counts = Counter(key(m) for m in places)
    for m in support:
        if key(m) in counts:
            counts[key(m)] += 1
    top = counts.most_common(1)[0][0]
    return next(m for m in places if key(m) == top)


def _location(mention: ToponymMention) -> Location:
    t = mention.toponym
    return Location(
        text=t.text,
        name=t.name,
        start=t.start,
        end=t.end,
        lat=t.lat,
        lon=t.lon,
        country=t.country,
        admin1=t.admin1,
        geonameid=t.geonameid,
        precision=t.precision,
    )
