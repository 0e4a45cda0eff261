"""``Store``: event records in SQLite (default) or PostgreSQL, behind one small API."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from ..config import load_config
from ..errors import ConfigError, StoreError
from ..records import Article, Event, Toponym
from ._migrate import upgrade_to_head
from ._query import (
    TRIGRAM,
    bbox_clauses,
    fold_into_weeks,
    fts_matches,
    order_by,
    text_needles,
    where_clauses,
)
from ._rows import (
    EVENT_PATHS,
    article_from_row,
    column_name,
    event_from_tuple,
    event_row,
    toponym_from_row,
    toponym_row,
)
from ._schema import (
    FTS_COLUMNS,
    actor_summary,
    articles,
    events,
    events_fts,
    place_summary,
    toponyms,
)
from ._summaries import add_events
from .types import (
    ActorSummary,
    EventFilter,
    EventPage,
    EventPoint,
    NotFoundError,
    PlaceSummary,
    SaveStats,
    Stats,
)

if TYPE_CHECKING:
    from ..pipeline import ArticleResult

__all__ = ["Store", "mask_url"]

# An id list longer than this is looked up in several IN (...) queries.
_IN_CHUNK = 500
# Any constant works: it only has to be the same for every tidings process.
_PG_MIGRATION_LOCK = 0x7469_6469
# The columns an Event is read from, in EVENT_PATHS order (event_from_tuple's input).
_EVENT_COLUMNS = [events.c[column_name(path)] for path in EVENT_PATHS]
_N_EVENT_COLUMNS = len(_EVENT_COLUMNS)


def mask_url(url: str | URL) -> str:
    """``url`` with its password replaced by ``***``, for messages."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _reason(exc: BaseException) -> str:
    """The first line of the driver's message, without SQLAlchemy's boilerplate."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def _iso(value: date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _parse_url(text: str) -> URL:
    try:
        url = sa.make_url(text)
    except ArgumentError:
        raise StoreError(
            f"{mask_url(text)}: not a database URL (sqlite:///path or postgresql+psycopg://...)"
        ) from None
    # psycopg (3) is the driver we ship; "postgres" is the old spelling some hosts hand out.
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    elif url.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"{mask_url(url)}: unsupported database (use sqlite or postgresql)")
    return url


def _create_engine(url: URL, settings: dict[str, Any]) -> Engine:
    if url.get_backend_name() == "postgresql":
        return sa.create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": int(settings["connect_timeout_s"])},
        )
    in_memory = url.database in (None, "", ":memory:")
    engine = sa.create_engine(
        url,
        # One shared connection, or every thread would see its own empty in-memory database.
        poolclass=StaticPool if in_memory else None,
        connect_args={"check_same_thread": False},
    )
    busy_ms = int(settings["sqlite_busy_timeout_ms"])

    @sa_event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transactions out of the driver's hands so BEGIN is ours (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms:d}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @sa_event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Writers take the write lock up front: no deadlock upgrading a read lock later.
        writer = connection.get_execution_options().get("tidings_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

    return engine


class Store:
    """Articles, events and toponyms in a database, migrated to the current schema on open.

    ``Store()`` opens ``[store] url`` from the config (``sqlite:///tidings.db``);
    ``Store("postgresql+psycopg://user:pw@host/db")`` opens PostgreSQL. Safe to share
    between threads; use as a context manager or call ``close()``.
    """

    def __init__(self, url: str | None = None) -> None:
        settings = load_config()["store"]
        self.url = _parse_url(url if url is not None else str(settings["url"]))
        self._where = mask_url(self.url)
        try:
            self._engine = _create_engine(self.url, settings)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"{self._where}: cannot open database ({_reason(exc)})") from None
        try:
            with self._transaction(write=True) as conn:
                if self.url.get_backend_name() == "postgresql":
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_MIGRATION_LOCK)))
                upgrade_to_head(conn, self._where)
                self._search = self._text_search(conn)
        except StoreError:
            self._engine.dispose()
            raise
        except SQLAlchemyError as exc:
            self._engine.dispose()
            raise StoreError(f"{self._where}: cannot open database ({_reason(exc)})") from None

    def _text_search(self, conn: Connection) -> str:
        """How this database matches text filters (see ``_query.TEXT_SEARCHES``)."""
        backend = self.url.get_backend_name()
        if backend == "postgresql":
            return "ilike"
        fts = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events_fts'"
        ).first()
        return "fts5" if fts else "like"

    def _clauses(
        self, filters: EventFilter | None, *, bbox_index: bool = True, text_index: bool = True
    ) -> list[sa.ColumnElement[bool]]:
        return where_clauses(
            filters, bbox_index=bbox_index, text_index=text_index, search=self._search
        )

    # -- lifecycle -----------------------------------------------------------------

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self._where!r})"

    @contextmanager
    def _transaction(self, *, write: bool = False) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            if write:
                conn = conn.execution_options(tidings_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _reading(self, what: str) -> Iterator[Connection]:
        try:
            with self._transaction() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{self._where}: {what} failed ({_reason(exc)})") from None

    # -- writing -------------------------------------------------------------------

    def save_batch(self, results: Sequence[ArticleResult]) -> SaveStats:
        """Store articles with their events and toponyms in ONE transaction.

        Articles already stored (or repeated in the batch) are skipped with their events.
        Any error rolls the whole batch back and raises ``StoreError``.
        """
        results = list(results)
        if not results:
            return SaveStats(0, 0, 0)
        first = results[0].article.id
        try:
            with self._transaction(write=True) as conn:
                stored = self._stored_article_ids(conn, [r.article.id for r in results])
                fresh: list[ArticleResult] = []
                for result in results:
                    if result.article.id not in stored:
                        stored.add(result.article.id)
                        fresh.append(result)
                article_rows, event_rows, toponym_rows = _rows_of(fresh)
                if article_rows:
                    conn.execute(articles.insert(), article_rows)
                if event_rows:
                    last_pk = conn.scalar(sa.select(sa.func.max(events.c.pk)))
                    conn.execute(events.insert(), event_rows)
                    add_events(conn, event_rows)
                    if self._search == "fts5":
                        self._index_text(conn, last_pk or 0)
                if toponym_rows:
                    conn.execute(toponyms.insert(), toponym_rows)
                if event_rows and self.url.get_backend_name() == "sqlite":
                    self._refresh_sqlite_statistics(conn)
        except (SQLAlchemyError, TypeError, ValueError) as exc:  # the latter: extra not JSON
            raise StoreError(
                f"{self._where}: batch of {len(results)} articles from {first} not saved ({_reason(exc)})"
            ) from None
        return SaveStats(
            articles_added=len(article_rows),
            articles_skipped=len(results) - len(article_rows),
            events_added=len(event_rows),
        )

    @staticmethod
    def _index_text(conn: Connection, after_pk: int) -> None:
        """Add the events inserted after ``after_pk`` to ``events_fts`` (external content:
        FTS5 does not follow ``events`` on its own)."""
        columns = [events.c[name] for name in FTS_COLUMNS]
        conn.execute(
            events_fts.insert().from_select(
                ["rowid", *FTS_COLUMNS],
                sa.select(events.c.pk, *columns).where(events.c.pk > after_pk),
            )
        )

    def _refresh_sqlite_statistics(self, conn: Connection) -> None:
        """ANALYZE (sampled) when ``events`` has grown by the configured factor since the last
        one: without statistics SQLite picks the modality index over the bbox index, 10x slower.
        PostgreSQL's autovacuum does this on its own."""
        settings = load_config()["store"]
        rows_now = int(conn.scalar(sa.select(sa.func.max(events.c.pk))) or 0)
        has_stats = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
        ).first()
        analysed = 0
        if has_stats:
            for (stat,) in conn.exec_driver_sql(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'events'"
            ):
                analysed = max(analysed, int(str(stat).split()[0]))
        if analysed and rows_now < analysed * float(settings["sqlite_reanalyze_growth"]):
            return
        conn.exec_driver_sql(f"PRAGMA analysis_limit = {int(settings['sqlite_analysis_limit']):d}")
        conn.exec_driver_sql("ANALYZE")

    @staticmethod
    def _stored_article_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
        unique = sorted(set(ids))
        found: set[str] = set()
        for at in range(0, len(unique), _IN_CHUNK):
            chunk = unique[at : at + _IN_CHUNK]
            found.update(conn.scalars(sa.select(articles.c.id).where(articles.c.id.in_(chunk))))
        return found

    # -- single records ----------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        with self._reading(f"article {article_id!r}") as conn:
            return self._article_exists(conn, article_id)

    @staticmethod
    def _article_exists(conn: Connection, article_id: str) -> bool:
        found = conn.scalar(sa.select(articles.c.id).where(articles.c.id == article_id))
        return found is not None

    def get_article(self, article_id: str) -> Article:
        with self._reading(f"article {article_id!r}") as conn:
            row = (
                conn.execute(sa.select(articles).where(articles.c.id == article_id))
                .mappings()
                .first()
            )
        if row is None:
            raise NotFoundError(f"article {article_id!r} not found")
        return article_from_row(row)

    def get_event(self, event_id: str) -> Event:
        with self._reading(f"event {event_id!r}") as conn:
            row = conn.execute(sa.select(*_EVENT_COLUMNS).where(events.c.id == event_id)).first()
        if row is None:
            raise NotFoundError(f"event {event_id!r} not found")
        return event_from_tuple(row)

    def article_events(self, article_id: str) -> list[Event]:
        """The article's events in extraction order; NotFoundError for an unknown article."""
        with self._reading(f"events of article {article_id!r}") as conn:
            stmt = (
                sa.select(*_EVENT_COLUMNS)
                .where(events.c.article_id == article_id)
                .order_by(events.c.pk)
            )
            found = [event_from_tuple(row) for row in conn.execute(stmt)]
            if not found and not self._article_exists(conn, article_id):
                raise NotFoundError(f"article {article_id!r} not found")
        return found

    def article_toponyms(self, article_id: str) -> list[Toponym]:
        """The article's toponyms in extraction order; NotFoundError for an unknown article."""
        with self._reading(f"toponyms of article {article_id!r}") as conn:
            stmt = (
                sa.select(toponyms)
                .where(toponyms.c.article_id == article_id)
                .order_by(toponyms.c.pk)
            )
            found = [toponym_from_row(row) for row in conn.execute(stmt).mappings()]
            if not found and not self._article_exists(conn, article_id):
                raise NotFoundError(f"article {article_id!r} not found")
        return found

    # -- event queries -------------------------------------------------------------

    def query_events(
        self,
        filters: EventFilter | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
        sort: str = "-date",
    ) -> EventPage:
        """One page of matching events; ``sort`` is a key of ``SORT_KEYS``, ties broken by id."""
        _check_page(limit, offset)
        where = self._clauses(filters)
        order = order_by(sort)
        stmt = sa.select(*_EVENT_COLUMNS).order_by(*order).limit(limit).offset(offset)
        with self._reading("event query") as conn:
            stmt = stmt.where(*self._page_where(conn, filters, limit + offset))
            items = [event_from_tuple(row) for row in conn.execute(stmt)]
            if len(items) < limit and (items or offset == 0):
                total = offset + len(items)  # the last page: no need to count
            else:
                total = int(
                    conn.scalar(sa.select(sa.func.count()).select_from(events).where(*where)) or 0
                )
        return EventPage(total=total, items=items, limit=limit, offset=offset)

    def _page_where(
        self, conn: Connection, filters: EventFilter | None, rows: int
    ) -> list[sa.ColumnElement[bool]]:
        """WHERE for the first ``rows`` matches in some order (a page, map points).

        SQLite has no histograms: given a bbox (or an ``events_fts`` match) it fetches every
        event in the box (every match) through that index and sorts them, even when that is
        the whole table. When a filter matches more than sqrt(rows x all events), walking the
        sort's index and testing each row (about rows x all / matches of them) is cheaper,
        so the filter is kept from driving the query. Matches are counted on the covering
        coordinate index (in ``events_fts``) only up to that bound.
        """
        if filters is None or self.url.get_backend_name() != "sqlite":
            return self._clauses(filters)
        everything = int(conn.scalar(sa.select(sa.func.max(events.c.pk))) or 0)
        bound = math.isqrt(max(rows, 1) * everything) + 1

        def many(where: sa.ColumnElement[bool], table: Any) -> bool:
            matches = sa.select(sa.literal(1)).select_from(table).where(where).limit(bound)
            found = conn.scalar(sa.select(sa.func.count()).select_from(matches.subquery()))
            return int(found or 0) >= bound

        bbox_index = filters.bbox is None or not many(sa.and_(*bbox_clauses(filters.bbox)), events)
        needles = [
            (columns, needle) for columns, needle in text_needles(filters) if len(needle) >= TRIGRAM
        ]
        text_index = (
            self._search != "fts5"
            or not needles
            or not all(
                many(fts_matches(columns, needle), events_fts) for columns, needle in needles
            )
        )
        return self._clauses(filters, bbox_index=bbox_index, text_index=text_index)

    def event_points(
        self, filters: EventFilter | None = None, limit: int = 1000
    ) -> list[EventPoint]:
        """The newest ``limit`` located events matching ``filters``, as map points: only the
        five columns are read, no ``Event`` is built."""
        _check_page(limit, 0)
        c = events.c
        stmt = (
            sa.select(c.id, c.location_lat, c.location_lon, c.type, c.date_start)
            .order_by(*order_by("-date"))
            .limit(limit)
        )
        with self._reading("map points") as conn:
            stmt = stmt.where(*self._page_where(conn, filters, limit), *_located())
            return [
                EventPoint(id, lat, lon, kind, None if day is None else day.isoformat())
                for id, lat, lon, kind, day in conn.execute(stmt)
            ]

    def count_events(self, filters: EventFilter | None = None, *, located: bool = False) -> int:
        """How many events match ``filters`` (only those with coordinates if ``located``)."""
        where = self._clauses(filters)
        if located:
            where.extend(_located())
        with self._reading("event count") as conn:
            return int(
                conn.scalar(sa.select(sa.func.count()).select_from(events).where(*where)) or 0
            )

    def iter_events(self, filters: EventFilter | None = None, batch: int = 1000) -> Iterator[Event]:
        """Every matching event in insertion order, read ``batch`` rows at a time."""
        if batch < 1:
            raise ConfigError(f"batch {batch}: must be at least 1")
        where = self._clauses(filters)
        after = 0
        while True:
            stmt = (
                sa.select(*_EVENT_COLUMNS, events.c.pk)
                .where(*where, events.c.pk > after)
                .order_by(events.c.pk)
                .limit(batch)
            )
            with self._reading("event export") as conn:
                rows = list(conn.execute(stmt))
            for row in rows:
                yield event_from_tuple(row)
            if len(rows) < batch:
                return
            after = rows[-1][_N_EVENT_COLUMNS]

    def stats(self, filters: EventFilter | None = None) -> Stats:
        where = self._clauses(filters)
        count = sa.func.count().label("n")
        with self._reading("stats") as conn:
            by_type = {
                kind: int(n)
                for kind, n in conn.execute(
                    sa.select(events.c.type, count)
                    .where(*where)
                    .group_by(events.c.type)
                    .order_by(count.desc(), events.c.type)
                )
            }
            # Unfiltered, grouping by the column reads the date index alone. Filtered, an
            # expression keeps SQLite from walking that index (a lookup per row) just to get
            # groups in order, so the filters' own index is used; undated rows are dropped later.
            day: Any = events.c.date_start
            if where:
                day = sa.func.coalesce(events.c.date_start, events.c.date_start)
            per_day = conn.execute(sa.select(day, sa.func.count()).where(*where).group_by(day))
            by_week = fold_into_weeks((day, int(n)) for day, n in per_day)
            if filters is None or filters.is_empty():
                articles_stmt = sa.select(sa.func.count()).select_from(articles)
            else:
                articles_stmt = sa.select(sa.func.count(sa.distinct(events.c.article_id))).where(
                    *where
                )
            total_articles = int(conn.scalar(articles_stmt) or 0)
        return Stats(
            total_events=sum(by_type.values()),
            total_articles=total_articles,
            by_type=by_type,
            by_week=by_week,
        )

    # -- actors and places -------------------------------------------------------------

    def actors(
        self, *, q: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[ActorSummary]:
        """Actor names by number of events (either role), most active first; ``q``: the
        name contains it (case-insensitive). Read from ``actor_summary``."""
        _check_page(limit, offset)
        c = actor_summary.c
        stmt = (
            sa.select(actor_summary).order_by(c.events.desc(), c.name).limit(limit).offset(offset)
        )
        if q:
            stmt = stmt.where(c.name.icontains(q, autoescape=True))
        with self._reading("actor list") as conn:
            return [_actor_summary(row) for row in conn.execute(stmt)]

    def actor(self, name: str) -> ActorSummary | None:
        """The summary of the actor named exactly ``name``, None if no event names it."""
        stmt = sa.select(actor_summary).where(actor_summary.c.name == name)
        with self._reading(f"actor {name!r}") as conn:
            row = conn.execute(stmt).first()
        return None if row is None else _actor_summary(row)

    def actor_timeline(self, name: str) -> list[tuple[str, int]]:
        """(ISO Monday, events) for the weeks in which ``name`` acted or was acted on."""
        c = events.c
        stmt = (
            sa.select(c.date_start, sa.func.count())
            .where(
                sa.or_(c.actor_name == name, c.recipient_name == name), c.date_start.is_not(None)
            )
            .group_by(c.date_start)
        )
        with self._reading(f"timeline of {name!r}") as conn:
            return fold_into_weeks((day, int(n)) for day, n in conn.execute(stmt))

    def places(
        self, *, q: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[PlaceSummary]:
        """Resolved places by number of events located there, most first; ``q``: the name
        contains it (case-insensitive). Read from ``place_summary``."""
        _check_page(limit, offset)
        c = place_summary.c
        stmt = (
            sa.select(c.name, c.lat, c.lon, c.country, c.geonameid, c.events)
            .order_by(c.events.desc(), c.name, c.geonameid)
            .limit(limit)
            .offset(offset)
        )
        if q:
            stmt = stmt.where(c.name.icontains(q, autoescape=True))
        with self._reading("place list") as conn:
            return [
                PlaceSummary(
                    name=name, lat=lat, lon=lon, country=country, geonameid=geonameid, events=int(n)
                )
                for name, lat, lon, country, geonameid, n in conn.execute(stmt)
            ]


def _actor_summary(row: sa.Row[Any]) -> ActorSummary:
    return ActorSummary(
        name=row.name,
        country=row.country,
        sector=row.sector,
        events=int(row.events),
        first_date=_iso(row.first_date),
        last_date=_iso(row.last_date),
    )


def _located() -> list[sa.ColumnElement[bool]]:
    return [events.c.location_lat.is_not(None), events.c.location_lon.is_not(None)]


def _check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise ConfigError(f"page limit={limit} offset={offset}: both must be >= 0")


def _rows_of(
    results: Iterable[ArticleResult],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for the three tables; records that name another article are refused."""
    now = datetime.now(UTC)
    article_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    toponym_rows: list[dict[str, Any]] = []
    for result in results:
        article = result.article
        article_rows.append(
            {
                "id": article.id,
                "title": article.title,
                "url": article.url,
                "published": article.published,
                "source": article.source,
                "text": article.text,
                "ingested_at": now,
            }
        )
        for item in result.events:
            if item.article_id != article.id:
                raise StoreError(
                    f"event {item.id}: article_id {item.article_id!r} is not {article.id!r}"
                )
            event_rows.append(event_row(item))
        for toponym in result.toponyms:
            if toponym.article_id != article.id:
                raise StoreError(
                    f"toponym {toponym.text!r}: article_id {toponym.article_id!r} is not {article.id!r}"
                )
            toponym_rows.append(toponym_row(toponym))
    return article_rows, event_rows, toponym_rows
