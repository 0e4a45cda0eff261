"""The orchestrator: news in, event records out.

Steps, each a module of its own::

    sources/   read inputs (txt, html, jsonl, feeds, WARC, dirs) -> Article | SourceError
    nlp        spaCy parse + tidings components, run with nlp.pipe(as_tuples=True)
    extract/   actors -> places -> dates -> events (triggers) -> assemble (roles,
               attribution, modality, fatalities) -> Event records on doc._.events
    store/     Event records into SQLite/PostgreSQL (one transaction per batch)
    cli, api, web  thin layers over this module and store/

``Pipeline.process(articles)`` yields one ``ArticleResult`` per article, in order.
With ``n_process > 1`` article batches go to worker processes, each with its own
pipeline, and come back as plain records.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from .config import load_config
from .errors import SourceError
from .nlp import load_nlp
from .records import Article, Event, Toponym

__all__ = ["ArticleResult", "Pipeline", "extract_events", "process_inputs"]


@dataclass(slots=True)
class ArticleResult:
    """What the pipeline read from one article."""

    article: Article
    events: list[Event] = field(default_factory=list)
    toponyms: list[Toponym] = field(default_factory=list)


class Pipeline:
    """Loads the NLP pipeline once and turns articles into event records."""

    def __init__(self, model: str | None = None, *, batch_size: int | None = None) -> None:
        cfg = load_config()["nlp"]
        self.model = model or cfg["model"]
        self.batch_size = batch_size or int(cfg["batch_size"])
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp(self.model)
        return self._nlp

    def process(self, articles: Iterable[Article], n_process: int = 1) -> Iterator[ArticleResult]:
        """Extract events and toponyms from each article; results come in input order."""
        if n_process <= 1:
            yield from self._process_local(articles)
            return
        with ProcessPoolExecutor(max_workers=n_process) as pool:
            chunks = _chunks(articles, self.batch_size)
            pending = [pool.submit(_worker, self.model, chunk) for chunk in islice(chunks, n_process * 2)]
            while pending:
                head = pending.pop(0)
                next_chunk = next(chunks, None)
                if next_chunk is not None:
                    pending.append(pool.submit(_worker, self.model, next_chunk))
                yield from head.result()

    def _process_local(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        nlp = self.nlp

        def docs_with_context() -> Iterator[tuple[Doc, Article]]:
            for article in articles:
                doc = nlp.make_doc(article.text)
                doc._.article_id = article.id
                doc._.published = article.published
                yield doc, article

        for doc, article in nlp.pipe(docs_with_context(), as_tuples=True, batch_size=self.batch_size):
            yield ArticleResult(
                article=article,
                events=list(doc._.events or []),
                toponyms=[m.toponym for m in (doc._.toponyms or [])],
            )


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _worker(model: str, chunk: list[Article]) -> list[ArticleResult]:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    return list(Pipeline(model)._process_local(chunk))


_default: Pipeline | None = None


def extract_events(text: str, published: date | None = None, *, title: str | None = None) -> list[Event]:
    """Events in one text, with the default pipeline: ``extract_events("...", date(2016, 6, 10))``."""
    global _default
    if _default is None:
        _default = Pipeline()
    article = Article.from_text(text, published=published, title=title, source="<text>")
    return next(_default.process([article])).events


def process_inputs(
    inputs: Iterable[str],
    *,
    published: date | None = None,
    pipeline: Pipeline | None = None,
    n_process: int = 1,
) -> Iterator[ArticleResult | SourceError]:
    """Read ``inputs`` and run the pipeline: an ``ArticleResult`` per article read, and
    a ``SourceError`` (yielded, not raised) for each input that could not be read."""
    from .sources import read_inputs

    errors: list[SourceError] = []

    def articles() -> Iterator[Article]:
        for item in read_inputs(inputs, published=published):
            if isinstance(item, SourceError):
                errors.append(item)
            else:
                yield item

    for result in (pipeline or Pipeline()).process(articles(), n_process=n_process):
        while errors:
            yield errors.pop(0)
        yield result
    yield from errors
