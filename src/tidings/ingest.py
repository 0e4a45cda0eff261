"""Ingest: read inputs, extract events, store them — one transaction per batch.

``ingest(inputs, store)`` is what ``tidings ingest`` and ``POST /api/articles`` call.
Articles already in the store are skipped before any NLP work, so re-running an
interrupted ingest resumes where it stopped; a batch that fails to save is rolled back
whole, so no article is ever half-written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from .config import load_config
from .errors import SourceError
from .pipeline import ArticleResult, Pipeline
from .records import Article
from .sources import read_inputs
from .store import Store

__all__ = ["IngestReport", "ingest", "ingest_articles"]


@dataclass(slots=True)
class IngestReport:
    articles_read: int = 0
    articles_added: int = 0
    articles_skipped: int = 0
    events_added: int = 0
    errors: list[str] = field(default_factory=list)


def ingest(
    inputs: Sequence[str],
    store: Store,
    *,
    published: date | None = None,
    pipeline: Pipeline | None = None,
    n_process: int = 1,
    on_error: Callable[[SourceError], None] | None = None,
    on_article: Callable[[Article], None] | None = None,
) -> IngestReport:
    """Read ``inputs`` (paths, directories, URLs), extract events and store them.

    Unreadable inputs are reported through ``on_error`` and in ``report.errors``; the
    rest of the batch goes on. ``on_article`` is called once per article read (progress).
    """
    report = IngestReport()

    def articles() -> Iterator[Article]:
        for item in read_inputs(inputs, published=published):
            if isinstance(item, SourceError):
                report.errors.append(str(item))
                if on_error is not None:
                    on_error(item)
                continue
            report.articles_read += 1
            if on_article is not None:
                on_article(item)
            yield item

    _run(articles(), store, pipeline or Pipeline(), n_process, report)
    return report


def ingest_articles(
    articles: Iterable[Article], store: Store, *, pipeline: Pipeline | None = None
) -> IngestReport:
    """Extract and store articles already in memory (the API's ``POST /api/articles``)."""
    report = IngestReport()
    articles = list(articles)
    report.articles_read = len(articles)
    _run(iter(articles), store, pipeline or Pipeline(), 1, report)
    return report


def _run(
    articles: Iterator[Article], store: Store, pipeline: Pipeline, n_process: int, report: IngestReport
) -> None:
    batch_size = int(load_config()["store"]["batch_size"])
    seen: set[str] = set()

    def new_articles() -> Iterator[Article]:
        for article in articles:
            if article.id in seen or store.has_article(article.id):
                report.articles_skipped += 1
                continue
            seen.add(article.id)
            yield article

    batch: list[ArticleResult] = []
    for result in pipeline.process(new_articles(), n_process=n_process):
        batch.append(result)
        if len(batch) >= batch_size:
            _save(store, batch, report)
            batch = []
    if batch:
        _save(store, batch, report)


def _save(store: Store, batch: list[ArticleResult], report: IngestReport) -> None:
    stats = store.save_batch(batch)
    report.articles_added += stats.articles_added
    report.articles_skipped += stats.articles_skipped
    report.events_added += stats.events_added
