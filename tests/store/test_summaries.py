"""actor_summary / place_summary: kept by save_batch, backfilled by migration 0002, always
equal to what a scan of every event gives."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from tidings.records import DateInfo, Event
from tidings.store import ActorSummary, PlaceSummary, Store, _migrate
from tidings.store._schema import articles, events, place_summary, toponyms
from tidings.store._summaries import place_key
from tidings.store.store import _rows_of

from .factories import make_event, make_result


def _most_common(counts: Counter[str]) -> str | None:
    return min(counts, key=lambda value: (-counts[value], value)) if counts else None


def _expected_actors(store: Store) -> list[ActorSummary]:
    """Actor summaries from a scan of every event (the definition the tables must keep)."""
    found: dict[str, dict] = {}
    for event in store.iter_events():
        roles = [event.actor] if event.actor else []
        if event.recipient and (event.actor is None or event.recipient.name != event.actor.name):
            roles.append(event.recipient)
        for ref in roles:
            entry = found.setdefault(
                ref.name,
                {"n": 0, "first": [], "last": [], "country": Counter(), "sector": Counter()},
            )
            entry["n"] += 1
            if event.date.start:
                entry["first"].append(event.date.start)
            if event.date.end or event.date.start:
                entry["last"].append(event.date.end or event.date.start)
            if ref.country:
                entry["country"][ref.country] += 1
            if ref.sector:
                entry["sector"][ref.sector] += 1
    return sorted(
        (
            ActorSummary(
                name=name,
                country=_most_common(e["country"]),
                sector=_most_common(e["sector"]),
                events=e["n"],
                first_date=min(e["first"], default=None),
                last_date=max(e["last"], default=None),
            )
            for name, e in found.items()
        ),
        key=lambda a: (-a.events, a.name),
    )


def _expected_places(store: Store) -> list[PlaceSummary]:
    counts: Counter[tuple] = Counter()
    for event in store.iter_events():
        loc = event.location
        if loc is not None and loc.name is not None:
            counts[loc.name, loc.lat, loc.lon, loc.country, loc.geonameid] += 1
    return sorted(
        (PlaceSummary(*key, events=n) for key, n in counts.items()),
        key=lambda p: (-p.events, p.name, p.geonameid or 0),
    )


def _check(store: Store) -> None:
    assert store.actors(limit=1000) == _expected_actors(store)
    assert store.places(limit=1000) == _expected_places(store)


def _varied(key: str, n_events: int, shift: int) -> list[Event]:
    """Events of article ``art-<key>`` with actors, countries, places and dates varying."""
    base = make_event(f"art-{key}")
    assert base.actor and base.recipient and base.location
    made = []
    for n in range(n_events):
        pick = (n + shift) % 4
        actor = replace(base.actor, country=["LBY", "EGY", None, "LBY"][pick])
        recipient = (
            None
            if pick == 2
            else replace(base.recipient, sector=["COP", "MIL", "GOV", "COP"][pick])
        )
        if pick == 3:  # the same name in both roles counts once
            recipient = replace(base.actor, country="TUN")
        location = (
            None
            if pick == 1
            else replace(base.location, name=["Sirte", None, "Derna", "Sirte"][pick])
        )
        day = f"2016-0{1 + (n + shift) % 9}-1{pick}"
        dated = DateInfo(
            start=day, end=None if pick == 3 else day, precision="day", basis="explicit"
        )
        made.append(
            make_event(
                f"art-{key}", n, actor=actor, recipient=recipient, location=location, date=dated
            )
        )
    return made


def test_summaries_stay_right_over_batches_and_resaves(store: Store) -> None:
    first = [make_result(f"b{i}", events=_varied(f"b{i}", 5, i)) for i in range(3)]
    store.save_batch(first)
    _check(store)
    store.save_batch([make_result(f"c{i}", events=_varied(f"c{i}", 3, i + 7)) for i in range(4)])
    _check(store)
    before = (store.actors(limit=1000), store.places(limit=1000))
    # Already stored articles, alone and beside a new one: only the new one counts.
    assert store.save_batch(first).articles_added == 0
    assert (store.actors(limit=1000), store.places(limit=1000)) == before
    saved = store.save_batch([first[0], make_result("d", events=_varied("d", 2, 1)), first[0]])
    assert (saved.articles_added, saved.articles_skipped) == (1, 2)
    _check(store)
    guard = store.actor("Petroleum Facilities Guard")
    assert guard is not None and guard.events == 3 * 5 + 4 * 3 + 2
    assert store.actor("Nobody") is None


def test_failed_batch_leaves_summaries_unchanged(store: Store) -> None:
    store.save_batch([make_result("a1", n_events=2)])
    before = (store.actors(), store.places())
    bad = make_event("art-a2", extra={"x": object()})  # not JSON: the batch rolls back
    with pytest.raises(Exception, match="not saved"):
        store.save_batch([make_result("a2", events=[make_event("art-a2", 1), bad])])
    assert (store.actors(), store.places()) == before


def test_most_frequent_country_ties_go_alphabetically(store: Store) -> None:
    base = make_event("art-t1")
    assert base.actor
    one = make_event("art-t1", 0, actor=replace(base.actor, country="SYR"), recipient=None)
    two = make_event("art-t2", 0, actor=replace(base.actor, country="IRQ"), recipient=None)
    store.save_batch([make_result("t1", events=[one])])
    assert store.actors()[0].country == "SYR"
    store.save_batch([make_result("t2", events=[two])])
    assert store.actors()[0].country == "IRQ"  # 1-1: alphabetical


def test_migration_0002_backfills_summaries_of_stored_events(db_url: str) -> None:
    """A database filled at revision 0001 gets summaries equal to a full scan; batches
    saved afterwards add to the same rows (the places' keys agree)."""
    results = [make_result(f"m{i}", events=_varied(f"m{i}", 4, i)) for i in range(3)]
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(_migrate._config(conn), "0001")
        article_rows, event_rows, toponym_rows = _rows_of(results)
        conn.execute(articles.insert(), article_rows)
        conn.execute(events.insert(), event_rows)
        conn.execute(toponyms.insert(), toponym_rows)
    engine.dispose()
    with Store(db_url) as store:
        _check(store)
        store.save_batch([make_result("n1", events=_varied("n1", 4, 0))])
        _check(store)
        with store._engine.connect() as conn:
            keys = list(conn.scalars(sa.select(place_summary.c.key)))
    assert len(keys) == len(set(keys)) == 2
    assert place_key("Sirte", 31.20892, 16.58866, "LBY", 2210554) in keys


def test_place_key_is_the_migrations(tmp_path: Path) -> None:
    import importlib.util

    path = _migrate.MIGRATIONS_DIR / "versions" / "0002_summaries.py"
    spec = importlib.util.spec_from_file_location("m0002", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for values in [("Sirte", 31.2, 16, "LBY", 2210554), ("Ünï", None, None, None, None)]:
        assert module._place_key(*values) == place_key(*values)
