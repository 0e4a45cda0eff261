"""Store-level timings on 100,000 synthetic events (no HTTP, no JSON).

    .venv/bin/python benchmarks/store_bench.py [--events 100000] [--repeats 20] [--db URL|PATH]
                                               [--plans]

Fills a fresh SQLite store (or reuses ``--db``; a PostgreSQL URL works too, if it is
empty or was filled by this script) with the synthetic articles of
``benchmarks/api_latency.py``, then prints p50/p95 in ms of each ``Store`` call the API
makes: event pages under common filters, map points, stats, actor and place summaries.
``--plans`` also prints SQLite's EXPLAIN QUERY PLAN for the common filter combinations.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_latency import fill, measure

from tidings.store import EventFilter, Store
from tidings.store._query import order_by
from tidings.store._schema import events

LIBYA = (9.3, 19.5, 25.2, 33.2)
FILTERS: list[tuple[str, EventFilter]] = [
    ("no filter", EventFilter()),
    ("type=ASSAULT", EventFilter(types=["ASSAULT"])),
    ("type + since/until", EventFilter(types=["PROTEST", "COERCE"], since=date(2017, 1, 1), until=date(2017, 6, 30))),
    ("since (date_end) only", EventFilter(since=date(2020, 6, 1))),
    ("bbox (Libya)", EventFilter(bbox=LIBYA)),
    ("bbox + since", EventFilter(bbox=LIBYA, since=date(2019, 1, 1))),
    ("bbox + type + facts_only", EventFilter(bbox=(30, -5, 50, 20), types=["ASSAULT"], facts_only=True)),
    ("actor substring 'islamic'", EventFilter(actor="islamic")),
    ("actor substring, rare 'elders'", EventFilter(actor="elders", types=["AID"])),
    ("place substring 'aleppo'", EventFilter(place="aleppo")),
    ("text q 'ceasefire'", EventFilter(q="ceasefire")),
    ("text q, no match 'zzzqqq'", EventFilter(q="zzzqqq")),
    ("text q, 2 chars 'ce'", EventFilter(q="ce")),
]


def _timed(name: str, call: Callable[[], object], repeats: int) -> None:
    p50, p95 = measure(call, repeats)
    print(f"{name:52} {p50:8.1f} {p95:8.1f}")


def _plans(store: Store) -> None:
    if store.url.get_backend_name() != "sqlite":
        print("(query plans: SQLite only)")
        return
    dialect = store._engine.dialect
    with store._engine.connect() as conn:
        for name, filters in FILTERS:
            # The statements query_events runs: the page (WHERE as the store picks it) and the count.
            page = (
                sa.select(events.c.id)
                .where(*store._page_where(conn, filters, 50))
                .order_by(*order_by("-date"))
                .limit(50)
            )
            count = sa.select(sa.func.count()).select_from(events).where(*store._clauses(filters))
            print(f"-- {name}")
            for label, stmt in (("page ", page), ("count", count)):
                sql = str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
                for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"):
                    print(f"   {label} {row[-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20, help="timed calls per measurement")
    parser.add_argument("--db", help="SQLite file or database URL to (re)use; default: a fresh temporary file")
    parser.add_argument("--plans", action="store_true", help="print SQLite query plans too")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        if "://" not in url:
            url = f"sqlite:///{url}"
        started = time.perf_counter()
        with Store(url) as store:
            opened = time.perf_counter() - started
            empty = store.stats().total_events == 0
        if empty:
            seconds = fill(url, args.events)
            print(f"stored {args.events:,} events in {seconds:.1f} s ({args.events / seconds:,.0f} events/s)")
        else:
            print(f"reusing {url} (open + migrate: {opened:.2f} s)")
        store = Store(url)
        try:
            print(f"{'call':52} {'p50 ms':>8} {'p95 ms':>8}")
            for name, filters in FILTERS:
                _timed(f"query_events {name}", lambda f=filters: store.query_events(f, limit=50), args.repeats)
            _timed("query_events limit=500", lambda: store.query_events(limit=500), args.repeats)
            _timed("query_events offset=10000", lambda: store.query_events(offset=10_000), args.repeats)
            if hasattr(store, "event_points"):
                world = EventFilter(bbox=(-180, -90, 180, 90))
                _timed("event_points world, 1000", lambda: store.event_points(world, 1000), args.repeats)
                _timed("event_points Libya, 1000", lambda: store.event_points(EventFilter(bbox=LIBYA), 1000),
                       args.repeats)
            _timed("stats no filter", store.stats, args.repeats)
            _timed("stats type=ASSAULT", lambda: store.stats(EventFilter(types=["ASSAULT"])), args.repeats)
            _timed("stats text q", lambda: store.stats(EventFilter(q="ceasefire")), args.repeats)
            few = max(3, args.repeats // 4)  # the slow ones before
            _timed("actors top 100", store.actors, few)
            _timed("actors q='state'", lambda: store.actors(q="state"), few)
            _timed("places top 100", store.places, few)
            _timed("places q='ben'", lambda: store.places(q="ben"), few)
            _timed("actor_timeline 'Islamic State'", lambda: store.actor_timeline("Islamic State"), args.repeats)
            first = store.query_events(limit=1).items[0].id
            _timed("get_event", lambda: store.get_event(first), args.repeats)
            _timed("iter_events 10,000 (export)",
                   lambda: sum(1 for _ in zip(range(10_000), store.iter_events(), strict=False)), few)
            if args.plans:
                _plans(store)
        finally:
            store.close()


if __name__ == "__main__":
    main()
