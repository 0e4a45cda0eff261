"""Event triggers: candidate predicates from the parse, typed by the clause classifier.

1. ``candidates(sent)``: predicates whose lemma (or phrasal verb, "push out") is in
   ``data/event_lexicon.csv``, without attribution verbs, auxiliaries, adjectival
   participles ("UN sanctioned group") or words inside names; a light verb's event noun
   ("carried out an attack") is classified in the verb's clause; a sentence with no such
   predicate sends its main verb (the list only picks clauses cheaply, the classifier
   decides the type or NONE).
2. ``clause_text(token)``: the predicate's own clause (its subtree without nested clauses
   of other predicates, with an inherited subject for "... and killed five").
3. The sentence encoder embeds every candidate clause of a batch of docs in one call;
   the classifier gives probabilities over 16 PLOVER types + NONE. A candidate's confidence
   is its probability discounted by its depth below the sentence's shallowest event
   (``salience_weights``); every candidate at or above ``[events] min_confidence`` is
   reported, one per type within a clause chain. An act committed to ("will provide aid",
   "threatened to shell") is typed as the commitment, AGREE or THREATEN; a refused
   cooperative act ("will not accept", "failed to reach a deal") as REJECT (``stance_type``).
4. Mode from ``data/event_modes.csv`` cues within the clause (restricted to
   ``ontology.modes_for(type)``); cues for the ACLED mapping via ``ontology.cues_from_lemmas``.

The component ``tidings_events`` sets ``doc._.triggers: list[Trigger]``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, pairwise

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..classifier.model import EventClassifier, features, load_classifier
from ..config import data_path, load_config
from ..errors import ConfigError
from ..nlp import doc_text, register_extensions
from ..ontology import (
    NO_EVENT,
    PLOVER_TYPES,
    cue_groups,
    cues_from_lemmas,
    modes_for,
    sentence_cue_groups,
)

__all__ = [
    "Candidate",
    "EventTagger",
    "Trigger",
    "candidates",
    "classify_candidates",
    "clause_text",
    "lexicon_hints",
    "mode_for",
]

# Dependents that open a clause of their own: left out of the governing predicate's text.
_NESTED_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "parataxis", "conj", "csubj", "acl", "cc"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubjpass", "agent"})
_VERBAL = frozenset({"VERB"})
_NOMINAL = frozenset({"NOUN", "PROPN"})
# Arguments through which an event noun belongs to its verb's clause ("launched an attack").
_NOUN_ARGUMENTS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "pobj", "oprd"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """One event trigger: the predicate, its PLOVER type and mode, and where it is."""

    token_i: int  # head token of the predicate (doc index)
    type: str  # PLOVER type
    mode: str | None
    confidence: float  # classifier probability of ``type``, in [0, 1]
    start: int  # char span of the trigger words in doc.text
    end: int
    text: str
    cues: frozenset[str]  # cue groups and cue lemmas for ontology.code_event
    sent_start: int  # char span of the sentence
    sent_end: int
    commitment: bool = False  # typed as the commitment to a future act ("will give aid": AGREE)
    refusal: bool = False  # typed as the refusal of a cooperative act ("will not accept": REJECT)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A predicate worth classifying, with the text the encoder sees."""

    token: Token
    clause: str
    hints: frozenset[str]
    is_noun: bool
    sent: Span | None = None  # the sentence (``token.sent`` is costly to recompute)
    depth: int = 0  # dependency depth of the trigger in its sentence (root: 0)


# --- data files ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    path = data_path("event_lexicon.csv")
    table: dict[str, frozenset[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), 2):
            hints = frozenset((row.get("hints") or "").split())
            if not row.get("lemma") or not hints <= set(PLOVER_TYPES):
                raise ConfigError(f"{path}:{number}: need a lemma and PLOVER type hints")
            table[row["lemma"].strip().lower()] = hints
    return table


