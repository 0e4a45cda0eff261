"""The FastAPI application: JSON API over ``tidings.store`` plus the offline dashboard.

``create_app()`` wires routes, limits (``[api]`` in defaults.toml) and security headers.
Handlers only parse input, call one store/ingest function and translate errors.
(No ``from __future__ import annotations`` here: FastAPI must resolve the local
``Annotated`` aliases defined inside ``create_app``.)
"""


import dataclasses
import tempfile
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from itertools import islice
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles

from ..config import load_config
from ..errors import StoreError, TidingsError
from ..ingest import ingest_articles
from ..ontology import PLOVER_TYPES
from ..pipeline import Pipeline
from ..records import MODALITIES, Article
from ..store import SORT_KEYS, EventFilter, NotFoundError, Store, event_dict, export_events
from ._params import event_filter
from ._schemas import (
    ActorOut,
    ArticleOut,
    ArticlesIn,
    EventDetailOut,
    EventPageOut,
    IngestOut,
    ListOut,
    MapOut,
    StatsOut,
)
from ._security import BodySizeLimit, SecurityHeaders, token_checker

__all__ = ["WEB_DIR", "create_app"]

#: The dashboard's static files (HTML, ES modules, CSS, vendored libraries).
WEB_DIR = Path(str(files("tidings") / "web"))

_EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "jsonl": "application/x-ndjson",
}
_SPOOL_BYTES = 16 * 1024 * 1024  # exports larger than this spill from memory to a temp file
_CHUNK_BYTES = 64 * 1024


def _package_version() -> str:
    try:
        return version("tidings")
    except PackageNotFoundError:
        return "0"


