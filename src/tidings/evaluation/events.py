"""Scoring extracted events against a gold file (the library behind ``tidings eval``).

The gold format (one article a JSON line, documented in ``docs/gold-format.md``)::

    {"id": "a1", "text": "...", "published": "2016-06-10",
     "events": [{"type": "ASSAULT", "mode": "aerial", "actor": "Syrian army",
                 "recipient": "civilians", "lat": 36.2, "lon": 37.1, "date": "2016-06",
                 "trigger": "bombed", "sentence": "Syrian army jets bombed ..."}]}

Within each article, predicted events are matched one-to-one to gold events: a gold event
with a ``sentence`` or ``trigger`` is matched only to predictions whose evidence overlaps it;
otherwise any prediction may match. Pairs of the same type are taken first, then pairs of
different types (these fill the confusion table). Unmatched gold events count as missed
(predicted ``NONE``), unmatched predictions as spurious (gold ``NONE``).

``score_events`` works on hand-built ``Event`` records, so it is tested without spaCy;
``evaluate_events`` runs the pipeline over the gold articles and scores the result.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._jsonl import iter_json_lines
from ..config import load_config
from ..errors import SourceError
from ..ontology import NO_EVENT, read_gsr_records
from ..records import Article, Event

if TYPE_CHECKING:
    from ..pipeline import Pipeline

__all__ = [
    "Accuracy",
    "ClassScore",
    "EventReport",
    "GoldArticle",
    "GoldEvent",
    "canonical_actor",
    "evaluate_events",
    "gold_article_from_dict",
    "gsr_to_gold",
    "read_gold",
    "score_events",
]

#: The publication date given to PLOVER gold-standard sentences, which have none.
GSR_PUBLISHED = "2000-01-01"

_DATE_FORMATS = {4: "year", 7: "month", 10: "day"}
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """An expected event. Only ``type`` is required."""

    type: str
    mode: str | None = None
    actor: str | None = None
    recipient: str | None = None
    lat: float | None = None
    lon: float | None = None
    date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD": the gold precision
    trigger: str | None = None
    sentence: str | None = None
    acled_sub_event_type: str | None = None  # ACLED sub-event type, scored as its own labels


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """An article of the gold file with the events it should yield."""

    id: str
    text: str
    published: date | None
    events: tuple[GoldEvent, ...]

    def to_article(self) -> Article:
        return Article.from_text(self.text, published=self.published, id=self.id, source="gold")


@dataclass(frozen=True, slots=True)
class ClassScore:
    """Precision, recall and F1 of one event type; ``support`` = gold events of the type."""

    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


@dataclass(frozen=True, slots=True)
class Accuracy:
    """``correct`` out of ``total`` matched events that had the gold attribute."""

    correct: int
    total: int

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.value}


@dataclass(slots=True)
class EventReport:
    """Everything ``tidings eval`` prints."""

    articles: int
    gold_events: int
    predicted_events: int
    per_class: dict[str, ClassScore]
    macro_f1: float
    weighted_f1: float
    micro_precision: float
    micro_recall: float
    micro_f1: float
    confusion: dict[tuple[str, str], int]  # (gold type, predicted type) -> count; NONE included
    date: Accuracy
    place: Accuracy
    actor: Accuracy
    recipient: Accuracy
    mode: Accuracy
    place_km: float = 25.0
    notes: list[str] = field(default_factory=list)
    # ACLED sub-event types of the gold events that state one (a missed event counts as
    # NONE): per-class scores, and macro/weighted F1 over the sub-event types.
    acled_per_class: dict[str, ClassScore] = field(default_factory=dict)
    acled_macro_f1: float | None = None
    acled_weighted_f1: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "per_class": {name: asdict(s) for name, s in self.per_class.items()},
            "macro_f1": self.macro_f1,
            "weighted_f1": self.weighted_f1,
            "micro": {"precision": self.micro_precision, "recall": self.micro_recall, "f1": self.micro_f1},
            "confusion": [
                {"gold": gold, "predicted": pred, "count": n}
                for (gold, pred), n in sorted(self.confusion.items())
            ],
            "date_accuracy": self.date.to_dict(),
            "place_accuracy": {**self.place.to_dict(), "within_km": self.place_km},
            "actor_accuracy": self.actor.to_dict(),
            "recipient_accuracy": self.recipient.to_dict(),
            "mode_accuracy": self.mode.to_dict(),
            "acled_sub_event": {
                "per_class": {name: asdict(s) for name, s in self.acled_per_class.items()},
                "macro_f1": self.acled_macro_f1,
                "weighted_f1": self.acled_weighted_f1,
            },
        }

    def format(self) -> str:
        """A plain-text report: per-class table, averages, confusion table, accuracies."""
        lines = [
            (
                f"articles {self.articles}   gold events {self.gold_events}   "
                f"predicted events {self.predicted_events}"
            ),
            "",
            *_class_table("type", self.per_class, 11),
        ]
        lines += [
            "",
            (
                f"macro F1 {self.macro_f1:.3f}   weighted F1 {self.weighted_f1:.3f}   "
                f"micro P/R/F1 {self.micro_precision:.3f}/{self.micro_recall:.3f}/{self.micro_f1:.3f}"
            ),
            "",
            "confusion (rows: gold, columns: predicted)",
            *_confusion_lines(self.confusion),
            "",
        ]
        for label, acc in (
            ("date", self.date),
            (f"place (<= {self.place_km:g} km)", self.place),
            ("actor", self.actor),
            ("recipient", self.recipient),
            ("mode", self.mode),
        ):
            value = "n/a" if acc.value is None else f"{acc.value:.3f}"
            lines.append(f"{label + ' accuracy':<28} {value:>6}  ({acc.correct}/{acc.total})")
        if self.acled_per_class:
            lines += ["", *_class_table("ACLED sub-event type", self.acled_per_class, 42)]
            lines.append(
                f"ACLED sub-event macro F1 {self.acled_macro_f1:.3f}   weighted F1 {self.acled_weighted_f1:.3f}"
            )
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)


def _class_table(heading: str, scores: dict[str, ClassScore], width: int) -> list[str]:
    """Header and one row per label: precision, recall, F1, gold and predicted counts."""
    lines = [f"{heading:<{width}} {'prec':>6} {'recall':>6} {'f1':>6} {'gold':>5} {'pred':>5}"]
    for name, s in scores.items():
        lines.append(
            f"{name:<{width}} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} {s.support:>5} {s.predicted:>5}"
        )
    return lines


def _confusion_lines(confusion: dict[tuple[str, str], int]) -> list[str]:
    labels = sorted({g for g, _ in confusion} | {p for _, p in confusion}, key=_label_order)
    if not labels:
        return ["(no events)"]
    abbrev = {label: label[:5] for label in labels}
    header = f"{'':<11}" + "".join(f"{abbrev[p]:>6}" for p in labels)
    rows = [header]
    for gold in labels:
        cells = "".join(f"{confusion.get((gold, pred), 0) or '.':>6}" for pred in labels)
        rows.append(f"{gold:<11}{cells}")
    return rows


def _label_order(label: str) -> tuple[int, str]:
    return (1, label) if label == NO_EVENT else (0, label)


# --- reading gold --------------------------------------------------------------------------


def _opt_str(raw: dict[str, Any], key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceError(where, f"'{key}' must be a string")
    return value.strip() or None


def _opt_float(raw: dict[str, Any], key: str, where: str) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SourceError(where, f"'{key}' must be a number")
    return float(value)


def _gold_event(raw: Any, where: str) -> GoldEvent:
    if not isinstance(raw, dict):
        raise SourceError(where, "each event must be a JSON object")
    event_type = raw.get("type")
    if not isinstance(event_type, str) or not event_type.strip():
        raise SourceError(where, "event lacks 'type'")
    gold_date = _opt_str(raw, "date", where)
    if gold_date is not None and not _DATE_RE.match(gold_date):
        raise SourceError(where, f"'date' {gold_date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    lat, lon = _opt_float(raw, "lat", where), _opt_float(raw, "lon", where)
    if (lat is None) != (lon is None):
        raise SourceError(where, "give both 'lat' and 'lon' or neither")
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise SourceError(where, f"coordinates out of range: {lat}, {lon}")
    return GoldEvent(
        type=event_type.strip().upper(),
        mode=_opt_str(raw, "mode", where),
        actor=_opt_str(raw, "actor", where),
        recipient=_opt_str(raw, "recipient", where),
        lat=lat,
        lon=lon,
        date=gold_date,
        trigger=_opt_str(raw, "trigger", where),
        sentence=_opt_str(raw, "sentence", where),
        acled_sub_event_type=_opt_str(raw, "acled_sub_event_type", where),
    )


def gold_article_from_dict(raw: Any, where: str) -> GoldArticle:
    """One gold record (a parsed JSON line) as a ``GoldArticle``; ``where`` names it in errors."""
    if not isinstance(raw, dict):
        raise SourceError(where, "gold record must be a JSON object")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise SourceError(where, "gold record lacks 'text'")
    published: date | None = None
    if raw.get("published") is not None:
        try:
            published = date.fromisoformat(str(raw["published"]))
        except ValueError:
            raise SourceError(where, f"'published' {raw['published']!r} is not an ISO date") from None
    events = raw.get("events", [])
    if not isinstance(events, list):
        raise SourceError(where, "'events' must be a list")
    return GoldArticle(
        id=str(raw.get("id") or where),
        text=text,
        published=published,
        events=tuple(_gold_event(e, f"{where} event {i + 1}") for i, e in enumerate(events)),
    )


def _field_checks(gold: GoldEvent, pred: Event, max_km: float) -> Iterator[tuple[str, bool]]:
    """(field, correct) for each field the gold event states."""
    if gold.date is not None:
        yield "date", _date_correct(gold.date, pred)
    if gold.lat is not None:
        yield "place", _place_correct(gold, pred, max_km)
    if gold.actor is not None:
        yield "actor", _role_correct(gold.actor, pred.actor)
    if gold.recipient is not None:
        yield "recipient", _role_correct(gold.recipient, pred.recipient)
    if gold.mode is not None:
        yield "mode", pred.mode == gold.mode


def read_gold(path: Path) -> Iterator[GoldArticle]:
    """The articles of a gold JSONL file; a bad line raises ``SourceError`` naming it."""
    for where, raw in iter_json_lines(path, "gold file"):
        yield gold_article_from_dict(raw, where)


def gsr_to_gold(path: Path) -> Iterator[dict[str, Any]]:
    """The PLOVER gold-standard records as gold-format dicts: one sentence an article,
    published 2000-01-01, one event whose evidence is the whole sentence, with the
    words of its first source and target actor as ``actor`` and ``recipient``."""
    roles = _gsr_roles(path)
    for record_id, label, text in read_gsr_records(path):
        event: dict[str, Any] = {"type": label, "sentence": text}
        event.update(roles.get(record_id, {}))
        yield {"id": record_id, "text": text, "published": GSR_PUBLISHED, "events": [event]}


def _gsr_roles(path: Path) -> dict[str, dict[str, str]]:
    """record id -> {"actor": words, "recipient": words} from the records' actor lists."""
    roles: dict[str, dict[str, str]] = {}
    for index, record in enumerate(json.loads(Path(path).read_text(encoding="utf-8"))):
        if not isinstance(record, dict):
            continue
        found = {}
        for key, role in (("source", "actor"), ("target", "recipient")):
            actors = record.get(key)
            if isinstance(actors, list) and actors and isinstance(actors[0], dict):
                words = str(actors[0].get("actorText") or "").strip()
                if words:
                    found[role] = words
        roles[str(record.get("id", index))] = found
    return roles