@lru_cache(maxsize=1)
def _mode_cues() -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """type -> ((mode, cue phrases), ...) in file order (earlier rows win)."""
    path = data_path("event_modes.csv")
    table: dict[str, list[tuple[str, frozenset[str]]]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), 2):
            event_type, mode = row.get("type", ""), row.get("mode", "")
            if event_type not in PLOVER_TYPES or mode not in modes_for(event_type):
                raise ConfigError(f"{path}:{number}: mode {mode!r} is not a mode of {event_type!r}")
            cues = frozenset(c.strip().lower() for c in (row.get("cues") or "").split("|") if c.strip())
            table.setdefault(event_type, []).append((mode, cues))
    return {k: tuple(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def _lexicon_heads() -> frozenset[str]:
    """First words of the lexicon entries: a token whose lemma and form are not among
    them cannot be a candidate (a cheap test before the dependency checks)."""
    return frozenset(key.split()[0] for key in _lexicon())


# --- candidates and clauses ------------------------------------------------------------


_PARTICLES = frozenset({"out", "back", "up", "down", "off", "over", "away", "in", "on"})
_PARTICLE_DEPS = frozenset({"prt", "advmod", "prep"})
_OBJECTS = frozenset({"dobj", "attr", "oprd"})
# Named-entity types whose words are names, not predicates ("Government of National Accord").
_NAME_ENTITIES = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)


@lru_cache(maxsize=1)
def _word_sets() -> tuple[frozenset[str], frozenset[str]]:
    """(verb lemmas that never trigger an event, light verbs) from ``[events]``."""
    cfg = load_config()["events"]
    return (
        frozenset(str(w).lower() for w in cfg.get("non_trigger_verbs", ())),
        frozenset(str(w).lower() for w in cfg.get("light_verbs", ())),
    )


def _particle(token: Token) -> str | None:
    """The particle of a phrasal verb: "carried out", "pushed ISIS out", "taken back"."""
    for child in token.children:
        if child.dep_ == "prt":
            return child.lower_
    for child in token.children:
        if child.dep_ in _PARTICLE_DEPS and child.lower_ in _PARTICLES and child.i > token.i:
            return child.lower_
    return None


def _phrasal_lemma(token: Token) -> str:
    particle = _particle(token) if token.pos_ in _VERBAL else None
    return f"{token.lemma_.lower()} {particle}" if particle else token.lemma_.lower()


def _object_lemma(token: Token) -> str | None:
    for child in token.children:
        if child.dep_ in _OBJECTS and child.pos_ in _NOMINAL:
            return child.lemma_.lower()
    return None


def _guessed_bases(token: Token) -> tuple[str, ...]:
    """Base forms of an inflected verb, for when the lemmatizer errs ("raped" -> "rap"):
    "raped" -> rape, rap; "lobbed" -> lob; "shelling" -> shell, shelle."""
    if token.pos_ not in _VERBAL:
        return ()
    word = token.lower_
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            doubled = (stem[:-1],) if len(stem) > 2 and stem[-1] == stem[-2] else ()
            return (stem + "e", stem, *doubled)
    return ()


def lexicon_hints(token: Token) -> frozenset[str] | None:
    """PLOVER types the lexicon associates with ``token`` (None: not an event word).

    Verbs are looked up as verb + object ("take control"), verb + any object ("strike *":
    a convoy struck a mine, not a labour strike), phrasal verb ("push out"), then alone; a
    phrasal entry wins over the bare verb.
    """
    table = _lexicon()
    lemma = token.lemma_.lower()
    keys = [*_hyphenated(token), lemma, token.lower_, *_guessed_bases(token)]
    if token.pos_ in _VERBAL:
        obj = _object_lemma(token)
        phrasal = _phrasal_lemma(token)
        keys = [*([f"{phrasal} {obj}", f"{lemma} {obj}", f"{lemma} *"] if obj else []), phrasal, *keys]
    for key in keys:
        hints = table.get(key)
        if hints is not None:
            return hints
    return None


def _hyphenated(token: Token) -> tuple[str, ...]:
    """The whole word a token closes when the tokenizer split it at a hyphen: "sit-in",
    "cease-fire" (also as "ceasefire"), so the last part ("fire") does not stand for it."""
    doc = token.doc
    if token.i < 2 or doc[token.i - 1].text != "-" or doc[token.i - 1].whitespace_ or doc[token.i - 2].whitespace_:
        return ()
    first = doc[token.i - 2].lower_
    return (f"{first}-{token.lower_}", f"{first}{token.lower_}")


def _event_object(verb: Token) -> Token | None:
    """The event noun a light verb carries ("carried out an attack", "held talks")."""
    for child in verb.children:
        if child.dep_ in _OBJECTS and child.pos_ in _NOMINAL and lexicon_hints(child):
            return child
    return None


def _is_candidate(token: Token) -> bool:
    """A predicate worth classifying: a lexicon verb that is not an attribution verb,
    auxiliary, adjectival participle ("UN sanctioned group") or light verb carrying an
    event noun, or a lexicon event noun; never a word inside a name."""
    pos = token.pos_
    if pos not in _VERBAL and pos not in _NOMINAL:
        return False
    heads = _lexicon_heads()
    forms = (token.lemma_.lower(), token.lower_, *_guessed_bases(token), *_hyphenated(token))
    if not any(form in heads for form in forms):
        return False  # neither the lemma nor the word starts a lexicon entry
    if token.ent_type_ in _NAME_ENTITIES:
        return False
    non_triggers, light = _word_sets()
    if pos in _VERBAL:
        if token.lemma_.lower() in non_triggers or token.lower_ in non_triggers:
            return False
        if token.dep_ in {"amod", "compound", "aux", "auxpass"}:
            return False
        if token.lemma_.lower() in light and _event_object(token) is not None:
            return False  # the event noun is the candidate, in this verb's clause
        return lexicon_hints(token) is not None
    if token.pos_ in _NOMINAL:
        if token.pos_ == "PROPN" or token.dep_ == "compound":
            return False
        return lexicon_hints(token) is not None
    return False


def _governing_verb(noun: Token) -> Token | None:
    """The verb whose argument an event noun is ("staged a protest", "in an attack on")."""
    head = noun
    for _ in range(3):
        if head.dep_ not in _NOUN_ARGUMENTS and head.dep_ != "prep":
            return None
        head = head.head
        if head.pos_ in _VERBAL:
            return head
    return None


def _main_predicate(sent: Span) -> Token | None:
    """The sentence's own predicate: its root verb, or the verb an attribution root
    reports ("Officials said [rebels attacked ...]"); None when that is not a verb."""
    root = sent.root
    non_triggers, _ = _word_sets()
    if root.pos_ in _VERBAL and root.lemma_.lower() in non_triggers:
        root = next((c for c in root.children if c.dep_ == "ccomp" and c.pos_ in _VERBAL), root)
    if root.pos_ not in _VERBAL or root.lemma_.lower() in non_triggers or root.ent_type_ in _NAME_ENTITIES:
        return None
    return root


# Subordinators of a clause that tells its own happening ("... when they attacked a
# compound", "after a court cleared him"): not a detail of the event above it.
_TIME_SUBORDINATORS = frozenset({"after", "before", "when", "while", "since", "until", "once", "as"})


def dependency_depth(token: Token) -> int:
    """Levels of subordination from ``token`` up to its sentence's root. Coordination
    ("stormed the town and killed five") and time clauses ("when they attacked") stay
    at their governor's level: they tell events of their own, not details of it."""
    depth = 0
    if _reduced_relative(token):
        # "fired at demonstrators gathered on the bridge", parsed as a clause of "fired":
        # it describes the noun before it, one level below that noun.
        depth, token = 1, token.doc[token.i - 1]
    for _ in range(50):
        if token.head.i == token.i:
            break
        if token.dep_ != "conj" and not (
            token.dep_ == "advcl"
            and any(_subordinator(c, token) and c.lower_ in _TIME_SUBORDINATORS for c in token.children)
        ):
            depth += 1
        token = token.head
    return depth


def _reduced_relative(token: Token) -> bool:
    """A past participle the parser hung on the verb, directly after a noun and with
    no subject or auxiliary of its own: a reduced relative clause on that noun."""
    return (
        token.dep_ == "advcl"
        and token.tag_ in ("VBN", "VBD")  # the tagger often reads such a participle as a past tense
        and token.i > 0
        and token.doc[token.i - 1].pos_ in ("NOUN", "PROPN")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for c in token.children)
    )


