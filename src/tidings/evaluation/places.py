"""Scoring toponym recognition and resolution on a geoparsing benchmark (``tidings eval-places``).

Input: the GeoVirus layout, an XML file of ``<article><text>`` elements and a gold TSV with
``doc, start, end, name, lat, lon`` (``doc`` = article position in the XML). The offsets of
the published files are 1-based; the shift is detected from the data (the gold names must
match the text) and applied.

Two modes:

* ``e2e``: tidings finds and resolves toponyms itself; predicted and gold toponyms are
  matched one to one by overlapping character spans;
* ``gold_spans``: tidings resolves the gold spans (``resolve_spans``), recall is 100 %.

Figures: toponym recall (matched gold / all gold) and precision, accuracy within 161 km
over matched toponyms and over all gold toponyms (unmatched = miss), mean and median error
in km, and the AUC of the log-error curve of Gritta et al. (2018): the area under the sorted
``log(1 + error_km)`` curve divided by ``log(20039)``; 0 is perfect, 1 is the worst. An
unresolved toponym gets the maximum error, 20,039 km (half the Earth's circumference).
"""

from __future__ import annotations

import csv
import statistics
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from ..errors import SourceError
from ..gazetteer import haversine_km
from ..records import Toponym

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "MAX_ERROR_KM",
    "GoldArticle",
    "GoldToponym",
    "PlaceReport",
    "evaluate_places",
    "read_geoparsing_gold",
    "score_toponyms",
]

#: Error given to an unresolved toponym: half the Earth's circumference.
MAX_ERROR_KM = 20039.0
ACCURACY_KM = 161.0  # 100 miles, the usual threshold
Mode = Literal["e2e", "gold_spans"]


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float
    lon: float


@dataclass(slots=True)
class GoldArticle:
    id: str
    text: str
    toponyms: list[GoldToponym]


@dataclass(slots=True)
class PlaceReport:
    """Geoparsing scores for one run."""

    mode: str
    articles: int
    gold: int
    predicted: int
    matched: int
    errors_km: list[float] = field(default_factory=list)  # one per matched gold toponym
    seconds: float = 0.0
    misses: Counter[str] = field(default_factory=Counter)  # gold names not found

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def within_161(self) -> int:
        return sum(1 for e in self.errors_km if e <= ACCURACY_KM)

    @property
    def accuracy_matched(self) -> float:
        """Share of matched toponyms resolved within 161 km."""
        return self.within_161 / len(self.errors_km) if self.errors_km else 0.0

    @property
    def accuracy_all(self) -> float:
        """Share of all gold toponyms found and resolved within 161 km."""
        return self.within_161 / self.gold if self.gold else 0.0

    @property
    def mean_km(self) -> float:
        return statistics.fmean(self.errors_km) if self.errors_km else 0.0

    @property
    def median_km(self) -> float:
        return statistics.median(self.errors_km) if self.errors_km else 0.0

    @property
    def auc(self) -> float:
        return log_error_auc(self.errors_km)

    def format(self) -> str:
        lines = [
            f"mode                  {self.mode}",
            f"articles              {self.articles}",
            f"gold toponyms         {self.gold}",
            f"predicted toponyms    {self.predicted}",
            f"toponym recall        {self.recall:.1%} ({self.matched}/{self.gold})",
            f"toponym precision     {self.precision:.1%}",
            f"acc@161km (matched)   {self.accuracy_matched:.1%}",
            f"acc@161km (all gold)  {self.accuracy_all:.1%}",
            f"mean error km         {self.mean_km:.0f}",
            f"median error km       {self.median_km:.1f}",
            f"AUC log error         {self.auc:.3f} (lower is better)",
            f"seconds               {self.seconds:.1f}",
        ]
        if self.misses:
            top = ", ".join(f"{name} ({n})" for name, n in self.misses.most_common(12))
            lines.append(f"most missed           {top}")
        return "\n".join(lines)


def log_error_auc(errors_km: Sequence[float]) -> float:
    """AUC of the sorted log-error curve, normalised to [0, 1] (Gritta et al. 2018)."""
    if len(errors_km) < 2:
        return float(np.log1p(errors_km[0]) / np.log(MAX_ERROR_KM)) if errors_km else 0.0
    curve = np.sort(np.log1p(np.asarray(errors_km, dtype=float)))
    area = float(np.sum((curve[1:] + curve[:-1]) / 2.0))  # trapezoid rule, unit spacing
    return float(area / (np.log(MAX_ERROR_KM) * (len(curve) - 1)))


