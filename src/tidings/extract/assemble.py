"""Assembly: one ``Event`` record per event trigger, from what the other stages found.

For each trigger on ``doc._.triggers`` this asks each stage about the trigger's head
token: ``roles_for`` (actors), ``location_for`` (places), ``date_for`` (dates),
``attribution_for`` and ``modality_for`` (attribution), ``fatalities_for``; then maps
PLOVER type + mode + sectors to CAMEO and ACLED codes (``tidings.ontology``).

Two article-level passes follow, because a sentence alone cannot know them:

* an event retold without a time expression ("After Gaddafi ... was killed") takes the
  date of the same event told elsewhere in the article with one ("Gaddafi was killed in
  Sirte in 2011"), so background history is not dated to the reporting day. Only a
  named recipient makes two mentions the same event: "civilians were killed" twice in
  one article may well be two killings;
* the same event read twice from one sentence (same type, actor and recipient) is kept
  once, with the higher confidence;
* a clause or next sentence that only tells how an event went is part of that event, as
  ACLED codes it: an attack's toll told by an agentless passive, a participle or a death
  count ("... shelled residential areas of Kharkiv. 5 civilians were killed.", "hit a
  market, killing two") gives the attack its fatalities and victims; police action against
  a protest ("...; police dispersed them", "Police fired tear gas to disperse them.") makes
  it a protest with intervention; a withdrawal that let a town be taken ("took control of
  Avdiivka after Ukrainian troops withdrew") is part of the takeover. A next sentence in another paragraph, or with a date of
  its own, stays an event of its own;
* a headline that restates an event the body tells ("Police arrest dozens in Cairo" over
  "Police arrested 40 protesters in Cairo on Tuesday") is not a second event: the body's
  telling, with its date and details, is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..nlp import doc_text
from ..ontology import code_event
from ..records import ActorRef, Event, Evidence
from .actors import is_generic_actor, location_exclusions, roles_for
from .attribution import attribution_for, modality_for
from .dates import date_for
from .events import Trigger
from .fatalities import fatalities_for
from .places import location_for

__all__ = ["assemble_events"]

DATED_BASES = frozenset({"explicit", "relative"})


@dataclass(slots=True)
class _Reading:
    """What the stages found for one trigger, before it becomes an ``Event``."""

    trigger: Trigger
    token: Token
    actor: ActorRef | None
    recipient: ActorRef | None
    fatalities: int | None
    cues: frozenset[str]


def assemble_events(doc: Doc) -> list[Event]:
    """Event records for every trigger in ``doc`` (see module docstring)."""
    readings = []
    for trigger in doc._.triggers or []:
        token = doc[trigger.token_i]
        actor, recipient = roles_for(doc, token, trigger.type)
        readings.append(_Reading(trigger, token, actor, recipient, fatalities_for(doc, token), trigger.cues))
    events: list[Event] = []
    for reading in _fold_follow_ups(doc, readings):
        trigger, token, actor, recipient, fatalities = (
            reading.trigger, reading.token, reading.actor, reading.recipient, reading.fatalities
        )
        attribution = attribution_for(doc, token)
        codes = code_event(
            trigger.type,
            trigger.mode,
            actor.sector if actor else None,
            recipient.sector if recipient else None,
            fatalities=fatalities,
            cues=reading.cues,
        )
        events.append(
            Event(
                id=Event.make_id(doc._.article_id, trigger.start, trigger.type),
                article_id=doc._.article_id,
                type=trigger.type,
                mode=trigger.mode,
                cameo_root=codes.cameo_root,
                acled_event_type=codes.acled_event_type,
                acled_sub_event_type=codes.acled_sub_event_type,
                actor=actor,
                recipient=recipient,
                location=location_for(doc, token, exclude=location_exclusions(doc, token, actor, recipient)),
                date=date_for(doc, token),
                evidence=Evidence(
                    sentence=doc_text(doc)[trigger.sent_start : trigger.sent_end],
                    start=trigger.sent_start,
                    end=trigger.sent_end,
                    trigger=trigger.text,
                    trigger_start=trigger.start,
                    trigger_end=trigger.end,
                ),
                fatalities=fatalities,
                attribution=attribution,
                modality=modality_for(
                    doc, token, attribution, commitment=trigger.commitment, refusal=trigger.refusal
                ),
                confidence=round(float(trigger.confidence), 4),
            )
        )
    return _drop_headline_repeats(_merge_duplicates(_inherit_dates(events)), _headline_end(doc))


def _fold_follow_ups(doc: Doc, readings: list[_Reading]) -> list[_Reading]:
    """Readings, less those that tell how an event of their sentence or the sentence
    before went (see the module docstring), which are folded into that event."""
    text = doc_text(doc)
    kept: list[_Reading] = []
    for reading in readings:
        target = next((r for r in _latest_neighbours(kept, reading) if _follows_up(text, r, reading, doc)), None)
        if target is None:
            kept.append(reading)
            continue
        if target.fatalities is None:
            target.fatalities = reading.fatalities
        if target.trigger.type == "PROTEST":
            target.cues = target.cues | (reading.cues & _PROTEST_RESPONSE_CUES)  # not "riot" of riot police
        elif reading.trigger.type == "RETREAT":
            # The side that withdrew lost the territory (rather than the town taken).
            if target.recipient is None or target.recipient.sector is None:
                target.recipient = reading.actor or target.recipient
        elif target.recipient is None:
            target.recipient = reading.recipient  # the attack's victims
    return kept


def _latest_neighbours(kept: list[_Reading], reading: _Reading) -> Iterator[_Reading]:
    """Kept readings (in text order) of ``reading``'s sentence, then of the last earlier
    sentence that has any, latest first: the only ones it can follow up."""
    earlier = None
    for other in reversed(kept):
        if other.trigger.sent_start != reading.trigger.sent_start:
            if earlier is not None and other.trigger.sent_start != earlier:
                return
            earlier = other.trigger.sent_start
        yield other


def _follows_up(text: str, before: _Reading, after: _Reading, doc: Doc) -> bool:
    """``after`` tells how ``before`` went: in a clause under it in the same sentence, or
    in the next sentence of its paragraph without a time of its own."""
    if before.trigger.sent_start == after.trigger.sent_start:
        if after.token not in _clause_head(before.token).subtree:
            # The parser may hang the protest under the response ("marched ...; police fired
            # at them" read as one clause, the march its complement).
            hung_under = before.token in after.token.subtree
            return hung_under and before.trigger.type == "PROTEST" and _answers_protest(before, after)
        if _TERRITORY_CUES & before.cues and after.trigger.type == "RETREAT":
            return True  # "took control of Avdiivka after Ukrainian troops withdrew": one takeover
        if _states_its_reason(before, after):
            return True
        if after.actor is not None and before.actor is not None and after.actor.name != before.actor.name:
            return before.trigger.type == "PROTEST" and _answers_protest(before, after)
    else:
        gap = text[before.trigger.sent_end : after.trigger.sent_start]
        if gap.strip() or "\n\n" in gap:
            return False  # not the next sentence of the paragraph
        if date_for(doc, after.token).basis in DATED_BASES:
            return False
        if before.trigger.type == "ASSAULT" and after.actor is not None:
            return False
    if before.trigger.type == "ASSAULT" and after.trigger.type == "ASSAULT":
        passive = any(c.dep_ == "auxpass" for c in after.token.children)
        participle = after.token.tag_ == "VBG" and after.token.dep_ in ("advcl", "xcomp", "conj")
        return passive or participle or after.fatalities is not None
    return before.trigger.type == "PROTEST" and _answers_protest(before, after)


def _clause_head(token: Token) -> Token:
    """The verb whose clause a nominal trigger is part of ("held rallies" for "rallies"),
    else the trigger itself."""
    if token.pos_ in ("NOUN", "PROPN") and token.head.pos_ in ("VERB", "AUX") and token.dep_ != "ROOT":
        return token.head
    return token


def _states_its_reason(event: _Reading, after: _Reading) -> bool:
    """``after`` is a participle giving the grounds or the claim of ``event`` by the same
    actor: "arrested three journalists, accusing them of plotting", "staged a protest,
    alleging rigging", "kidnapped a trader, demanding a ransom"."""
    participle = after.token.tag_ == "VBG" and after.token.dep_ in ("advcl", "xcomp")
    same_actor = after.actor is None or event.actor is None or after.actor.name == event.actor.name
    return participle and same_actor and after.trigger.type in _CLAIM_TYPES and event.trigger.type not in _CLAIM_TYPES