def sentence_keys(found: Sequence[Candidate]) -> list[int]:
    """A number per candidate, the same for candidates of the same sentence of the same doc."""
    keys: dict[tuple[int, int], int] = {}
    return [
        keys.setdefault((id(c.token.doc), (c.sent if c.sent is not None else c.token.sent).start), len(keys))
        for c in found
    ]


def salience_weights(
    depths: Sequence[int], sentences: Sequence[int], is_event: Sequence[bool], discount: float | None = None
) -> list[float]:
    """Each candidate's weight as a reported event: ``[events] depth_discount`` to the power
    of its depth below the shallowest event of its sentence. An event inside another
    event's clause is mostly that event's content or manner ("threatened to break off
    relations", "rioted, demanding a referendum", "arrested them, accusing them of ..."),
    so it must be more confident to be reported on its own."""
    factor = float(load_config()["events"]["depth_discount"]) if discount is None else discount
    shallowest: dict[int, int] = {}
    for depth, sentence, event in zip(depths, sentences, is_event, strict=True):
        if event:
            shallowest[sentence] = min(shallowest.get(sentence, depth), depth)
    return [
        factor ** max(0, depth - shallowest.get(sentence, depth))
        for depth, sentence in zip(depths, sentences, strict=True)
    ]


def candidates(sent: Span) -> list[Candidate]:
    """The candidate predicates of a sentence, each with its clause text.

    Lexicon predicates first; a sentence with none contributes its main predicate (no
    hints) when ``[events] main_predicate_fallback`` is on, so events worded outside the
    lexicon still reach the classifier (one clause a sentence at most).
    """
    cfg = load_config()["events"]
    max_words = int(cfg["clause_max_words"])
    found: list[Candidate] = []
    tokens = [t for t in sent if _is_candidate(t)]
    picked = {t.i for t in tokens}
    if not picked and cfg.get("main_predicate_fallback", False):
        main = _main_predicate(sent)
        if main is not None:
            clause = clause_text(main, max_words)
            return [Candidate(main, clause, lexicon_hints(main) or frozenset(), False, sent, dependency_depth(main))]
    for token in tokens:
        is_noun = token.pos_ in _NOMINAL
        anchor = token
        if is_noun:
            verb = _governing_verb(token)
            if verb is not None and verb.i in picked:
                continue  # the verb's clause already contains this noun
            if verb is not None:
                anchor = verb
        hints = lexicon_hints(token) or frozenset()
        clause = clause_text(anchor, max_words, focus=token)
        found.append(Candidate(token, clause, hints, is_noun, sent, dependency_depth(token)))
    return found


