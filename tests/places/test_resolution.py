"""Candidate ranking and resolution, on text spans (no spaCy)."""

import re
import time

import pytest

from tidings.extract.places import resolve_spans
from tidings.gazetteer import cache_dir, load_gazetteer

pytestmark = pytest.mark.slow  # builds the gazetteer cache on first use (~25 s)


def test_paris_alone_is_the_french_capital():
    t = resolve_spans("Paris", [(0, 5)])[0]
    assert t.country == "FRA" and t.precision == "city"
    assert abs(t.lat - 48.85) < 0.2 and abs(t.lon - 2.35) < 0.2


def test_paris_texas_pattern_picks_the_us_town():
    text = "He grew up in Paris, Texas."
    spans = [(14, 19), (21, 26)]
    paris, texas = resolve_spans(text, spans)
    assert paris.country == "USA" and paris.admin1 == "Texas"
    assert texas.precision == "region"


def test_alexandria_louisiana():
    text = "A storm hit Alexandria, Louisiana on Monday."
    alexandria, _ = resolve_spans(text, [(12, 22), (24, 33)])
    assert alexandria.country == "USA" and alexandria.admin1 == "Louisiana"
    assert abs(alexandria.lat - 31.3) < 0.3 and abs(alexandria.lon + 92.45) < 0.3


@pytest.mark.parametrize(
    ("text", "town", "state"),
    [
        ("The mayor of Athens, Ga., spoke on Monday.", (13, 19), (21, 24)),
        ("Police in Athens, GA arrested two men.", (10, 16), (18, 20)),
        ("SPRINGFIELD, Ill. - Lawmakers voted on the budget.", (0, 11), (13, 17)),
    ],
)
def test_a_us_state_abbreviated_after_a_town_is_the_state_containing_it(text, town, state):
    expected = {"Ga.": "Georgia", "GA": "Georgia", "Ill.": "Illinois"}[text[state[0] : state[1]]]
    place, region = resolve_spans(text, [town, state])
    assert region.precision == "region" and region.country == "USA" and region.name == expected
    assert place.country == "USA" and place.admin1 == expected


def test_a_state_abbreviation_not_after_a_town_is_not_a_state():
    # "GA" alone (the UN General Assembly, say) is not read as Georgia.
    assert resolve_spans("The GA voted.", [(4, 6)])[0].name != "Georgia"


@pytest.mark.parametrize(("name", "country"), [("Liverpool", "GBR"), ("Wellington", "NZL"), ("Kingston", "JAM")])
def test_a_famous_city_beats_a_second_level_area_of_its_name_elsewhere(name, country):
    # Australian local government areas of these names used to win on their summed population.
    text = f"Thousands gathered in {name} on Sunday."
    start = text.index(name)
    place = resolve_spans(text, [(start, start + len(name))])[0]
    assert (place.country, place.precision) == (country, "city")


def test_a_wire_dateline_names_the_city():
    text = "NEW YORK -- A water main broke in Brooklyn on Monday."
    dateline = resolve_spans(text, [(0, 8), (34, 42)])[0]
    assert dateline.precision == "city" and abs(dateline.lat - 40.71) < 0.2
    # In running text "New York" keeps its usual reading.
    assert resolve_spans("He moved to New York.", [(12, 20)])[0].precision == "region"


@pytest.mark.parametrize("name", ["Moscow", "Bamako"])
def test_acled_town_district_region_brackets_make_the_first_name_the_town(name):
    text = f"On 4 May 2020, protesters marched in {name} ({name}, {name})."
    spans = [(m.start(), m.end()) for m in re.finditer(name, text)]
    town = resolve_spans(text, spans)[0]
    assert town.precision == "city" and town.country in ("RUS", "MLI")


def test_a_bracketed_region_contains_the_town_before_it():
    text = "On 2 June 2021, gunmen attacked a bar in Athens (Clarke, Georgia)."
    athens = resolve_spans(text, [(41, 47), (49, 55), (57, 64)])[0]
    assert athens.country == "USA" and athens.admin1 == "Georgia"


def test_alexandria_alone_is_egyptian():
    assert resolve_spans("Alexandria", [(0, 10)])[0].country == "EGY"


def test_context_country_decides_ambiguous_names():
    text = "Storms hit Atlanta and Georgia, and Savannah flooded."
    georgia = resolve_spans(text, [(11, 18), (23, 30), (36, 44)])[1]
    assert georgia.country == "USA" and georgia.precision == "region"
    text = "Russia and Georgia fought over Abkhazia near Tbilisi."
    georgia = resolve_spans(text, [(0, 6), (11, 18), (45, 52)])[1]
    assert georgia.country == "GEO" and georgia.precision == "country"


