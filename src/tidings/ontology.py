"""The PLOVER ontology and its CAMEO and ACLED mappings, read from ``data/ontology/plover.json``.

``code_event(type, mode, actor_sector, recipient_sector, cues=...)`` turns a PLOVER type and
mode plus the actors' sectors into a CAMEO root and an ACLED event/sub-event type by walking
the rules list of the data file top-down (first match wins). Cues are lemma-level hints from
the event component: either cue lemmas ("shell", "ied", "recapture") or cue group names
("shelling", "seize_territory", "foiled"); both are expanded to the groups they belong to.

The training examples (``data/training/by_type/*.jsonl``, one file per label) and the PLOVER
gold-standard records are loaded with ``load_training_examples``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, overload

from ._jsonl import iter_json_lines
from .config import data_path
from .errors import ConfigError, SourceError

__all__ = [
    "GSR_LABEL_MAP",
    "NO_EVENT",
    "PLOVER_TYPES",
    "EventCodes",
    "TrainingExample",
    "acled_sub_event_types",
    "cameo_roots_for",
    "code_event",
    "cue_groups",
    "cues_from_lemmas",
    "definition_for",
    "load_training_examples",
    "modes_for",
    "read_gsr_records",
    "sectors",
]

#: Label of a training sentence that reports no event.
NO_EVENT = "NONE"

#: PLOVER 0.5 labels used by the gold-standard records -> current PLOVER/POLECAT labels.
#: ``None`` means "skip the record" (DOCUMENT records describe the file itself).
GSR_LABEL_MAP: Mapping[str, str | None] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "DOCUMENT": None,
}


@dataclass(frozen=True, slots=True)
class EventCodes:
    """The codes an event maps to in CAMEO and ACLED (``None`` where there is no counterpart)."""

    cameo_root: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None


@dataclass(frozen=True, slots=True)
class TrainingExample:
    """One labelled sentence: a PLOVER type (or ``NONE``) with mode, ACLED codes and roles."""

    text: str
    type: str
    mode: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    actor: str | None = None
    recipient: str | None = None
    source: str = "tidings-team"


@dataclass(frozen=True, slots=True)
class _Rule:
    types: frozenset[str]
    modes: frozenset[str] | None
    actor_sectors: frozenset[str] | None
    recipient_sectors: frozenset[str] | None
    recipient_sectors_not: frozenset[str] | None
    cues_any: frozenset[str] | None
    cues_all: frozenset[str] | None
    min_fatalities: int | None
    acled: tuple[str, str]
    cameo_root: str | None


@dataclass(frozen=True, slots=True)
class _Ontology:
    types: dict[str, dict[str, Any]]
    cameo_by_mode: dict[str, dict[str, str]]
    cameo_default: dict[str, str]
    sectors: dict[str, str]
    cue_groups: dict[str, frozenset[str]]
    lemma_to_groups: dict[str, frozenset[str]]
    sentence_cues: frozenset[str]
    acled: dict[str, tuple[str, ...]]
    rules: tuple[_Rule, ...]


def _path() -> Path:
    return data_path("ontology/plover.json")


def _expand(values: Iterable[str], groups: Mapping[str, list[str]], where: str) -> frozenset[str]:
    out: set[str] = set()
    for value in values:
        if value.startswith("@"):
            if value[1:] not in groups:
                raise ConfigError(f"{_path()}: unknown sector group {value!r} in {where}")
            out.update(groups[value[1:]])
        else:
            out.add(value)
    return frozenset(out)


def _parse_rule(raw: Mapping[str, Any], index: int, data: Mapping[str, Any]) -> _Rule:
    where = f"acled_rules[{index}]"
    groups = data["sector_groups"]
    acled = raw.get("acled")
    if not (isinstance(acled, list) and len(acled) == 2):
        raise ConfigError(f"{_path()}: {where} needs 'acled': [event type, sub-event type]")
    event_type, sub_type = acled
    if sub_type not in data["acled"].get(event_type, ()):
        raise ConfigError(f"{_path()}: {where} names unknown ACLED code {event_type}/{sub_type}")

    def optional(key: str) -> frozenset[str] | None:
        return _expand(raw[key], groups, where) if key in raw else None

    return _Rule(
        types=frozenset(raw["type"]),
        modes=frozenset(raw["mode"]) if "mode" in raw else None,
        actor_sectors=optional("actor_sector"),
        recipient_sectors=optional("recipient_sector"),
        recipient_sectors_not=optional("recipient_sector_not"),
        cues_any=frozenset(raw["cues_any"]) if "cues_any" in raw else None,
        cues_all=frozenset(raw["cues_all"]) if "cues_all" in raw else None,
        min_fatalities=raw.get("min_fatalities"),
        acled=(event_type, sub_type),
        cameo_root=raw.get("cameo_root"),
    )


@lru_cache(maxsize=1)
def _ontology() -> _Ontology:
    path = _path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: ontology file not found") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    cue_groups = {name: frozenset(lemmas) for name, lemmas in data["cues"].items()}
    lemma_to_groups: dict[str, set[str]] = {}
    for name, lemmas in cue_groups.items():
        lemma_to_groups.setdefault(name, set()).add(name)
        for lemma in lemmas:
            lemma_to_groups.setdefault(lemma, set()).add(name)
    rules = tuple(_parse_rule(raw, i, data) for i, raw in enumerate(data["acled_rules"]))
    sentence_cues = frozenset(data.get("sentence_cues", []))
    if sentence_cues - set(cue_groups):
        raise ConfigError(f"{path}: sentence_cues names unknown cue groups {sorted(sentence_cues - set(cue_groups))}")
    for rule in rules:
        unknown = rule.types - set(data["types"])
        if unknown:
            raise ConfigError(f"{path}: ACLED rule names unknown PLOVER types {sorted(unknown)}")
    return _Ontology(
        types=data["types"],
        cameo_by_mode=data.get("cameo_by_mode", {}),
        cameo_default=data.get("cameo_default", {}),
        sectors=data["sectors"],
        cue_groups=cue_groups,
        lemma_to_groups={k: frozenset(v) for k, v in lemma_to_groups.items()},
        sentence_cues=sentence_cues,
        acled={k: tuple(v) for k, v in data["acled"].items()},
        rules=rules,
    )


#: The 16 PLOVER event types, in codebook order (cooperation first, then conflict).
PLOVER_TYPES: tuple[str, ...] = tuple(_ontology().types)


def _check_type(event_type: str) -> dict[str, Any]:
    try:
        return _ontology().types[event_type]
    except KeyError:
        raise ConfigError(f"unknown PLOVER event type {event_type!r}") from None


def modes_for(event_type: str) -> tuple[str, ...]:
    """The PLOVER modes allowed for ``event_type`` (empty for types without modes)."""
    return tuple(_check_type(event_type)["modes"])


def definition_for(event_type: str) -> str:
    """The one-paragraph definition of ``event_type``."""
    return str(_check_type(event_type)["definition"])


def cameo_roots_for(event_type: str) -> tuple[str, ...]:
    """All two-digit CAMEO roots ``event_type`` collapses (ASSAULT: 18, 19, 20)."""
    return tuple(_check_type(event_type)["cameo_roots"])


def acled_sub_event_types() -> dict[str, tuple[str, ...]]:
    """ACLED event type -> its sub-event types (all 25)."""
    return dict(_ontology().acled)


def sectors() -> dict[str, str]:
    """PLOVER/CAMEO sector code -> description."""
    return dict(_ontology().sectors)


def cue_groups() -> dict[str, frozenset[str]]:
    """Cue group name -> the lemmas that signal it (e.g. ``shelling`` -> shell, artillery...)."""
    return dict(_ontology().cue_groups)


def sentence_cue_groups() -> frozenset[str]:
    """Cue groups read from the trigger's whole sentence, not only its clause
    (``sentence_cues`` in plover.json): weapons named once for the whole event, police
    action against a protest told in its own clause."""
    return _ontology().sentence_cues


def cues_from_lemmas(lemmas: Iterable[str]) -> frozenset[str]:
    """The cue groups signalled by ``lemmas`` (lower-cased; multiword lemmas joined by ``_``)."""
    index = _ontology().lemma_to_groups
    found: set[str] = set()
    for lemma in lemmas:
        found.update(index.get(lemma.lower().replace(" ", "_").replace("-", "_"), ()))
    return frozenset(found)


def _cameo_root(event_type: str, mode: str | None) -> str | None:
    ontology = _ontology()
    if mode is not None:
        by_mode = ontology.cameo_by_mode.get(event_type, {})
        if mode in by_mode:
            return by_mode[mode]
    if event_type in ontology.cameo_default:
        return ontology.cameo_default[event_type]
    roots = ontology.types[event_type]["cameo_roots"]
    return roots[0] if roots else None


def _matches(
    rule: _Rule,
    event_type: str,
    mode: str | None,
    actor_sector: str | None,
    recipient_sector: str | None,
    fatalities: int | None,
    cues: frozenset[str],
) -> bool:
    if event_type not in rule.types:
        return False
    if rule.modes is not None and mode not in rule.modes:
        return False
    if rule.actor_sectors is not None and actor_sector not in rule.actor_sectors:
        return False
    if rule.recipient_sectors is not None and recipient_sector not in rule.recipient_sectors:
        return False
    if rule.recipient_sectors_not is not None and recipient_sector in rule.recipient_sectors_not:
        return False
    if rule.cues_any is not None and not (rule.cues_any & cues):
        return False
    if rule.cues_all is not None and not rule.cues_all <= cues:
        return False
    if rule.min_fatalities is not None and (fatalities or 0) < rule.min_fatalities:
        return False
    return True


def code_event(
    event_type: str,
    mode: str | None,
    actor_sector: str | None,
    recipient_sector: str | None,
    *,
    fatalities: int | None = None,
    cues: frozenset[str] = frozenset(),
) -> EventCodes:
    """CAMEO root and ACLED codes for a PLOVER event.

    ``code_event("ASSAULT", "firearms", "REB", "CVL")`` ->
    ``EventCodes("19", "Violence against civilians", "Attack")``. Unknown modes are ignored
    for the mapping (they still raise nowhere: the classifier may emit a mode we do not
    know); an unknown type raises ``ConfigError``.
    """
    spec = _check_type(event_type)
    if mode is not None and mode not in spec["modes"]:
        mode = None
    expanded = cues | cues_from_lemmas(cues)
    cameo = _cameo_root(event_type, mode)
    for rule in _ontology().rules:
        if _matches(rule, event_type, mode, actor_sector, recipient_sector, fatalities, expanded):
            return EventCodes(rule.cameo_root if mode is None and rule.cameo_root else cameo,
                              rule.acled[0], rule.acled[1])
    return EventCodes(cameo, None, None)


# --- training data ---------------------------------------------------------------------

def _training_dir() -> Path:
    return data_path("training")


def _read_jsonl_examples(path: Path) -> Iterator[TrainingExample]:
    for where, raw in iter_json_lines(path, "training file"):
        if not isinstance(raw, dict) or not raw.get("text") or not raw.get("type"):
            raise SourceError(where, "training example needs 'text' and 'type'")
        label = raw["type"]
        if label != NO_EVENT and label not in PLOVER_TYPES:
            raise SourceError(where, f"unknown event type {label!r}")

        def opt(key: str, raw: dict[str, Any] = raw) -> str | None:
            value = raw.get(key)
            return None if value is None else str(value)

        yield TrainingExample(
            text=str(raw["text"]),
            type=label,
            mode=opt("mode"),
            acled_event_type=opt("acled_event_type"),
            acled_sub_event_type=opt("acled_sub_event_type"),
            actor=opt("actor"),
            recipient=opt("recipient"),
            source=str(raw.get("source") or "tidings-team"),
        )


@overload
def read_gsr_records(path: Path) -> Iterator[tuple[str, str, str]]: ...


@overload
def read_gsr_records(
    path: Path, *, triggers: Literal[True]
) -> Iterator[tuple[str, str, str, tuple[str, ...]]]: ...


def read_gsr_records(path: Path, *, triggers: bool = False) -> Iterator[tuple[Any, ...]]:
    """(record id, current PLOVER label, sentence) for each PLOVER gold-standard record;
    with ``triggers=True`` also the lower-cased words of its ``(EVT: ...)`` markup.

    The sentence is the record's ``text`` (``eventText`` is only a gloss of the trigger
    words). Old labels are mapped with ``GSR_LABEL_MAP``; DOCUMENT records are skipped.
    """
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(str(path), "file not found") from None
    except json.JSONDecodeError as exc:
        raise SourceError(str(path), f"invalid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(records, list):
        raise SourceError(str(path), "expected a JSON list of PLOVER records")
    for index, record in enumerate(records):
        if not isinstance(record, dict) or "event" not in record:
            raise SourceError(f"{path}[{index}]", "record lacks 'event'")
        old = str(record["event"])
        label = GSR_LABEL_MAP.get(old, old)
        if label is None:
            continue
        if label not in PLOVER_TYPES:
            raise SourceError(f"{path}[{index}]", f"unknown PLOVER label {old!r}")
        text = str(record.get("text") or "").strip()
        if not text:
            raise SourceError(f"{path}[{index}]", "record lacks the sentence 'text'")
        record_id = str(record.get("id", index))
        if not triggers:
            yield record_id, label, text
            continue
        info = record.get("textInfo")
        markup = str(info.get("markup", "")) if isinstance(info, dict) else ""
        words = tuple(w.lower() for span in re.findall(r"\(EVT:\s*([^)]*)\)", markup) for w in span.split())
        yield record_id, label, text, words


def load_training_examples(include_gsr: Path | None = None) -> list[TrainingExample]:
    """The team's training sentences (every ``data/training/by_type/*.jsonl``, in sorted
    order), plus the PLOVER gold-standard records from ``include_gsr`` when given
    (CC BY-SA 4.0: models trained on them must be shared under the same licence)."""
    paths = sorted(_training_dir().joinpath("by_type").glob("*.jsonl"))
    if not paths:
        raise SourceError(str(_training_dir() / "by_type"), "no training files (*.jsonl)")
    examples = [example for path in paths for example in _read_jsonl_examples(path)]
    if include_gsr is not None:
        examples.extend(
            TrainingExample(text=text, type=label, source=f"plover-gsr:{record_id}")
            for record_id, label, text in read_gsr_records(include_gsr)
        )
    return examples