def _clause_tokens(head: Token) -> list[Token]:
    tokens: list[Token] = []
    stack = [head]
    while stack:
        current = stack.pop()
        tokens.append(current)
        for child in current.children:
            if child.dep_ in _NESTED_CLAUSES and (current.i == head.i or child.pos_ in _VERBAL):
                continue
            stack.append(child)
    if not any(c.dep_ in _SUBJECTS for c in head.children):
        # Inherit the subject of the governing verb: "rebels attacked X and killed five".
        governor = head.head if head.dep_ in {"conj", "xcomp", "advcl"} else None
        if governor is not None and governor.i != head.i:
            for child in governor.children:
                if child.dep_ in _SUBJECTS:
                    tokens.extend(child.subtree)
    return tokens


def _subordinator(token: Token, head: Token) -> bool:
    return token.head.i == head.i and (token.dep_ == "mark" or (token.dep_ == "advmod" and token.tag_ == "WRB"))


def clause_text(head: Token, max_words: int = 30, *, focus: Token | None = None) -> str:
    """The words of ``head``'s own clause in text order, at most ``max_words`` nearest ``focus``."""
    focus = focus or head
    # The subordinator ("when", "after", "that") says how the clause hangs on its
    # sentence, not what happened: left out so "when they attacked X" reads as an attack.
    tokens = {t.i: t for t in _clause_tokens(head) if not t.is_space and not _subordinator(t, head)}
    if len(tokens) > max_words:
        nearest = sorted(tokens, key=lambda i: (abs(i - focus.i), i))[:max_words]
        tokens = {i: tokens[i] for i in nearest}
    ordered = [tokens[i] for i in sorted(tokens)]
    while ordered and ordered[-1].is_punct:
        ordered.pop()
    return "".join(t.text_with_ws for t in ordered).strip()