def _plain(obj: Any) -> Any:
    """A store summary (dataclass or named tuple) as JSON-ready data."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        obj = dataclasses.asdict(obj)
    elif hasattr(obj, "_asdict"):
        obj = obj._asdict()
    return jsonable_encoder(obj)


def _weeks(pairs: Any) -> list[dict[str, Any]]:
    return [{"week": str(week), "count": int(count)} for week, count in pairs]


def create_app(store_url: str | None = None, *, token: str | None = None) -> FastAPI:
    """The tidings API and dashboard over the store at ``store_url`` (config default if None).

    With ``token`` set, ``POST /api/articles`` accepts requests carrying
    ``Authorization: Bearer <token>``; without one the server is read-only.
    """
    limits = load_config()["api"]
    max_page = int(limits["max_page_size"])
    default_page = int(limits["default_page_size"])
    max_map_points = int(limits["max_map_points"])
    max_export = int(limits["max_export_events"])
    max_articles = int(limits["max_articles_per_request"])
    store = Store(store_url)
    require_token = token_checker(token or None)
    ingest_lock = threading.Lock()
    pipelines: list[Pipeline] = []

    def shared_pipeline() -> Pipeline:
        """The NLP pipeline, built on the first write (it loads spaCy lazily)."""
        if not pipelines:
            pipelines.append(Pipeline())
        return pipelines[0]

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        close = getattr(store, "close", None)
        if callable(close):
            close()

    app = FastAPI(
        title="tidings",
        version=_package_version(),
        summary="Sourced, dated, geocoded event records (PLOVER, CAMEO, ACLED) from English news.",
        description=(
            "Every event carries the evidence sentence and the character offsets of each "
            "field in its article. The dashboard is at `/`."
        ),
        docs_url=None,  # served below from vendored Swagger UI: no CDN, strict CSP
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.read_only = not token

    # Outermost first: headers on everything, then the body cap before any parsing.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    origins = [str(origin) for origin in limits.get("cors_origins", [])]
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET"])
    app.add_middleware(BodySizeLimit, max_bytes=int(limits["max_body_bytes"]))
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(NotFoundError)
    async def _not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(StoreError)
    async def _store_failed(_: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(TidingsError)
    async def _bad_input(_: Request, exc: TidingsError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    Filters = Annotated[EventFilter, Depends(event_filter)]
    Limit = Annotated[int, Query(ge=1, le=max_page, description=f"Page size (max {max_page})")]
    Offset = Annotated[int, Query(ge=0, le=2**31 - 1)]
    Sort = Annotated[Literal[SORT_KEYS], Query(description="Sort key; '-' for descending")]  # type: ignore[valid-type]

    # ---- events -------------------------------------------------------------------------

    @app.get("/api/events", tags=["events"], response_model=None, responses={200: {"model": EventPageOut}})
    def list_events(
        filters: Filters, limit: Limit = default_page, offset: Offset = 0, sort: Sort = "-date"
    ) -> JSONResponse:
        """Events matching the filters, one page at a time."""
        page = store.query_events(filters, limit=limit, offset=offset, sort=sort)
        return JSONResponse(
            {
                "total": page.total,
                "limit": page.limit,
                "offset": page.offset,
                "sort": sort,
                "items": [event_dict(event) for event in page.items],
            }
        )

    def export(filters: EventFilter, fmt: str) -> StreamingResponse:
        spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 (closed by chunks())
        try:
            export_events(islice(store.iter_events(filters), max_export), fmt, spool)  # type: ignore[arg-type]
        except BaseException:
            spool.close()
            raise
        spool.seek(0)

        def chunks() -> Iterator[bytes]:
            with spool:
                while block := spool.read(_CHUNK_BYTES):
                    yield block

        return StreamingResponse(
            chunks(),
            media_type=_EXPORT_TYPES[fmt],
            headers={"Content-Disposition": f'attachment; filename="tidings-events.{fmt}"'},
        )

    for fmt in _EXPORT_TYPES:

        def export_route(filters: Filters, _fmt: str = fmt) -> StreamingResponse:
            return export(filters, _fmt)

        app.add_api_route(
            f"/api/events.{fmt}",
            export_route,
            methods=["GET"],
            tags=["export"],
            summary=f"Export the filtered events as {fmt.upper()}",
            description=f"Every event matching the filters (at most {max_export}) as {fmt}.",
            response_class=StreamingResponse,
            responses={200: {"content": {_EXPORT_TYPES[fmt].split(";")[0]: {}}}},
        )

    @app.get("/api/events/{event_id}", tags=["events"], response_model=None, responses={200: {"model": EventDetailOut}, 404: {}})
    def get_event(event_id: Annotated[str, PathParam(max_length=64)]) -> JSONResponse:
        """One event with its article, so the evidence offsets can be checked against the text."""
        event = store.get_event(event_id)
        data = event.to_dict()
        data["article"] = store.get_article(event.article_id).to_dict()
        return JSONResponse(data)

    @app.get("/api/map", tags=["events"], response_model=None, responses={200: {"model": MapOut}})
    def map_points(
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=max_map_points)] = max_map_points,
    ) -> JSONResponse:
        """Compact points for the map: the newest events with coordinates matching the filters."""
        points = store.event_points(filters, limit)
        total = store.count_events(filters, located=True) if len(points) == limit else len(points)
        return JSONResponse({"total": total, "points": [list(point) for point in points]})

    @app.get("/api/stats", tags=["events"], response_model=None, responses={200: {"model": StatsOut}})
    def stats(filters: Filters) -> JSONResponse:
        """Counts of the filtered events by PLOVER type and by ISO week."""
        result = store.stats(filters)
        return JSONResponse(
            {
                "total_events": result.total_events,
                "total_articles": result.total_articles,
                "by_type": dict(result.by_type),
                "by_week": _weeks(result.by_week),
            }
        )

    # ---- actors, places, articles -------------------------------------------------------

    Search = Annotated[str | None, Query(max_length=200, description="Name contains")]

    @app.get("/api/actors", tags=["actors"], response_model=None, responses={200: {"model": ListOut}})
    def actors(q: Search = None, limit: Limit = 100, offset: Offset = 0) -> JSONResponse:
        """Actors with their event counts and first/last dates, most active first."""
        items = store.actors(q=q or None, limit=limit, offset=offset)
        return JSONResponse({"limit": limit, "offset": offset, "items": [_plain(a) for a in items]})

    @app.get("/api/actors/{name}", tags=["actors"], response_model=None, responses={200: {"model": ActorOut}, 404: {}})
    def actor(name: Annotated[str, PathParam(max_length=200)]) -> JSONResponse:
        """One actor: summary and events per ISO week."""
        timeline = store.actor_timeline(name)
        summary = store.actor(name)
        if not timeline and summary is None:
            raise NotFoundError(f"actor {name!r}: not found")
        return JSONResponse(
            {
                "name": name,
                "summary": _plain(summary) if summary is not None else None,
                "by_week": _weeks(timeline),
            }
        )

    @app.get("/api/places", tags=["places"], response_model=None, responses={200: {"model": ListOut}})
    def places(q: Search = None, limit: Limit = 100, offset: Offset = 0) -> JSONResponse:
        """Places events happened in, with coordinates and event counts."""
        items = store.places(q=q or None, limit=limit, offset=offset)
        return JSONResponse({"limit": limit, "offset": offset, "items": [_plain(p) for p in items]})

    @app.get("/api/articles/{article_id}", tags=["articles"], response_model=None, responses={200: {"model": ArticleOut}, 404: {}})
    def get_article(article_id: Annotated[str, PathParam(max_length=64)]) -> JSONResponse:
        """An article's text with its events and toponyms."""
        data = store.get_article(article_id).to_dict()
        data["events"] = [event.to_dict() for event in store.article_events(article_id)]
        data["toponyms"] = [toponym.to_dict() for toponym in store.article_toponyms(article_id)]
        return JSONResponse(data)

    @app.post(
        "/api/articles",
        tags=["articles"],
        dependencies=[Depends(require_token)],
        response_model=IngestOut,
        responses={401: {}, 403: {}, 413: {}},
    )
    def post_articles(body: ArticlesIn) -> IngestOut:
        """Extract events from the articles and store them. Needs the server's bearer token."""
        if len(body.articles) > max_articles:
            raise TidingsError(f"{len(body.articles)} articles: at most {max_articles} per request")
        articles = [
            Article.from_text(
                item.text,
                id=item.id,
                title=item.title,
                url=item.url,
                published=item.published,
                source="api",
            )
            for item in body.articles
        ]
        with ingest_lock:  # one spaCy pipeline, used by one request at a time
            report = ingest_articles(articles, store, pipeline=shared_pipeline())
        return IngestOut(
            articles_added=report.articles_added,
            articles_skipped=report.articles_skipped,
            events_added=report.events_added,
            errors=list(report.errors),
        )

    @app.get("/api/meta", tags=["meta"])
    def meta() -> dict[str, Any]:
        """What the dashboard needs to build its controls."""
        return {
            "version": app.version,
            "read_only": app.state.read_only,
            "types": list(PLOVER_TYPES),
            "modalities": list(MODALITIES),
            "sorts": list(SORT_KEYS),
            "default_page_size": default_page,
            "max_page_size": max_page,
            "max_map_points": max_map_points,
        }

    # ---- dashboard ----------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(WEB_DIR / "docs.html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    return app
