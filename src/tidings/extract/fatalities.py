"""Fatalities: how many people an event killed, read from the parse.

Follows ACLED's conservative convention: the lowest figure a report supports ("between
10 and 15" is 10, "at least five" is 5), vague quantities coded as ACLED does (ACLED,
"Fatalities", Uses and limitations of ACLED data, 2023: "tens" -> 10, "dozens" -> 12,
"hundreds" -> 100; ACLED Codebook, Reported fatalities: "several"/"many" -> 10). Injuries
are never counted. The number lexicon (with the source of each vague value) is
``data/number_words.csv``; death words are in ``data/fatality_words.toml``.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..config import data_path

__all__ = ["fatalities_for", "parse_number"]


# ------------------------------------------------------------------------- numbers


@dataclass(slots=True, frozen=True)
class _NumberWords:
    values: dict[str, int]
    kinds: dict[str, str]  # unit | tens | scale | vague
    multipliers: dict[str, int]  # "a few hundred": few -> 2


@lru_cache(maxsize=1)
def _number_words() -> _NumberWords:
    values: dict[str, int] = {}
    kinds: dict[str, str] = {}
    with data_path("number_words.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            values[row["word"]] = int(row["value"])
            kinds[row["word"]] = row["kind"]
    with data_path("number_multipliers.csv").open(encoding="utf-8", newline="") as fh:
        multipliers = {row["word"]: int(row["multiplier"]) for row in csv.DictReader(fh)}
    return _NumberWords(values, kinds, multipliers)


_WORD = re.compile(r"\d+(?:\.\d+)?|[a-z]+")
_JOINERS = {"and", "of", "a", "an"}
_RANGE_WORDS = {"to", "or"}


def _tokens(text: str) -> list[str]:
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 1,200 -> 1200
    text = re.sub(r"(?<=\d)\s*-\s*(?=\d)", " to ", text)  # 10-15 -> 10 to 15
    return _WORD.findall(text)


def _is_number_word(word: str) -> bool:
    return word[0].isdigit() or word in _number_words().values


def _phrase_value(words: list[str]) -> float | None:
    lexicon = _number_words()
    total = 0.0
    current: float | None = None
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word[0].isdigit():
            current = (current or 0) + float(word)
            continue
        if word in _JOINERS:
            continue
        kind, value = lexicon.kinds.get(word), lexicon.values.get(word, 0)
        if kind in ("unit", "tens"):
            current = (current or 0) + value
        elif kind == "scale":
            current = (current if current is not None else 1) * value
            if value >= 1000:
                total, current = total + current, 0
        elif kind == "vague":
            next_kind = lexicon.kinds.get(following) or (
                lexicon.kinds.get(words[index + 2]) if following == "of" and index + 2 < len(words) else None
            )
            if word in lexicon.multipliers and next_kind in ("scale", "vague"):
                current = float(lexicon.multipliers[word])  # "a few hundred" -> 2 x 100
            elif current is not None:
                current *= value  # "hundreds of thousands", "two dozens"
            else:
                current = float(value)
    if current is None and total == 0:
        return None
    return total + (current or 0)


def parse_number(text: str) -> int | None:
    """The conservative number a phrase states, or None when it states none.

    Digits ("12", "1,200", "1.5 million"), words ("twenty-two", "a dozen", "one hundred
    and five"), vague quantities coded as ACLED does ("dozens" 12, "hundreds" 100, "a few
    hundred" 200) and ranges at their low end ("between 10 and 15", "10-15", "five or
    six" give 10, 10 and 5). Leading qualifiers ("at least", "more than") are ignored;
    the first number phrase in ``text`` is read.
    """
    words = _tokens(text)
    start = next((i for i, w in enumerate(words) if _is_number_word(w)), None)
    if start is None:
        return None
    between = start > 0 and words[start - 1] == "between"
    phrases: list[list[str]] = [[]]
    for word in words[start:]:
        if _is_number_word(word) or word in _JOINERS:
            if word == "and" and between and phrases[-1] and len(phrases) == 1:
                phrases.append([])  # "between 10 and 15": the and splits a range
                continue
            phrases[-1].append(word)
        elif word in _RANGE_WORDS and phrases[-1] and len(phrases) == 1:
            phrases.append([])
        else:
            break
    values = [v for v in (_phrase_value(p) for p in phrases if p) if v is not None]
    if not values:
        return None
    return int(min(values))


# ---------------------------------------------------------------------- death words


@dataclass(slots=True, frozen=True)
class _DeathWords:
    death_verbs: frozenset[str]
    dying_verbs: frozenset[str]
    death_adjectives: frozenset[str]
    death_nouns: frozenset[str]
    toll_nouns: frozenset[str]
    killing_nouns: frozenset[str]


@lru_cache(maxsize=1)
def _death_words() -> _DeathWords:
    with data_path("fatality_words.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    return _DeathWords(**{key: frozenset(raw[key]) for key in _DeathWords.__slots__})


_SPEECH_DEPS = {"ccomp", "parataxis"}  # a reported clause is another event's business


def _numeric_token(token: Token) -> bool:
    return token.like_num or token.tag_ == "CD" or token.lower_ in _number_words().values


def _number_phrase_value(token: Token) -> int | None:
    """The value of a number token with its modifiers ("at least five", "between 10 and 15")."""
    left = min(t.i for t in token.subtree)
    right = token.i
    # keep range tails ("10 and 15", "five or six") but not trailing prepositional phrases
    for child in token.rights:
        if child.dep_ in ("cc", "conj", "quantmod"):
            right = max(right, child.right_edge.i)
    return parse_number(token.doc[left:right + 1].text)


def _noun_count(noun: Token) -> int | None:
    """How many people a noun phrase names: "12 people", "dozens of fighters", "a teacher"."""
    counts = [c for c in (_single_count(n) for n in _conjuncts(noun)) if c is not None]
    return sum(counts) if counts else None


def _conjuncts(noun: Token) -> Iterator[Token]:
    yield noun
    for child in noun.children:
        if child.dep_ == "conj":
            yield from _conjuncts(child)


def _single_count(noun: Token) -> int | None:
    if _numeric_token(noun):
        return _number_phrase_value(noun)
    for child in noun.children:
        if child.dep_ == "nummod" or (child.dep_ in ("quantmod", "amod") and _numeric_token(child)):
            return _number_phrase_value(child)
    if noun.tag_ in ("NN", "NNP") and noun.pos_ in ("NOUN", "PROPN"):
        # one named or singular victim: "a U.S. ambassador", "Gaddafi"
        if noun.pos_ == "PROPN" and noun.ent_type_ == "PERSON":
            return 1
        if any(c.dep_ in ("det", "poss") for c in noun.children):
            return 1  # "a teacher", "the deputy chief", "his brother"
    return None


def _subject(verb: Token, deps: tuple[str, ...]) -> Token | None:
    """The first child of ``verb`` found with a dependency in ``deps`` (in that order of preference)."""
    subject = next((c for dep in deps for c in verb.children if c.dep_ == dep), None)
    if subject is not None and subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        return verb.head  # "civilians who were executed"
    return subject


def _orphaned_subject(verb: Token) -> Token | None:
    """The subject of a passive verb the parser left without one.

    In "12 were beheaded and 22 civilians, who ..., were executed" the small model often
    hangs "civilians" on "beheaded" as a conjunct (a noun conjoined to a verb) and leaves
    "executed" subjectless; the nearest such stranded noun to the left is the subject.
    """
    for token in reversed(verb.doc[verb.sent.start:verb.i]):
        if token.pos_ in ("NOUN", "PROPN", "NUM") and token.dep_ == "conj" and token.head.pos_ == "VERB":
            return token
    return None


def _victims(cue: Token) -> Token | None:
    """The noun phrase naming the dead for one death word."""
    words = _death_words()
    lemma = cue.lemma_.lower()
    if cue.pos_ in ("VERB", "AUX") and lemma in words.death_verbs:
        if cue.dep_ in ("acl", "amod") and cue.tag_ == "VBN":
            return cue.head  # "12 people killed in the blast"
        passive = _subject(cue, ("nsubjpass",))
        if passive is None and any(c.dep_ == "auxpass" for c in cue.children):
            passive = _orphaned_subject(cue)
        return passive if passive is not None else _subject(cue, ("dobj",))
    if cue.pos_ in ("VERB", "AUX") and lemma in words.dying_verbs:
        return _subject(cue, ("nsubj",))
    if lemma in words.death_adjectives or cue.lower_ in words.death_adjectives:
        numbers = [c for c in cue.children if _numeric_token(c)]
        if numbers:
            return numbers[0]  # "12 dead", "left 40 dead"
        if cue.dep_ in ("acomp", "oprd", "xcomp", "advmod", "ccomp"):
            verb = cue.head  # "found dead", "left five dead"
            return _subject(verb, ("nsubjpass", "dobj", "nsubj"))
        if cue.dep_ == "amod":
            return cue.head
    return None


def _cue_count(cue: Token) -> int | None:
    words = _death_words()
    lemma = cue.lemma_.lower()
    if cue.pos_ in ("NOUN", "PROPN"):
        if lemma in words.toll_nouns:
            return _toll_value(cue)
        if lemma in words.death_nouns:
            return next((_number_phrase_value(c) for c in cue.children if c.dep_ == "nummod"), None) or _of_count(cue)
        if lemma in words.killing_nouns or cue.lower_ in words.killing_nouns:
            return _of_count(cue)
    victims = _victims(cue)
    return _noun_count(victims) if victims is not None else None


def _of_count(noun: Token) -> int | None:
    """ "the massacre of a few hundred people": the count of the "of" object."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return _noun_count(obj)
    return None


def _toll_value(toll: Token) -> int | None:
    """ "the death toll rose to 30", "a toll of 30", "the toll is 30"."""
    places = [toll]
    if toll.dep_ in ("nsubj", "nsubjpass"):
        places.append(toll.head)
    for place in places:
        for child in place.children:
            if child.dep_ in ("attr", "dobj") and _numeric_token(child):
                return _number_phrase_value(child)
            if child.dep_ == "prep" and child.lower_ in ("to", "at", "of"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and _numeric_token(obj):
                        return _number_phrase_value(obj)
    return None


def _is_cue(token: Token) -> bool:
    words = _death_words()
    lemma = token.lemma_.lower()
    return (
        lemma in words.death_verbs
        or lemma in words.dying_verbs
        or lemma in words.death_adjectives
        or token.lower_ in words.death_adjectives
        or lemma in words.death_nouns
        or lemma in words.toll_nouns
        or lemma in words.killing_nouns
    )


def _linked_cues(token: Token) -> Iterator[Token]:
    """Death words in the trigger's own clause: its subtree (not crossing into reported
    speech) and, for a noun trigger, the verb it is the subject of ("an airstrike killed 12")."""
    stack = [token]
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("nsubj", "nsubjpass"):
        stack.append(token.head)  # "an airstrike left 40 dead": the clause of its verb
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.dep_ in _SPEECH_DEPS or child.i in seen:
                continue
            seen.add(child.i)
            if _is_cue(child):
                yield child
            stack.append(child)
    if token.dep_ in ("nsubj", "nsubjpass", "dobj") and _is_cue(token.head) and token.head.i not in seen:
        yield token.head


def fatalities_for(doc: Doc, token: Token) -> int | None:
    """Deaths reported for the event whose trigger head is ``token``; None when not stated.

    The trigger's own death words come first ("12 people were executed"), then those in
    its clause ("clashes that left 30 dead", "the attack killed 12"); failing both, a
    sentence with a single death figure gives it to the event. Injuries are not counted.
    """
    if _is_cue(token):
        own = _cue_count(token)
        if own is not None:
            return own
    linked = sorted(_linked_cues(token), key=lambda cue: abs(cue.i - token.i))
    for cue in linked:
        count = _cue_count(cue)
        if count is not None:
            return count
    # a death figure in a clause the trigger reports ("police said 7 were shot dead") is not its own
    own_subtree = {t.i for t in token.subtree}
    in_sentence = [
        c for c in (_cue_count(t) for t in token.sent if _is_cue(t) and t.i not in own_subtree)
        if c is not None
    ]
    return in_sentence[0] if len(in_sentence) == 1 else None