def _answers_protest(protest: _Reading, after: _Reading) -> bool:
    """Police action against the protest: force or arrests by others than the protesters
    (a PROTEST too: the classifier reads "riot police fired tear gas" as one)."""
    same_actor = after.actor is not None and protest.actor is not None and after.actor.name == protest.actor.name
    responding = after.trigger.type in ("ASSAULT", "COERCE", "PROTEST")
    return responding and bool(after.cues & _PROTEST_RESPONSE_CUES) and not same_actor


# Types that state a claim, not a deed: folded into the deed they give the grounds of.
_CLAIM_TYPES = frozenset({"ACCUSE", "REQUEST", "REJECT"})
# Cue groups of territory taken (plover.json "cues").
_TERRITORY_CUES = frozenset({"recapture", "seize_territory"})
# Cue groups of police action against a protest (plover.json "cues").
_PROTEST_RESPONSE_CUES = frozenset({"intervention", "excessive_force"})


def _inherit_dates(events: list[Event]) -> list[Event]:
    """Undated retellings take the date of the same event told with a date."""
    dated = [e for e in events if e.date.basis in DATED_BASES]
    result = []
    for event in events:
        if event.date.basis not in DATED_BASES and event.recipient is not None and not is_generic_actor(event.recipient):
            twin = next(
                (
                    other
                    for other in dated
                    if other.type == event.type
                    and other.recipient is not None
                    and other.recipient.name == event.recipient.name
                    and (event.actor is None or other.actor is None or other.actor.name == event.actor.name)
                ),
                None,
            )
            if twin is not None:
                event = replace(event, date=replace(twin.date), extra={**event.extra, "date_from_event": twin.id})
        result.append(event)
    return result