def test_unknown_name_stays_unresolved():
    t = resolve_spans("Qwzxvillebrook is quiet.", [(0, 14)])[0]
    assert t.lat is None and t.name is None and t.precision is None


def test_africa_is_the_continent_not_a_town():
    t = resolve_spans("Ebola spread across Africa.", [(20, 26)])[0]
    assert t.precision == "continent" and t.country is None


def test_demonym_resolves_to_its_country():
    t = resolve_spans("Libyan forces advanced.", [(0, 6)])[0]
    assert t.kind == "demonym" and t.country == "LBY" and t.precision == "country"


def test_transliteration_variants_resolve():
    for name in ("Misrata", "Misurata", "Misratah"):
        t = resolve_spans(name, [(0, len(name))])[0]
        assert t.country == "LBY" and t.name == "Misratah", name
    t = resolve_spans("Fallujah", [(0, 8)])[0]
    assert t.country == "IRQ"


def test_supplement_places_resolve():
    for name, lat, lon in (("Ben Jawad", 30.80, 18.08), ("Ras Lanuf", 30.50, 18.57)):
        t = resolve_spans(name, [(0, len(name))])[0]
        assert abs(t.lat - lat) < 0.05 and abs(t.lon - lon) < 0.05, name


def test_gazetteer_cache_loads_fast():
    load_gazetteer()  # builds the cache if needed
    load_gazetteer.cache_clear()
    started = time.perf_counter()
    gaz = load_gazetteer()
    assert time.perf_counter() - started < 2.0
    assert len(gaz) > 230_000
    assert any(cache_dir().glob("gazetteer-*.pkl"))


def test_comma_container_picks_the_region_holding_the_town():
    # "Georgia" alone is the country; after "Atlanta," it is the US state holding Atlanta.
    text = "He works at a laboratory in Atlanta, Georgia."
    atlanta, georgia = resolve_spans(text, [(28, 35), (37, 44)])
    assert georgia.precision == "region" and georgia.country == "USA"
    assert atlanta.country == "USA"


def _spans(text, *names):
    return [(text.index(n), text.index(n) + len(n)) for n in names]


def test_a_list_of_states_is_not_read_as_town_comma_state():
    # "Oklahoma, Pennsylvania" inside a list names two states, not a town in Pennsylvania.
    text = "Cases were found in Georgia, Oklahoma, Pennsylvania, Wisconsin and California."
    names = ("Georgia", "Oklahoma", "Pennsylvania", "Wisconsin", "California")
    found = resolve_spans(text, _spans(text, *names))
    oklahoma = found[1]
    assert oklahoma.precision == "region" and oklahoma.admin1 == "Oklahoma"


def test_town_comma_state_still_holds_outside_lists():
    text = "A storm hit Paris, Texas on Monday."
    paris, _ = resolve_spans(text, _spans(text, "Paris", "Texas"))
    assert paris.country == "USA" and paris.precision == "city"


def test_area_word_after_a_known_name_is_dropped_when_the_whole_is_unknown():
    text = "Cases were found in the Akita Prefecture of Japan."
    akita, _ = resolve_spans(text, _spans(text, "Akita Prefecture", "Japan"))
    assert akita.country == "JPN" and akita.precision == "region"


def _span(text: str, name: str) -> tuple[int, int]:
    start = text.index(name)
    return start, start + len(name)


def test_a_county_in_a_british_story_is_the_british_county():
    text = "Floods hit Norwich and much of Suffolk on Monday."
    suffolk = resolve_spans(text, [_span(text, "Norwich"), _span(text, "Suffolk")])[1]
    assert suffolk.country == "GBR" and suffolk.precision == "region"


def test_us_counties_and_philippine_provinces_resolve():
    dallas = resolve_spans("Dallas County", [(0, 13)])[0]
    assert dallas.country == "USA" and abs(dallas.lat - 32.8) < 0.5
    pangasinan = resolve_spans("Pangasinan", [(0, 10)])[0]
    assert pangasinan.country == "PHL" and pangasinan.precision == "region"


def test_an_ocean_is_not_a_small_town_of_the_same_name():
    pacific = resolve_spans("the Pacific", [(4, 11)])[0]
    assert pacific.country is None and abs(pacific.lat) < 20  # not Pacific, Missouri


def test_a_region_named_like_its_big_city_is_the_city():
    text = "Thousands marched in Buenos Aires on Sunday."
    city = resolve_spans(text, [_span(text, "Buenos Aires")])[0]
    assert city.precision == "city" and abs(city.lat + 34.6) < 0.2


def test_a_list_of_states_keeps_its_members_states():
    text = "Cases were reported in Utah, Washington, West Virginia and Wyoming."
    names = ["Utah", "Washington", "West Virginia", "Wyoming"]
    washington = resolve_spans(text, [_span(text, n) for n in names])[1]
    assert washington.precision == "region" and washington.lon < -115