# --- matching ------------------------------------------------------------------------------


def canonical_actor(name: str) -> str:
    """Actor name for comparison: case-folded, without leading articles, punctuation or
    possessives, whitespace collapsed ("The U.N.'s" -> "un")."""
    text = name.casefold().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s]", "", text)
    words = text.split()
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words)


def _span_of(text: str, needle: str) -> tuple[int, int] | None:
    start = text.find(needle)
    if start < 0:
        start = text.casefold().find(needle.casefold())
    if start < 0:
        # tolerate differing whitespace
        pattern = r"\s+".join(re.escape(w) for w in needle.split())
        m = re.search(pattern, text, flags=re.IGNORECASE)
        return (m.start(), m.end()) if m else None
    return (start, start + len(needle))


def _anchored(gold: GoldEvent, article_text: str, pred: Event) -> bool | None:
    """True/False when ``gold`` names its evidence, None when it does not."""
    if gold.sentence is None and gold.trigger is None:
        return None
    ev = pred.evidence
    if gold.sentence is not None:
        span = _span_of(article_text, gold.sentence)
        if span is not None:
            if not (ev.start < span[1] and span[0] < ev.end):
                return False
        elif canonical_actor(gold.sentence) != canonical_actor(ev.sentence):
            return False
    if gold.trigger is not None:
        trigger = gold.trigger.casefold()
        if trigger not in ev.sentence.casefold() and trigger != ev.trigger.casefold():
            return False
    return True