def _merge_duplicates(events: list[Event]) -> list[Event]:
    best: dict[tuple[int, str, str, str], Event] = {}
    order: list[tuple[int, str, str, str]] = []
    for event in events:
        key = (
            event.evidence.start,
            event.type,
            event.actor.name if event.actor else "",
            event.recipient.name if event.recipient else "",
        )
        if key not in best:
            order.append(key)
            best[key] = event
        elif event.confidence > best[key].confidence:
            best[key] = event
    return [best[key] for key in order]


def _headline_end(doc: Doc) -> int:
    """End offset of the article's headline: a first line standing alone without a full
    stop; 0 when the article does not start with one."""
    first_line, _, rest = doc_text(doc).partition("\n")
    line = first_line.strip()
    if not line or not rest.strip() or line[-1] in ".!?\"”" or len(line) > 200:
        return 0
    return len(first_line)


def _compatible(a: ActorRef | None, b: ActorRef | None) -> bool:
    """Could be the same actor: one unstated, the same name, or the same kind of actor
    with the country named only once ("Police Forces" and "Police Forces (Egypt)")."""
    if a is None or b is None or a.name == b.name:
        return True
    return a.name.split(" (")[0] == b.name.split(" (")[0] and (a.country is None or b.country is None)


def _drop_headline_repeats(events: list[Event], headline_end: int) -> list[Event]:
    if headline_end == 0:
        return events
    body = [e for e in events if e.evidence.start >= headline_end]
    return [
        event
        for event in events
        if event.evidence.start >= headline_end
        or not any(
            other.type == event.type
            and _compatible(other.actor, event.actor)
            and _compatible(other.recipient, event.recipient)
            for other in body
        )
    ]


@Language.factory("tidings_assemble")
def make_assembler(nlp: Language, name: str) -> Assembler:
    return Assembler()


class Assembler:
    """Sets ``doc._.events``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = assemble_events(doc)
        return doc