# --- mode, cues, spans -------------------------------------------------------------------


def _clause_phrases(token: Token) -> set[str]:
    """Lemmas, words and adjacent lemma pairs of the trigger's neighbourhood, and each
    verb with its object's lemma ("took full control": "take control")."""
    scope = list(token.subtree) if token.pos_ in _NOMINAL else _clause_tokens(token)
    if token.pos_ in _NOMINAL and token.head.i != token.i:
        scope.append(token.head)
    scope.sort(key=lambda t: t.i)
    phrases: set[str] = set()
    for first, second in zip(scope, scope[1:] + [None], strict=False):
        phrases.add(first.lemma_.lower())
        phrases.add(first.lower_)
        phrases.update(_guessed_bases(first))  # "raped" -> rape, where the lemmatizer says "rap"
        if second is not None and second.i == first.i + 1:
            phrases.add(f"{first.lemma_.lower()} {second.lemma_.lower()}")
            phrases.add(f"{first.lower_} {second.lower_}")
        if first.dep_ == "dobj" and first.head.pos_ == "VERB":
            phrases.add(f"{first.head.lemma_.lower()} {first.lemma_.lower()}")
    return phrases


def mode_for(event_type: str, token: Token) -> str | None:
    """The PLOVER mode of an event of ``event_type`` triggered by ``token`` (None if no cue)."""
    rules = _mode_cues().get(event_type)
    if not rules:
        return None
    phrases = _clause_phrases(token)
    # The trigger's own lemma decides first ("shelled" is heavy weapons whatever else is said).
    own = {token.lemma_.lower(), _phrasal_lemma(token), *_guessed_bases(token)}
    obj = _object_lemma(token) if token.pos_ in _VERBAL else None
    if obj:
        own.add(f"{token.lemma_.lower()} {obj}")  # "set fire" is arson, not firearms
    for scope in (own, phrases):
        for mode, cues in rules:
            if cues & scope:
                return mode
    for mode, cues in rules:
        if "*" in cues:
            return mode
    return None


def _trigger_tokens(token: Token) -> list[Token]:
    """The trigger's words: with its particle ("handed over"), the compound noun right
    before it, and the first part of a word split at its hyphen ("sit-in", not "in")."""
    parts = [token]
    for child in token.children:
        if child.dep_ == "prt" or (child.dep_ == "compound" and token.pos_ in _NOMINAL and child.i == token.i - 1):
            parts.append(child)
    if _hyphenated(token):
        parts.append(token.doc[token.i - 2])
    return sorted(set(parts), key=lambda t: t.i)


@lru_cache(maxsize=1)
def _sentence_cue_lemmas() -> frozenset[str]:
    """The lemmas of the cue groups read from the whole sentence (``sentence_cues``)."""
    groups = cue_groups()
    return frozenset().union(*(groups[g] for g in sentence_cue_groups()))


def _make_trigger(
    candidate: Candidate, event_type: str, confidence: float, commitment: bool = False, refusal: bool = False
) -> Trigger:
    token = candidate.token
    words = _trigger_tokens(token)
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    sent = candidate.sent if candidate.sent is not None else token.sent
    # Cues come from the trigger's clause and the clause heading its chain ("threw a
    # grenade ..., wounding three": the wounding is a grenade attack); the groups named in
    # ``sentence_cues`` also from the whole sentence ("protesters gathered; police fired
    # tear gas" is a protest with intervention).
    phrases = _clause_phrases(token)
    root = _chain_root(token)
    if root.i != token.i:
        phrases |= _clause_phrases(root)
    phrases.add(_phrasal_lemma(token))  # "handed it over" -> hand over
    lemmas = {p.replace(" ", "_") for p in phrases}
    sentence_lemmas = {w for t in sent for w in (t.lemma_.lower(), t.lower_)}
    sentence_lemmas |= {f"{a.lemma_.lower()}_{b.lemma_.lower()}" for a, b in pairwise(sent)}
    groups = cues_from_lemmas(lemmas) | (cues_from_lemmas(sentence_lemmas) & sentence_cue_groups())
    lemmas |= sentence_lemmas & _sentence_cue_lemmas()
    members = set().union(*(cue_groups()[g] for g in groups)) if groups else set()
    return Trigger(
        token_i=token.i,
        type=event_type,
        mode=mode_for(event_type, token),
        confidence=confidence,
        start=start,
        end=end,
        text=doc_text(token.doc)[start:end],
        cues=frozenset(groups | (lemmas & members)),
        sent_start=sent.start_char,
        sent_end=sent.end_char,
        commitment=commitment,
        refusal=refusal,
    )