def _match(article: GoldArticle, predicted: Sequence[Event]) -> list[tuple[GoldEvent | None, Event | None]]:
    """One-to-one pairs (gold, predicted); None on one side for missed or spurious events."""
    candidates: list[tuple[int, int, int]] = []  # (priority, gold index, pred index)
    for gi, gold in enumerate(article.events):
        for pi, pred in enumerate(predicted):
            anchor = _anchored(gold, article.text, pred)
            if anchor is False:
                continue
            same = gold.type == pred.type
            priority = (0 if same else 2) + (0 if anchor else 1)
            candidates.append((priority, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[GoldEvent | None, Event | None]] = []
    for _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((article.events[gi], predicted[pi]))
    pairs += [(g, None) for i, g in enumerate(article.events) if i not in used_gold]
    pairs += [(None, p) for i, p in enumerate(predicted) if i not in used_pred]
    return pairs


def _date_correct(gold_date: str, pred: Event) -> bool:
    """Right when the predicted period lies within the gold period at the gold's precision."""
    start, end = pred.date.start, pred.date.end or pred.date.start
    if not start or not end:
        return False
    n = len(gold_date)
    return start[:n] == gold_date and end[:n] == gold_date


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _place_correct(gold: GoldEvent, pred: Event, max_km: float) -> bool:
    loc = pred.location
    if loc is None or loc.lat is None or loc.lon is None or gold.lat is None or gold.lon is None:
        return False
    return _haversine_km(gold.lat, gold.lon, loc.lat, loc.lon) <= max_km


def _role_correct(gold_name: str, ref: Any) -> bool:
    if ref is None:
        return False
    wanted = canonical_actor(gold_name)
    if wanted in {canonical_actor(ref.name), canonical_actor(ref.text)}:
        return True
    # The gold words name the mention the prediction took ("Hungarian" in "Senior
    # Hungarian and Romanian officials"), or the other way round.
    said = canonical_actor(ref.text)
    return bool(wanted and said) and (f" {wanted} " in f" {said} " or f" {said} " in f" {wanted} ")


def _safe_div(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_events(
    results: Iterable[tuple[GoldArticle, Sequence[Event]]], *, place_km: float | None = None
) -> EventReport:
    """Score predicted events against gold, article by article.

    Per-class scores cover every type seen in gold or predictions (NONE excluded); macro F1
    averages them unweighted, weighted F1 weights them by gold support. Date, place, actor,
    recipient and mode accuracy are computed over matched pairs of the same type whose gold
    event has that attribute.
    """
    max_km = float(load_config()["evaluation"]["place_km"]) if place_km is None else place_km
    confusion: Counter[tuple[str, str]] = Counter()
    acled_pairs: Counter[tuple[str, str]] = Counter()
    counts = {name: [0, 0] for name in ("date", "place", "actor", "recipient", "mode")}
    articles = gold_total = pred_total = 0
    for article, predicted in results:
        articles += 1
        gold_total += len(article.events)
        pred_total += len(predicted)
        for gold, pred in _match(article, predicted):
            confusion[(gold.type if gold else NO_EVENT, pred.type if pred else NO_EVENT)] += 1
            if gold is not None and gold.acled_sub_event_type:
                said = pred.acled_sub_event_type if pred is not None else None
                acled_pairs[(gold.acled_sub_event_type, said or NO_EVENT)] += 1
            if gold is None or pred is None or gold.type != pred.type:
                continue
            for name, correct in _field_checks(gold, pred, max_km):
                counts[name][1] += 1
                counts[name][0] += int(correct)

    per_class = _class_scores(confusion)
    tp_all = sum(confusion[(label, label)] for label in per_class)
    fp_all = sum(s.predicted for s in per_class.values()) - tp_all
    fn_all = sum(s.support for s in per_class.values()) - tp_all
    macro, weighted = _averages(per_class)
    acled = _class_scores(acled_pairs)
    acled_macro, acled_weighted = _averages(acled) if acled_pairs else (None, None)
    micro_p, micro_r = _safe_div(tp_all, tp_all + fp_all), _safe_div(tp_all, tp_all + fn_all)
    return EventReport(
        articles=articles,
        gold_events=gold_total,
        predicted_events=pred_total,
        per_class=per_class,
        macro_f1=macro,
        weighted_f1=weighted,
        micro_precision=micro_p,
        micro_recall=micro_r,
        micro_f1=_f1(micro_p, micro_r),
        confusion=dict(confusion),
        date=Accuracy(*counts["date"]),
        place=Accuracy(*counts["place"]),
        actor=Accuracy(*counts["actor"]),
        recipient=Accuracy(*counts["recipient"]),
        mode=Accuracy(*counts["mode"]),
        place_km=max_km,
        acled_per_class=acled,
        acled_macro_f1=acled_macro,
        acled_weighted_f1=acled_weighted,
    )


def _class_scores(confusion: Counter[tuple[str, str]]) -> dict[str, ClassScore]:
    """Per-label scores from (gold, predicted) counts; NONE is not a label."""
    labels = sorted(({g for g, _ in confusion} | {p for _, p in confusion}) - {NO_EVENT})
    scores: dict[str, ClassScore] = {}
    for label in labels:
        tp = confusion[(label, label)]
        support = sum(n for (g, _), n in confusion.items() if g == label)
        predicted_n = sum(n for (_, p), n in confusion.items() if p == label)
        precision, recall = _safe_div(tp, predicted_n), _safe_div(tp, support)
        scores[label] = ClassScore(precision, recall, _f1(precision, recall), support, predicted_n)
    return scores


def _averages(scores: dict[str, ClassScore]) -> tuple[float, float]:
    """Macro F1 (unweighted) and weighted F1 (by gold support)."""
    macro = _safe_div(sum(s.f1 for s in scores.values()), len(scores))
    total_support = sum(s.support for s in scores.values())
    return macro, _safe_div(sum(s.f1 * s.support for s in scores.values()), total_support)


def evaluate_events(
    gold_path: Path, *, pipeline: Pipeline | None = None, gsr: bool = False
) -> EventReport:
    """Run the pipeline over the articles of ``gold_path`` and score its events.

    ``gsr=True`` reads ``gold_path`` as the PLOVER gold-standard records JSON
    (``PLOVER_GSR_CAMEO.json``) instead of gold JSONL.
    """
    if gsr:
        gold = [
            gold_article_from_dict(raw, f"{gold_path}[{raw['id']}]") for raw in gsr_to_gold(gold_path)
        ]
    else:
        gold = list(read_gold(gold_path))
    if pipeline is None:
        from ..pipeline import Pipeline

        pipeline = Pipeline()
    results = pipeline.process(g.to_article() for g in gold)
    report = score_events((g, r.events) for g, r in zip(gold, results, strict=True))
    if gsr:
        report.notes.append("PLOVER GSR: single sentences, no dates or places; labels mapped to PLOVER 1.0")
    return report
