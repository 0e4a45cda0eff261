"""Attribution (who says so) and modality (how sure the article is) of an event.

``attribution_for`` follows the parse from the trigger up through the clauses that
govern it to a speech or report verb ("Reuters reported that ...", "X said", "told Al
Jazeera"), a report noun ("a report by X says"), or "according to X". Chains give a
source and a speaker ("X reported that Y said Z": source X, speaker Y).

``modality_for`` reads negation, denial, future, hypothetical and claim cues from the
trigger's clause and the clauses that govern it; an attribution makes it ``reported``.

Verbs and nouns of attribution: ``data/attribution_verbs.csv``; modality cues:
``data/modality.csv``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..config import data_path
from ..records import MODALITIES, Attribution

__all__ = ["attribution_for", "modality_for"]


@dataclass(slots=True, frozen=True)
class _Cues:
    attribution_verbs: frozenset[str]
    source_nouns: frozenset[str]
    modality: dict[tuple[str, str], str]  # (kind, cue) -> modality


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    verbs: set[str] = set()
    nouns: set[str] = set()
    with data_path("attribution_verbs.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            (nouns if row["kind"] == "source_noun" else verbs).add(row["lemma"])
    modality: dict[tuple[str, str], str] = {}
    with data_path("modality.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["modality"] not in MODALITIES:
                raise ValueError(f"modality.csv: unknown modality {row['modality']!r}")
            modality[(row["kind"], row["cue"])] = row["modality"]
    return _Cues(frozenset(verbs), frozenset(nouns), modality)


_CLAUSE_LINKS = {"ccomp", "xcomp", "conj", "advcl", "parataxis", "relcl", "pcomp"}
_SUBJECTS = ("nsubj", "nsubjpass")
_PRONOUNS = {"PRP", "WP"}


def _predicate(token: Token) -> Token:
    """The verb a noun trigger depends on ("blamed for the killing" -> blamed), or the trigger."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current if current.pos_ in ("VERB", "AUX") else token


def _clause_chain(token: Token) -> Iterator[Token]:
    """The trigger's predicate and every predicate governing it, innermost first."""
    current = _predicate(token)
    yield current
    while current.head.i != current.i:
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            yield current


def _phrase(noun: Token) -> Span:
    """The words naming a source: compounds and determiners, not relative clauses or appositions."""
    doc = noun.doc
    left = noun.i
    for child in noun.lefts:
        if child.dep_ in ("det", "compound", "amod", "poss", "nummod", "nmod", "quantmod"):
            left = min(left, child.left_edge.i)
    right = noun.i
    for child in noun.rights:
        if child.dep_ in ("compound", "flat") and child.i == right + 1:
            right = child.right_edge.i
    if noun.pos_ == "PROPN" and doc[left].dep_ == "det":
        left += 1  # "the Inquisitr" -> "Inquisitr"
    return doc[left:right + 1]


def _child(token: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for dep in deps for c in token.children if c.dep_ == dep), None)


def _speaker_of(verb: Token) -> Token | None:
    """The subject of a speech verb; subjectless participles ("..., stating that") inherit it."""
    current = verb
    while True:
        agent = _child(current, ("agent",))  # passive: "blamed by Washington"
        subject = _child(agent, ("pobj",)) if agent is not None else _child(current, _SUBJECTS)
        if subject is not None and subject.dep_ == "nsubjpass" and subject.lower_ == "it":
            return None  # "it was reported that": no source named
        if subject is not None and subject.tag_ in ("WP", "WDT") and current.dep_ == "relcl":
            return current.head  # "those fighters who are saying that ..."
        if subject is not None:
            return subject
        if current.dep_ in ("advcl", "xcomp", "conj") and current.head.i != current.i:
            current = current.head
            continue
        return None


def _report_author(noun: Token) -> Token | None:
    """ "a report by X", "a statement from X": X."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
            return _child(prep, ("pobj",))
    return None


def _source_for_verb(verb: Token) -> tuple[Token, Token | None] | None:
    """(source, speaker) of one attribution verb."""
    subject = _speaker_of(verb)
    if subject is None:
        return None
    if subject.lemma_.lower() in _cues().source_nouns:
        author = _report_author(subject)
        if author is not None:
            return author, None
    if verb.lemma_.lower() == "tell":
        hearer = _child(verb, ("dative", "dobj"))
        # the outlet told is the source when a person speaks to it
        outlet = hearer is not None and hearer.pos_ == "PROPN" and hearer.ent_type_ != "PERSON"
        person = subject.ent_type_ == "PERSON" or subject.pos_ == "NOUN" or subject.tag_ in _PRONOUNS
        if outlet and person and hearer is not None:
            return hearer, subject
    return subject, None


def _attribution_verbs(token: Token) -> Iterator[Token]:
    """Attribution verbs governing the trigger's clause, innermost first."""
    verbs = _cues().attribution_verbs
    chain = list(_clause_chain(token))
    trigger_predicate = chain[0]
    for child in trigger_predicate.children:  # "Militants attacked the base, police said."
        if child.dep_ == "parataxis" and child.lemma_.lower() in verbs:
            yield child
    for predicate in chain[1:]:
        if predicate.lemma_.lower() in verbs:
            yield predicate
    if trigger_predicate is not token and trigger_predicate.lemma_.lower() in verbs:
        yield trigger_predicate  # "Reuters reported on the attack"