@dataclass(frozen=True, slots=True)
class _CommitmentRules:
    auxiliaries: frozenset[str]
    verbs: frozenset[str]
    adjectives: frozenset[str]
    obligation_auxiliaries: frozenset[str]
    forecast_verbs: frozenset[str]
    retype: dict[str, str]  # act type -> AGREE or THREATEN


@lru_cache(maxsize=1)
def _commitment_rules() -> _CommitmentRules:
    cfg = load_config()["events"]["commitments"]
    # The commitment types themselves: "will visit" typed AGREE by the classifier is a promise too.
    retype = {act: target for target in ("AGREE", "THREATEN") for act in (target, *cfg[target])}
    unknown = set(retype) - set(PLOVER_TYPES)
    if unknown:
        raise ConfigError(f"[events.commitments]: unknown PLOVER types {sorted(unknown)}")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in cfg[key])

    return _CommitmentRules(
        words("auxiliaries"),
        words("verbs"),
        words("adjectives"),
        words("obligation_auxiliaries"),
        words("forecast_verbs"),
        retype,
    )


def commits_to(token: Token) -> bool:
    """Whether the act of ``token`` is committed to (``[events.commitments]``): "will
    provide food aid", "threatened to ban", "is ready to contribute troops"; not when the
    commitment is negated ("will not attend"), an obligation ("must be ready to mediate")
    or forecast ("expect that they will win")."""
    rules = _commitment_rules()
    current = _act(token)
    for _ in range(6):
        while current.dep_ == "conj" and current.head.i != current.i:
            current = current.head  # "will halt the raids and return the children"
        if _withheld(current, rules):
            return False
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in rules.auxiliaries for c in current.children):
            return not (current.dep_ == "ccomp" and current.head.lemma_.lower() in rules.forecast_verbs)
        if current.dep_ != "xcomp" or current.head.i == current.i:
            return False
        current = current.head
        if current.lemma_.lower() in rules.verbs or (current.pos_ == "ADJ" and current.lower_ in rules.adjectives):
            return not _withheld(current, rules)
    return False


def _act(token: Token) -> Token:
    """The verb of the act a trigger names: itself, or an event noun's governing verb."""
    return token if token.pos_ in _VERBAL else (_governing_verb(token) or token)


def _negated(word: Token) -> bool:
    return any(c.dep_ == "neg" for c in word.children)


def _withheld(word: Token, rules: _CommitmentRules) -> bool:
    """Negated or an obligation; an adjective's auxiliaries hang on its copula ("must [be] ready")."""
    words = [*word.children, *(word.head.children if word.dep_ == "acomp" else ())]
    return any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in rules.obligation_auxiliaries) for c in words)


@lru_cache(maxsize=1)
def _refusal_rules() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(refusing verbs, types a refusing verb makes a REJECT, types a negation makes one)."""
    cfg = load_config()["events"]["refusals"]
    unknown = (set(cfg["REJECT"]) | set(cfg["negated"])) - set(PLOVER_TYPES)
    if unknown:
        raise ConfigError(f"[events.refusals]: unknown PLOVER types {sorted(unknown)}")
    return frozenset(str(w).lower() for w in cfg["verbs"]), frozenset(cfg["REJECT"]), frozenset(cfg["negated"])


def refuses(token: Token) -> str:
    """How the act of ``token`` is refused (``[events.refusals]``): "negated" ("will not
    accept", "did not attend"), "verb" for a refusing verb ("failed to reach an agreement",
    "declined to meet"), or "" when it is not."""
    verbs, _, _ = _refusal_rules()
    act = _act(token)
    if _negated(act):
        return "negated"
    if act.dep_ == "xcomp" and act.head.lemma_.lower() in verbs and not _negated(act.head):
        return "verb"
    return ""


def refusal_type(event_type: str, refused: str, hints: frozenset[str] = frozenset()) -> str | None:
    """REJECT for a refused cooperative act (``refuses``), also where the classifier typed
    it REJECT already and the trigger's lexicon ``hints`` name such an act ("will not
    accept"; "did not reject" is no refusal); None when the rule does not apply."""
    if not refused:
        return None
    _, by_verb, by_negation = _refusal_rules()
    types = by_negation if refused == "negated" else by_verb
    cooperative = event_type in types or (event_type == "REJECT" and bool(hints & types))
    return "REJECT" if cooperative else None