@pytest.mark.parametrize(
    ("text", "country"),
    [("Raqqa province", "SYR"), ("Hodeidah governorate", "YEM"), ("Kharkiv Oblast", "UKR")],
)
def test_a_city_name_with_an_area_word_is_the_region_around_it(text, country):
    place = resolve_spans(text, [(0, len(text))])[0]
    assert place.country == country and place.precision == "region"


def test_english_news_names_of_regions():
    darfur = resolve_spans("South Darfur", [(0, 12)])[0]
    assert darfur.country == "SDN" and darfur.precision == "region"


@pytest.mark.parametrize("name", ["Guangxi", "Xinjiang", "Ningxia"])
def test_chinese_autonomous_regions_by_their_short_names(name):
    place = resolve_spans(name, [(0, len(name))])[0]
    assert place.country == "CHN" and place.precision == "region"


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("A cow from a Washington state farm tested positive.", "region"),
        ("The disease was found in the state of Washington.", "region"),
    ],
)
def test_a_word_beside_the_name_says_what_kind_of_place_it_is(text, feature):
    washington = resolve_spans(text, [_span(text, "Washington")])[0]
    assert washington.precision == feature and washington.lon < -115  # the state, not DC


def test_a_town_named_with_a_region_that_lacks_it_stays_unresolved():
    # No Stroud in Ontario in the gazetteer: the English town would be a confident wrong pin.
    text = "He was stopped in Stroud, Ontario, Canada."
    stroud, ontario, _ = resolve_spans(text, _spans(text, "Stroud", "Ontario", "Canada"))
    assert stroud.lat is None and stroud.precision is None
    assert ontario.country == "CAN"


def test_congo_alone_is_dr_congo_unless_the_article_says_brazzaville():
    text = "Fighting spread in eastern Congo."
    assert resolve_spans(text, [_span(text, "Congo")])[0].country == "COD"
    text = "Officials in Brazzaville said Congo would hold talks."
    congo = resolve_spans(text, _spans(text, "Brazzaville", "Congo"))[1]
    assert congo.country == "COG"


def test_former_kenyan_provinces_resolve_in_kenya():
    text = "Clashes were reported in Kisumu and across Nyanza Province."
    nyanza = resolve_spans(text, _spans(text, "Kisumu", "Nyanza Province"))[1]
    assert nyanza.country == "KEN" and nyanza.precision == "region"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The City of Santa Ana filed a claim.", "City of Santa Ana"),
        ("The Santa Ana City Council voted on Monday.", "Santa Ana City Council"),
    ],
)
def test_a_name_the_gazetteer_lacks_resolves_to_the_place_it_is_built_on(text, name):
    (found,) = resolve_spans(text, _spans(text, name))
    assert found.country == "USA" and found.admin1 == "California" and found.precision == "city"


def test_a_valley_is_placed_at_its_town_chosen_by_the_context():
    text = "Fires spread from Los Angeles across the San Fernando Valley, California officials said."
    _, valley, _ = resolve_spans(text, _spans(text, "Los Angeles", "San Fernando Valley", "California"))
    assert valley.country == "USA" and valley.admin1 == "California"


def test_a_name_with_an_unknown_tail_stays_unresolved():
    # "Bay" may name water far from the town of its name (Islington Bay is in Auckland).
    text = "Boats anchored in Islington Bay."
    (found,) = resolve_spans(text, _spans(text, "Islington Bay"))
    assert found.lat is None


@pytest.mark.parametrize(
    ("name", "country"),
    [("Soviet Union", "RUS"), ("USSR", "RUS"), ("Republic of Congo", "COG"), ("Rhodesia", "ZWE")],
)
def test_former_and_short_country_names_resolve(name, country):
    (found,) = resolve_spans(name, [(0, len(name))])
    assert found.country == country and found.precision == "country"


def test_a_region_the_article_keeps_naming_decides_a_town_of_a_common_name():
    # Austin, Texas is 200 times bigger; an article about Indiana means Austin, Indiana.
    text = (
        "Indiana declared an emergency in Scott County. The outbreak in Austin has grown, "
        "Indiana officials said, and clinics in Scott County and Indianapolis are full."
    )
    names = ["Indiana", "Scott County", "Austin", "Indiana", "Scott County", "Indianapolis"]
    spans, offset = [], 0
    for name in names:
        start = text.index(name, offset)
        spans.append((start, start + len(name)))
        offset = start + len(name)
    austin = resolve_spans(text, spans)[2]
    assert austin.admin1 == "Indiana"


def test_one_mention_of_a_region_does_not_move_a_big_city():
    text = "Doctors in Boston and New York reported cases."
    boston, _ = resolve_spans(text, _spans(text, "Boston", "New York"))
    assert boston.admin1 == "Massachusetts"