def _according_to(token: Token) -> Token | None:
    """ "according to X" on the trigger's clauses, or on the sentence root."""
    chain = {t.i for t in _clause_chain(token)} | {token.sent.root.i}
    for word in token.sent:
        if word.lower_ == "according" and word.head.i in chain:
            to = next((c for c in word.children if c.lower_ == "to"), None)
            obj = _child(to, ("pobj",)) if to is not None else None
            if obj is not None:
                return obj
    return None


def _make(source: Token, verb: Token | None, verb_text: str | None, speaker: Token | None) -> Attribution:
    span = _phrase(source)
    return Attribution(
        source=span.text,
        verb=verb_text if verb_text is not None else (verb.text if verb is not None else None),
        start=span.start_char,
        end=span.end_char,
        speaker=_phrase(speaker).text if speaker is not None else None,
    )


def attribution_for(doc: Doc, token: Token) -> Attribution | None:
    """Who the article says reports the event triggered by ``token``; None when unattributed.

    The outermost attribution verb is the source and the one below it the speaker
    ("Reuters reported that the governor said ...": source Reuters, speaker the governor).
    """
    found: list[tuple[Token, Token, Token | None]] = []
    for verb in _attribution_verbs(token):
        pair = _source_for_verb(verb)
        if pair is not None:
            found.append((verb, pair[0], pair[1]))
    if found:
        outer_verb, outer_source, outer_speaker = found[-1]
        speaker = outer_speaker
        if speaker is None and len(found) > 1:
            speaker = found[-2][2] or found[-2][1]
        if speaker is not None and speaker.i == outer_source.i:
            speaker = None  # "X reported ..., stating that": one source, not a chain
        return _make(outer_source, outer_verb, None, speaker)
    according = _according_to(token)
    if according is not None:
        author = _report_author(according) if according.lemma_.lower() in _cues().source_nouns else None
        return _make(author or according, None, "according to", None)
    return None


# ------------------------------------------------------------------------- modality

_PRECEDENCE = ("negated", "denied", "hypothetical", "future", "claimed", "reported")


def _xcomp_chain(predicate: Token) -> Iterator[Token]:
    """The predicate and the verbs it is an infinitive complement of ("plans to attack")."""
    current = predicate
    yield current
    while current.dep_ == "xcomp" and current.head.i != current.i:
        current = current.head
        yield current


def _local_cues(predicate: Token) -> Iterator[str]:
    """Modalities marked on one predicate: auxiliaries, negation, markers, adverbs."""
    modality = _cues().modality
    for child in predicate.children:
        word = child.lower_
        if child.dep_ == "neg" and ("neg", word) in modality:
            yield modality[("neg", word)]
        elif child.dep_ in ("aux", "auxpass") and ("aux", word) in modality:
            yield modality[("aux", word)]
        elif child.dep_ == "mark" and ("mark", word) in modality:
            yield modality[("mark", word)]
        elif child.dep_ == "advcl" and any(
            m.dep_ == "mark" and ("mark", m.lower_) in modality for m in child.children
        ):
            yield "hypothetical"  # "If talks fail, the army will attack": a conditional
        elif child.dep_ == "advmod" and ("adverb", word) in modality:
            yield modality[("adverb", word)]
        elif child.dep_ == "advmod" and ("neg", word) in modality:
            yield modality[("neg", word)]  # "never"
        elif child.dep_ in (*_SUBJECTS, "dobj") and any(
            d.dep_ == "det" and ("det", d.lower_) in modality for d in child.children
        ):
            yield "negated"  # "no civilians were killed"


def _cues_for(token: Token) -> Iterator[str]:
    modality = _cues().modality
    if token.pos_ in ("NOUN", "PROPN"):
        for child in token.children:
            if child.dep_ == "det" and ("det", child.lower_) in modality:
                yield modality[("det", child.lower_)]
            if child.dep_ == "amod" and ("adjective", child.lower_) in modality:
                yield modality[("adjective", child.lower_)]
    predicate = _predicate(token)
    for index, verb in enumerate(_xcomp_chain(predicate)):
        yield from _local_cues(verb)
        if index > 0 or verb is not token:  # a governing verb: "plans to attack", "denied the attack"
            lemma = verb.lemma_.lower()
            if ("verb", lemma) in modality:
                yield modality[("verb", lemma)]
    # verbs governing the clause through "that"-complements: "denied that", "anticipate that they will"
    current = list(_xcomp_chain(predicate))[-1]
    while current.dep_ in ("ccomp", "advcl", "conj") and current.head.i != current.i:
        current = current.head
        lemma = current.lemma_.lower()
        if ("verb", lemma) in modality and modality[("verb", lemma)] in ("denied", "claimed"):
            yield modality[("verb", lemma)]


def modality_for(
    doc: Doc, token: Token, attribution: Attribution | None, *, commitment: bool = False, refusal: bool = False
) -> str:
    """One of ``records.MODALITIES`` for the event triggered by ``token``.

    Precedence: negated, denied, hypothetical, future, claimed, reported, asserted. The
    verb that governs an embedded act sets the act's modality ("threatened to attack":
    the attack is future); the governing event itself stays asserted. A ``commitment``
    (the event is the promise or threat of the act, ``events.commitment_type``) is not
    future: the promise was made. Nor is a ``refusal`` negated ("will not accept" is a
    REJECT that happened, ``events.refusal_type``).
    """
    found = set(_cues_for(token))
    if commitment or refusal:
        found.discard("future")
    if refusal:
        found.discard("negated")
    if attribution is not None:
        found.add("reported")
    return next((m for m in _PRECEDENCE if m in found), "asserted")