def commitment_type(event_type: str, committed: bool) -> str | None:
    """AGREE or THREATEN for an act that is committed to (``commits_to``): the commitment
    is the event ("will provide food aid": AGREE); None when the rule does not apply."""
    return _commitment_rules().retype.get(event_type) if committed else None


def stance_type(
    event_type: str, committed: bool, refused: str, hints: frozenset[str] = frozenset()
) -> tuple[str, bool, bool]:
    """The type an act is coded as, a refusal (``refusal_type``) before a commitment
    (``commitment_type``), and whether it became a commitment or a refusal."""
    refusal = refusal_type(event_type, refused, hints)
    promise = None if refusal else commitment_type(event_type, committed)
    return refusal or promise or event_type, promise is not None, refusal is not None


# --- classification ------------------------------------------------------------------------


def classify_candidates(
    found: Sequence[Candidate],
    classifier: EventClassifier | None = None,
    *,
    embeddings: np.ndarray | None = None,
    over_none: Sequence[frozenset[str]] | None = None,
) -> list[tuple[str, float]]:
    """(type or NONE, probability) for each candidate; all clauses go to the encoder at once
    (unless their ``embeddings`` are given). Where a candidate's ``over_none`` names types,
    the likeliest of them wins over NONE."""
    if not found:
        return []
    from ..classifier._encoder import get_encoder

    model = classifier or load_classifier()
    if embeddings is None:
        embeddings = get_encoder().encode([c.clause for c in found])
    probs = model.event_probabilities(features(embeddings, [c.hints for c in found], [c.is_noun for c in found]))
    best = probs.argmax(axis=1)
    none = model.classes.index(NO_EVENT)
    for row, types in enumerate(over_none or ()):
        if types and best[row] == none:
            best[row] = max((model.classes.index(t) for t in types), key=lambda k: probs[row, k])
    return [(model.classes[k], float(probs[row, k])) for row, k in enumerate(best)]


# Links that keep a predicate in its governor's clause chain ("attacked ... and killed",
# "began to shell", "an attack on"); ccomp/relcl open a separate report.
_CHAIN_LINKS = frozenset(
    {"conj", "xcomp", "advcl", "acl", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "pcomp", "oprd"}
)


def _chain_root(token: Token) -> Token:
    """The head of the chain of clauses ``token`` belongs to (duplicates collapse there)."""
    for _ in range(12):
        if token.dep_ not in _CHAIN_LINKS or token.head.i == token.i:
            break
        if token.dep_ == "conj" and any(c.dep_ in _SUBJECTS for c in token.children):
            break  # "ISIS took over X, but militias have taken back control": two events
        token = token.head
    return token


def _candidates_of(docs: Sequence[Doc]) -> list[list[Candidate]]:
    """Each doc's candidates, sentence by sentence."""
    return [[c for sent in doc.sents for c in candidates(sent)] for doc in docs]