def read_geoparsing_gold(gold_tsv: Path, xml: Path) -> list[GoldArticle]:
    """Articles of ``xml`` with their gold toponyms from ``gold_tsv`` (offsets made 0-based)."""
    try:
        root = ET.parse(xml).getroot()
    except (OSError, ET.ParseError) as exc:
        raise SourceError(str(xml), f"cannot read geoparsing XML ({exc})") from None
    texts = [(el.findtext("text") or "") for el in root.iter("article")]
    if not texts:
        raise SourceError(str(xml), "no <article><text> elements")
    rows: dict[int, list[tuple[int, int, str, float, float]]] = {}
    try:
        with gold_tsv.open(encoding="utf-8", newline="") as fh:
            for line_no, row in enumerate(csv.DictReader(fh, delimiter="\t"), start=2):
                try:
                    doc = int(row["doc"])
                    item = (int(row["start"]), int(row["end"]), row["name"], float(row["lat"]), float(row["lon"]))
                except (KeyError, TypeError, ValueError):
                    raise SourceError(f"{gold_tsv}:{line_no}", "need doc, start, end, name, lat, lon") from None
                if not 0 <= doc < len(texts):
                    raise SourceError(f"{gold_tsv}:{line_no}", f"doc {doc} is not in {xml.name}")
                rows.setdefault(doc, []).append(item)
    except OSError as exc:
        raise SourceError(str(gold_tsv), f"cannot read gold TSV ({exc})") from None
    shift = _offset_shift(texts, rows)
    articles = []
    for doc, text in enumerate(texts):
        gold = [
            GoldToponym(start + shift, end + shift, name, lat, lon)
            for start, end, name, lat, lon in rows.get(doc, [])
        ]
        articles.append(GoldArticle(id=str(doc), text=text, toponyms=gold))
    return articles


def _offset_shift(texts: list[str], rows: dict[int, list[tuple[int, int, str, float, float]]]) -> int:
    """The shift (0, -1 or +1) that makes the gold names match the texts best."""
    votes: Counter[int] = Counter()
    for doc, items in rows.items():
        for start, end, name, _, _ in items:
            for shift in (0, -1, 1):
                if texts[doc][start + shift : end + shift] == name:
                    votes[shift] += 1
                    break
    return votes.most_common(1)[0][0] if votes else 0


def score_toponyms(
    gold: Sequence[GoldToponym], predicted: Sequence[Toponym], report: PlaceReport
) -> None:
    """Match predictions to gold one to one by overlapping spans; add the errors to ``report``."""
    report.gold += len(gold)
    report.predicted += len(predicted)
    used: set[int] = set()
    for g in gold:
        best: int | None = None
        best_overlap = 0
        for i, p in enumerate(predicted):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if i not in used and overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is None:
            report.misses[g.name] += 1
            continue
        used.add(best)
        report.matched += 1
        p = predicted[best]
        if p.lat is None or p.lon is None:
            report.errors_km.append(MAX_ERROR_KM)
        else:
            report.errors_km.append(haversine_km(g.lat, g.lon, p.lat, p.lon))


def evaluate_places(
    gold_tsv: Path, xml: Path, *, mode: Mode = "e2e", limit: int | None = None
) -> PlaceReport:
    """Run tidings on a geoparsing benchmark and score it (see module docstring)."""
    if mode not in ("e2e", "gold_spans"):
        raise SourceError(str(gold_tsv), f"unknown mode {mode!r} (e2e or gold_spans)")
    articles = read_geoparsing_gold(Path(gold_tsv), Path(xml))
    if limit is not None:
        articles = articles[:limit]
    report = PlaceReport(mode=mode, articles=len(articles), gold=0, predicted=0, matched=0)
    started = time.perf_counter()
    for article, predicted in zip(articles, _predict(articles, mode), strict=True):
        score_toponyms(article.toponyms, predicted, report)
    report.seconds = time.perf_counter() - started
    return report


def _predict(articles: list[GoldArticle], mode: Mode) -> Iterator[list[Toponym]]:
    from ..extract.places import resolve_spans

    if mode == "gold_spans":
        for article in articles:
            yield resolve_spans(article.text, [(g.start, g.end) for g in article.toponyms])
        return
    nlp = places_nlp()
    for doc in nlp.pipe((a.text for a in articles), batch_size=16):
        yield [m.toponym for m in (doc._.toponyms or [])]


def places_nlp() -> Language:
    """The base spaCy model with ``tidings_places`` only: what geoparsing needs, no more."""
    import spacy

    from ..config import load_config
    from ..errors import ModelError
    from ..extract import places as _places  # noqa: F401  registers the factory
    from ..nlp import register_extensions

    register_extensions()
    name = load_config()["nlp"]["model"]
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(f"spaCy pipeline {name!r} is not installed ({exc})") from None
    nlp.add_pipe("tidings_places", after="ner")
    return nlp
