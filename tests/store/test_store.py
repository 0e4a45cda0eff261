"""Store behaviour on each backend: saving, reading back, filtering, paging, summaries."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tidings.errors import ConfigError, StoreError
from tidings.pipeline import ArticleResult
from tidings.records import DateInfo, Event, Location
from tidings.store import EventFilter, NotFoundError, SaveStats, Store

from .factories import make_article, make_event, make_result, make_toponym

# -- writing and reading back ------------------------------------------------------------


def test_saved_records_read_back_equal(store: Store) -> None:
    result = make_result("a1", n_events=3)
    sparse = make_event(
        result.article.id,
        7,
        actor=None,
        recipient=None,
        location=Location(text="the town", name=None, start=3, end=11),
        date=DateInfo(start=None, end=None, precision=None, basis="unknown"),
        attribution=None,
        fatalities=None,
        mode=None,
        cameo_root=None,
        acled_event_type=None,
        acled_sub_event_type=None,
        extra={},
    )
    result.events.append(sparse)
    result.toponyms.append(
        make_toponym(result.article.id, text="Libyan", kind="demonym", lat=None, lon=None)
    )

    assert store.save_batch([result]) == SaveStats(
        articles_added=1, articles_skipped=0, events_added=4
    )

    assert store.get_article(result.article.id) == result.article
    assert store.article_events(result.article.id) == result.events
    assert store.article_toponyms(result.article.id) == result.toponyms
    assert store.get_event(sparse.id) == sparse
    assert store.has_article(result.article.id)
    assert not store.has_article("art-missing")


def test_saving_again_skips_stored_articles(store: Store) -> None:
    first = make_result("a1", n_events=2)
    assert store.save_batch([first]).events_added == 2

    again = store.save_batch([first, make_result("a2"), make_result("a2")])

    assert again == SaveStats(articles_added=1, articles_skipped=2, events_added=1)
    assert store.stats().total_events == 3
    assert store.stats().total_articles == 2


def test_failure_mid_batch_rolls_back_the_whole_batch(store: Store) -> None:
    good = make_result("a1")
    # Both events get the same id: the second insert violates the unique constraint,
    # after the first article and its event were already written in this transaction.
    bad = make_result("a2", n_events=1)
    bad.events.append(replace(bad.events[0]))

    with pytest.raises(StoreError, match="batch of 2 articles from art-a1 not saved"):
        store.save_batch([good, bad])

    assert not store.has_article("art-a1")
    assert not store.has_article("art-a2")
    assert store.stats().total_events == 0
    assert store.save_batch([good]).articles_added == 1  # the store is still usable


def test_unserialisable_extra_rolls_back(store: Store) -> None:
    bad = make_result("a2", events=[make_event("art-a2", extra={"span": object()})])
    with pytest.raises(StoreError):
        store.save_batch([make_result("a1"), bad])
    assert store.query_events().total == 0


def test_event_of_another_article_is_refused(store: Store) -> None:
    result = make_result("a1", events=[make_event("art-zz")])
    with pytest.raises(StoreError, match="art-zz"):
        store.save_batch([result])
    assert not store.has_article("art-a1")


def test_malformed_event_date_is_refused(store: Store) -> None:
    event = make_event(
        "art-a1", date=DateInfo(start="June 2016", end=None, precision="month", basis="explicit")
    )
    with pytest.raises(StoreError, match="'June 2016' is not an ISO date"):
        store.save_batch([make_result("a1", events=[event])])


def test_unknown_ids_raise_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="nope"):
        store.get_event("nope")
    with pytest.raises(NotFoundError, match="nope"):
        store.get_article("nope")
    with pytest.raises(NotFoundError):
        store.article_events("nope")
    with pytest.raises(NotFoundError):
        store.article_toponyms("nope")


def test_article_without_events_has_empty_lists(store: Store) -> None:
    store.save_batch([ArticleResult(article=make_article("quiet"))])
    assert store.article_events("art-quiet") == []
    assert store.article_toponyms("art-quiet") == []


def test_hostile_text_is_stored_verbatim(store: Store) -> None:
    nasty = "Robert'); DROP TABLE events;-- 100% _under_ \\ \x01 ünïcode"
    event = make_event("art-a1", evidence=replace(make_event().evidence, sentence=nasty))
    store.save_batch([make_result("a1", events=[event])])
    assert store.get_event(event.id).evidence.sentence == nasty
    assert store.query_events(EventFilter(q="100% _under_")).total == 1
    assert store.query_events(EventFilter(q="100%_")).total == 0  # % and _ are literal


# -- filters ------------------------------------------------------------------------------


def _scenario() -> dict[str, Event]:
    """Five events in three articles, varied in every filtered field."""
    a1, a2, a3 = "art-a1", "art-a2", "art-a3"
    sirte = make_event(a1, 0)
    assert sirte.actor and sirte.recipient and sirte.location
    return {
        "sirte": sirte,
        "tripoli": make_event(
            a1,
            1,
            type="PROTEST",
            actor=replace(sirte.actor, name="Civilians", text="protesters", sector="CVL"),
            recipient=None,
            location=replace(
                sirte.location, text="Tripoli", name="Tripoli", lat=32.88743, lon=13.18733
            ),
            date=DateInfo(start="2016-06-01", end="2016-06-01", precision="day", basis="explicit"),
            modality="asserted",
            confidence=0.5,
            fatalities=None,
            evidence=replace(sirte.evidence, sentence="Protesters marched in Tripoli."),
        ),
        "baghdad": make_event(
            a2,
            0,
            actor=replace(
                sirte.actor, name="Islamic State", text="IS militants", country=None, sector="REB"
            ),
            recipient=replace(
                sirte.recipient, name="Iraqi Army", text="troops", country="IRQ", sector="MIL"
            ),
            location=replace(
                sirte.location,
                text="Baghdad",
                name="Baghdad",
                lat=33.34058,
                lon=44.40088,
                country="IRQ",
            ),
            date=DateInfo(
                start="2016-05-01", end="2016-05-31", precision="month", basis="explicit"
            ),
            modality="claimed",
            confidence=0.9,
            fatalities=12,
        ),
        "fiji": make_event(
            a3,
            0,
            type="COERCE",
            location=replace(
                sirte.location,
                text="Taveuni",
                name="Taveuni",
                lat=-16.85,
                lon=179.95,
                country="FJI",
            ),
            date=DateInfo(
                start="2016-06-13", end="2016-06-13", precision="day", basis="reporting_date"
            ),
            modality="future",
            confidence=0.4,
            fatalities=0,
        ),
        "nowhere": make_event(
            a3,
            1,
            type="COERCE",
            actor=None,
            location=None,
            date=DateInfo(start=None, end=None, precision=None, basis="unknown"),
            modality="denied",
            confidence=0.4,
            fatalities=None,
        ),
    }


SCENARIO = _scenario()
NAME_OF = {event.id: name for name, event in SCENARIO.items()}


def _names(events: list[Event]) -> list[str]:
    return [NAME_OF[event.id] for event in events]


@pytest.fixture
def filled(store: Store) -> Store:
    by_article: dict[str, list[Event]] = {}
    for event in SCENARIO.values():
        by_article.setdefault(event.article_id, []).append(event)
    store.save_batch(
        [
            make_result(article_id.removeprefix("art-"), events=found)
            for article_id, found in by_article.items()
        ]
    )
    return store


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (EventFilter(), {"sirte", "tripoli", "baghdad", "fiji", "nowhere"}),
        (EventFilter(types=["PROTEST", "COERCE"]), {"tripoli", "fiji", "nowhere"}),
        (EventFilter(types=[]), {"sirte", "tripoli", "baghdad", "fiji", "nowhere"}),
        (EventFilter(actor="islamic"), {"baghdad"}),
        (EventFilter(actor="TROOPS"), {"baghdad"}),  # recipient text
        (EventFilter(actor="libyan police"), {"sirte", "fiji", "nowhere"}),  # recipient name
        (EventFilter(actor="protesters"), {"tripoli"}),  # actor text
        (EventFilter(place="trip"), {"tripoli"}),
        (EventFilter(place="BAGHDAD"), {"baghdad"}),
        (EventFilter(since=date(2016, 6, 2)), {"sirte", "fiji"}),
        # date_end counts for since, date_start for until
        (EventFilter(since=date(2016, 5, 31)), {"sirte", "tripoli", "baghdad", "fiji"}),
        (EventFilter(until=date(2016, 5, 15)), {"baghdad"}),
        (EventFilter(since=date(2016, 6, 1), until=date(2016, 6, 6)), {"sirte", "tripoli"}),
        (EventFilter(modalities=["claimed", "denied"]), {"baghdad", "nowhere"}),
        (EventFilter(facts_only=True), {"sirte", "tripoli"}),
        (EventFilter(facts_only=True, types=["ASSAULT"]), {"sirte"}),
        (EventFilter(q="marched"), {"tripoli"}),
        (EventFilter(article_id="art-a3"), {"fiji", "nowhere"}),
        (EventFilter(types=["NOSUCH"]), set()),
    ],
    ids=lambda value: repr(value) if isinstance(value, EventFilter) else "",
)
def test_filters_select_matching_events(
    filled: Store, filters: EventFilter, expected: set[str]
) -> None:
    page = filled.query_events(filters, limit=100)
    assert set(_names(page.items)) == expected
    assert page.total == len(expected)
    assert filled.stats(filters).total_events == len(expected)


@pytest.mark.parametrize(
    ("bbox", "expected"),
    [
        ((10.0, 30.0, 20.0, 34.0), {"sirte", "tripoli"}),  # Libya's coast
        ((16.0, 31.0, 17.0, 31.5), {"sirte"}),
        ((40.0, 30.0, 50.0, 40.0), {"baghdad"}),
        ([170, -20, -170, -10], {"fiji"}),  # across the antimeridian, given as a list
        ((-10.0, -10.0, 0.0, 0.0), set()),
    ],
)
def test_bbox_selects_located_events(filled: Store, bbox: tuple, expected: set[str]) -> None:
    page = filled.query_events(EventFilter(bbox=bbox), limit=100)
    assert set(_names(page.items)) == expected


@pytest.mark.parametrize(
    "bbox",
    [
        (1, 2, 3),
        (0, 10, 5, 5),
        (0, -95, 5, 5),
        (0, 0, 181, 5),
        ("a", 0, 1, 1),
        (0, 0, float("nan"), 1),
    ],
)
def test_bad_bbox_is_rejected_with_reason(bbox: tuple) -> None:
    with pytest.raises(ConfigError, match="bbox"):
        EventFilter(bbox=bbox)


# -- sorting and paging --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-date", ["fiji", "sirte", "tripoli", "baghdad", "nowhere"]),
        ("date", ["baghdad", "tripoli", "sirte", "fiji", "nowhere"]),
        ("-confidence", ["baghdad", "sirte", "tripoli"]),  # then two 0.4s, by id
        ("-fatalities", ["baghdad", "sirte", "fiji"]),  # then the two without, by id
        ("fatalities", ["fiji", "sirte", "baghdad"]),
    ],
)
def test_sort_orders_with_missing_values_last(
    filled: Store, sort: str, expected: list[str]
) -> None:
    assert _names(filled.query_events(sort=sort, limit=100).items)[: len(expected)] == expected


def test_ties_break_on_id_in_sort_direction(filled: Store) -> None:
    ids = [e.id for e in filled.query_events(sort="type", limit=100).items]
    coerce = [e.id for e in filled.query_events(EventFilter(types=["COERCE"]), sort="type").items]
    assert coerce == sorted(coerce)
    assert ids[2:4] == sorted(coerce)  # 2 ASSAULT < 2 COERCE < 1 PROTEST
    descending = [
        e.id for e in filled.query_events(EventFilter(types=["COERCE"]), sort="-type").items
    ]
    assert descending == sorted(coerce, reverse=True)


def test_pages_cover_all_events_once(filled: Store) -> None:
    seen: list[str] = []
    for offset in range(0, 6, 2):
        page = filled.query_events(limit=2, offset=offset, sort="-date")
        assert page.total == 5 and page.limit == 2 and page.offset == offset
        seen.extend(event.id for event in page.items)
    assert seen == [e.id for e in filled.query_events(limit=10, sort="-date").items]
    assert len(set(seen)) == 5
    beyond = filled.query_events(limit=2, offset=10)
    assert beyond.items == [] and beyond.total == 5
    assert filled.query_events(limit=0).total == 5


@pytest.mark.parametrize("kwargs", [{"sort": "when"}, {"sort": "-"}, {"limit": -1}, {"offset": -3}])
def test_bad_paging_arguments_are_rejected(filled: Store, kwargs: dict) -> None:
    with pytest.raises(ConfigError):
        filled.query_events(**kwargs)


def test_iter_events_streams_every_match_in_insertion_order(filled: Store) -> None:
    every = list(filled.iter_events(batch=2))
    assert _names(every) == list(SCENARIO)
    facts = list(filled.iter_events(EventFilter(facts_only=True), batch=1))
    assert {e.modality for e in facts} == {"asserted", "reported"} and len(facts) == 2


# -- summaries ------------------------------------------------------------------------------


def test_stats_count_types_and_iso_weeks(filled: Store) -> None:
    stats = filled.stats()
    assert stats.total_events == 5
    assert stats.total_articles == 3
    assert stats.by_type == {"ASSAULT": 2, "COERCE": 2, "PROTEST": 1}
    # 2016-05-01 is a Sunday (week of Mon 04-25); 06-01 and 06-06 fall in weeks of 05-30 and 06-06;
    # 06-13 is a Monday; the undated event is left out.
    assert stats.by_week == [
        ("2016-04-25", 1),
        ("2016-05-30", 1),
        ("2016-06-06", 1),
        ("2016-06-13", 1),
    ]
    libya = filled.stats(EventFilter(place="tripoli"))
    assert (libya.total_events, libya.total_articles, libya.by_week) == (1, 1, [("2016-05-30", 1)])


def test_actors_count_both_roles(filled: Store) -> None:
    actors = {a.name: a for a in filled.actors()}
    police = actors["Libyan Police"]  # recipient in sirte, fiji, nowhere (undated)
    assert (police.events, police.country, police.sector) == (3, "LBY", "COP")
    assert (police.first_date, police.last_date) == ("2016-06-06", "2016-06-13")
    guard = actors["Petroleum Facilities Guard"]  # actor in sirte and fiji
    assert guard.events == 2
    assert actors["Iraqi Army"].events == 1
    assert actors["Islamic State"].country is None
    assert (actors["Islamic State"].first_date, actors["Islamic State"].last_date) == (
        "2016-05-01",
        "2016-05-31",
    )
    assert [a.name for a in filled.actors(q="iraqi")] == ["Iraqi Army"]
    ranked = filled.actors()
    assert [a.events for a in ranked] == sorted((a.events for a in ranked), reverse=True)
    assert filled.actors(limit=1, offset=1)[0] == ranked[1]


def test_actor_timeline_counts_weeks(filled: Store) -> None:
    assert filled.actor_timeline("Libyan Police") == [("2016-06-06", 1), ("2016-06-13", 1)]
    assert filled.actor_timeline("Nobody") == []


def test_places_count_located_events(filled: Store) -> None:
    places = {p.name: p for p in filled.places()}
    assert set(places) == {"Sirte", "Tripoli", "Baghdad", "Taveuni"}
    assert (places["Sirte"].lat, places["Sirte"].lon, places["Sirte"].geonameid) == (
        31.20892,
        16.58866,
        2210554,
    )
    assert places["Baghdad"].country == "IRQ"
    assert [p.name for p in filled.places(q="tav")] == ["Taveuni"]
    assert len(filled.places(limit=2)) == 2


# -- map points -----------------------------------------------------------------------------


def test_event_points_are_the_newest_located_events(filled: Store) -> None:
    points = filled.event_points(limit=10)
    assert [NAME_OF[p.id] for p in points] == ["fiji", "sirte", "tripoli", "baghdad"]
    assert points[1] == (SCENARIO["sirte"].id, 31.20892, 16.58866, "ASSAULT", "2016-06-06")
    assert [NAME_OF[p.id] for p in filled.event_points(EventFilter(types=["COERCE"]))] == ["fiji"]
    assert [NAME_OF[p.id] for p in filled.event_points(limit=2)] == ["fiji", "sirte"]
    assert filled.count_events(located=True) == 4
    assert filled.count_events() == 5
    assert filled.count_events(EventFilter(types=["COERCE"]), located=True) == 1


@pytest.mark.parametrize("limit", [1, 2, 100])
def test_bbox_pages_are_the_same_whichever_index_serves_them(filled: Store, limit: int) -> None:
    # A box holding more than sqrt(limit x events) is kept off the coordinate index.
    world = EventFilter(bbox=(-180, -90, 180, 90))
    expected = ["fiji", "sirte", "tripoli", "baghdad"][:limit]
    assert _names(filled.query_events(world, limit=limit).items) == expected
    assert [NAME_OF[p.id] for p in filled.event_points(world, limit=limit)] == expected
    assert filled.query_events(world, limit=limit).total == 4


# -- text search ----------------------------------------------------------------------------

SENTENCES = [
    'He said "stop" AND left; NEAR(x y) {col}: *star* - minus ^caret',
    "Ceasefire talks in Sirte collapsed, 100% of 'them' said_so.",
    "CEASE-fire: o'Brien met the Über drivers at 3pm",
    "Nothing relevant here at all",
]
NEEDLES = [
    '"stop"',
    'said "',
    "AND",
    "and left",
    "NEAR(x",
    "{col}:",
    "*star*",
    "- minus ^",
    "ceasefire",
    "CEASE",
    "cease-fire",
    "100%",
    "%",
    "_so",
    "o'brien",
    "Über",
    "3pm",
    "ir",
    "e",
    "zzz",
    '"',
    "'",
]


@pytest.fixture
def texts(store: Store) -> Store:
    found = [
        make_event("art-t1", n, evidence=replace(make_event().evidence, sentence=sentence))
        for n, sentence in enumerate(SENTENCES)
    ]
    store.save_batch([make_result("t1", events=found[:2])])
    store.save_batch([make_result("t2", events=[])])  # an article without events
    store.save_batch(
        [make_result("t3", events=[replace(e, article_id="art-t3") for e in found[2:]])]
    )
    return store


@pytest.mark.parametrize("needle", NEEDLES)
def test_text_query_is_a_literal_case_insensitive_substring(texts: Store, needle: str) -> None:
    """Whatever the search structure (SQLite FTS5 trigrams, PostgreSQL ILIKE), q matches
    the evidence sentences containing ``needle`` ignoring ASCII case; FTS5 syntax in it is
    plain text."""
    expected = {s for s in SENTENCES if needle.lower() in s.lower()}
    page = texts.query_events(EventFilter(q=needle), limit=100)
    assert {e.evidence.sentence for e in page.items} == expected
    assert page.total == len(expected)
    assert texts.stats(EventFilter(q=needle)).total_events == len(expected)


def test_sqlite_searches_text_through_fts5_kept_in_sync(texts: Store) -> None:
    if texts.url.get_backend_name() != "sqlite":
        assert texts._search == "ilike"
        return
    assert texts._search == "fts5"
    texts.save_batch([make_result("t4", n_events=3)])
    with texts._engine.connect() as conn:
        # FTS5 compares its index with the external content (events) and raises on a mismatch.
        conn.exec_driver_sql(
            "INSERT INTO events_fts(events_fts, rank) VALUES ('integrity-check', 1)"
        )
        assert conn.exec_driver_sql("SELECT count(*) FROM events_fts").scalar() == 7
    assert texts.query_events(EventFilter(actor="petroleum facilities")).total == 7
    assert texts.query_events(EventFilter(actor="Libyan Pol", place="SIRT")).total == 7
    assert texts.query_events(EventFilter(place="nowhere")).total == 0


@pytest.mark.parametrize("limit", [1, 2, 100])
def test_text_pages_are_the_same_whichever_plan_serves_them(filled: Store, limit: int) -> None:
    # A text filter matching more than sqrt(limit x events) does not drive the page query.
    expected = ["fiji", "sirte", "nowhere"][:limit]
    page = filled.query_events(EventFilter(actor="libyan police"), limit=limit)
    assert _names(page.items) == expected
    assert page.total == 3
    both = EventFilter(actor="libyan police", place="sirte", q="clashed")
    assert _names(filled.query_events(both, limit=limit).items) == ["sirte"]