class EventTagger:
    """The ``tidings_events`` component: sets ``doc._.triggers``."""

    def __init__(self, nlp: Language, name: str, min_confidence: float | None = None) -> None:
        register_extensions()
        cfg = load_config()["events"]
        self.name = name
        self.min_confidence = float(cfg["min_confidence"] if min_confidence is None else min_confidence)

    def __call__(self, doc: Doc) -> Doc:
        self._tag([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Tag docs in batches, encoding one batch's clauses in a worker thread while the
        components upstream (the parser above all) work on the next batch: onnxruntime
        releases the GIL, so on two cores the encoder's time mostly disappears."""
        iterator = iter(docs)
        batch = list(islice(iterator, batch_size))
        if not batch:
            return
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tidings-encoder") as pool:
            per_doc, embeddings = self._submit(pool, batch)
            while True:
                following = list(islice(iterator, batch_size))  # upstream runs meanwhile
                self._assign(batch, per_doc, embeddings.result())
                yield from batch
                if not following:
                    return
                batch = following
                per_doc, embeddings = self._submit(pool, batch)

    @staticmethod
    def _submit(
        pool: ThreadPoolExecutor, docs: Sequence[Doc]
    ) -> tuple[list[list[Candidate]], Future[np.ndarray]]:
        from ..classifier._encoder import get_encoder

        per_doc = _candidates_of(docs)
        encoder = get_encoder()  # loaded here, not in the worker, so its errors surface here
        clauses = [c.clause for found in per_doc for c in found]
        return per_doc, pool.submit(encoder.encode, clauses)

    def _tag(self, docs: Sequence[Doc]) -> None:
        self._assign(docs, _candidates_of(docs), None)

    def _assign(
        self, docs: Sequence[Doc], per_doc: list[list[Candidate]], embeddings: np.ndarray | None
    ) -> None:
        flat = [c for found in per_doc for c in found]
        # A cooperative act the lexicon names and a verb refuses ("failed to reach an
        # agreement") is a rejection whatever the classifier makes of its clause, which
        # has lost the refusing verb: its act type wins over NONE (then REJECT by stance_type).
        _, refusable, _ = _refusal_rules()
        refusals = [refuses(c.token) for c in flat]
        over_none = [c.hints & refusable if how == "verb" else frozenset() for c, how in zip(flat, refusals, strict=True)]
        labelled = classify_candidates(flat, embeddings=embeddings, over_none=over_none)
        weights = salience_weights(
            [c.depth for c in flat],
            sentence_keys(flat),
            [t != NO_EVENT and p >= self.min_confidence for t, p in labelled],
        )
        labels = iter((t, p * w, how) for (t, p), w, how in zip(labelled, weights, refusals, strict=True))
        for doc, found in zip(docs, per_doc, strict=True):
            # Every confident event (probability x salience), one per type within a clause chain.
            best: _Best = {}
            for candidate in found:
                event_type, confidence, how_refused = next(labels)
                if event_type == NO_EVENT or confidence < self.min_confidence:
                    continue
                token = candidate.token
                event_type, promised, refused = stance_type(event_type, commits_to(token), how_refused, candidate.hints)
                key = (_chain_root(token).i, event_type)
                if key not in best or confidence > best[key][1]:
                    best[key] = (candidate, confidence, promised, refused)
            kept = sorted(_without_content(best).items(), key=lambda item: item[1][0].token.i)
            doc._.triggers = [
                _make_trigger(c, key[1], p, promised, refused) for key, (c, p, promised, refused) in kept
            ]


_Best = dict[tuple[int, str], tuple[Candidate, float, bool, bool]]  # (chain root, type) -> event


def _without_content(best: _Best) -> _Best:
    """The events of a doc without those that are another event's content: a protest's
    demand ("thousands marched through Seoul, demanding the minister's resignation" is one
    PROTEST) and what a request asks for ("urged donors to support the relief effort" is
    one REQUEST, not also a SUPPORT)."""
    protests = {root for root, event_type in best if event_type == "PROTEST"}
    best = {key: value for key, value in best.items() if not (key[1] == "REQUEST" and key[0] in protests)}
    requests = {value[0].token.i for (_, event_type), value in best.items() if event_type == "REQUEST"}
    return {
        key: value
        for key, value in best.items()
        if not (value[0].token.dep_ in ("xcomp", "ccomp") and value[0].token.head.i in requests)
    }


@Language.factory(
    "tidings_events",
    default_config={"min_confidence": None},
    assigns=["doc._.triggers"],
)
def make_event_tagger(nlp: Language, name: str, min_confidence: float | None) -> EventTagger:
    return EventTagger(nlp, name, min_confidence)
