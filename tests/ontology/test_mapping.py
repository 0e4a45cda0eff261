"""PLOVER -> CAMEO/ACLED mapping rules and the ontology data file."""

from __future__ import annotations

import json

import pytest

from tidings.config import data_path
from tidings.errors import ConfigError
from tidings.ontology import (
    PLOVER_TYPES,
    EventCodes,
    acled_sub_event_types,
    code_event,
    cues_from_lemmas,
    modes_for,
)

ACLED_25 = {
    ("Battles", "Armed clash"), ("Battles", "Government regains territory"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Chemical weapon"), ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Suicide bomb"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"), ("Explosions/Remote violence", "Grenade"),
    ("Violence against civilians", "Sexual violence"), ("Violence against civilians", "Attack"),
    ("Violence against civilians", "Abduction/forced disappearance"),
    ("Protests", "Peaceful protest"), ("Protests", "Protest with intervention"),
    ("Protests", "Excessive force against protesters"),
    ("Riots", "Violent demonstration"), ("Riots", "Mob violence"),
    ("Strategic developments", "Agreement"), ("Strategic developments", "Arrests"),
    ("Strategic developments", "Change to group/activity"), ("Strategic developments", "Disrupted weapons use"),
    ("Strategic developments", "Headquarters or base established"),
    ("Strategic developments", "Looting/property destruction"),
    ("Strategic developments", "Non-violent transfer of territory"), ("Strategic developments", "Other"),
}

# (type, mode, actor sector, recipient sector, cues, expected ACLED pair): one per sub-event type
CASES = [
    ("ASSAULT", "firearms", "MIL", "REB", set(), ("Battles", "Armed clash")),
    ("ASSAULT", None, "MIL", "REB", {"recapture"}, ("Battles", "Government regains territory")),
    ("ASSAULT", None, "REB", "MIL", {"seize_territory"}, ("Battles", "Non-state actor overtakes territory")),
    ("ASSAULT", None, "MIL", "CVL", {"sarin"}, ("Explosions/Remote violence", "Chemical weapon")),
    ("ASSAULT", "aerial", "MIL", "REB", set(), ("Explosions/Remote violence", "Air/drone strike")),
    ("ASSAULT", None, "REB", "CVL", {"suicide"}, ("Explosions/Remote violence", "Suicide bomb")),
    ("ASSAULT", None, "MIL", None, {"shell", "artillery"},
     ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("ASSAULT", None, "UAF", "MIL", {"landmine", "ied"},
     ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("ASSAULT", None, "UAF", "CVL", {"grenade"}, ("Explosions/Remote violence", "Grenade")),
    ("ASSAULT", None, "MIL", "CVL", {"rape"}, ("Violence against civilians", "Sexual violence")),
    ("ASSAULT", "firearms", "REB", "CVL", set(), ("Violence against civilians", "Attack")),
    ("ASSAULT", "abduct", "UAF", "EDU", set(), ("Violence against civilians", "Abduction/forced disappearance")),
    ("PROTEST", "demo", "CVL", "GOV", set(), ("Protests", "Peaceful protest")),
    ("PROTEST", "demo", "CVL", None, {"tear_gas"}, ("Protests", "Protest with intervention")),
    ("ASSAULT", "firearms", "COP", None, {"protester"}, ("Protests", "Excessive force against protesters")),
    ("PROTEST", "riot", "CVL", "COP", set(), ("Riots", "Violent demonstration")),
    ("ASSAULT", "beat", "CVL", "CVL", {"mob"}, ("Riots", "Mob violence")),
    ("AGREE", None, "GOV", "REB", set(), ("Strategic developments", "Agreement")),
    ("COERCE", "arrest", "COP", "OPP", set(), ("Strategic developments", "Arrests")),
    ("MOBILIZE", "troops", "REB", None, set(), ("Strategic developments", "Change to group/activity")),
    ("ASSAULT", "explosives", "UAF", None, {"foiled"}, ("Strategic developments", "Disrupted weapons use")),
    ("MOBILIZE", "troops", "REB", None, {"base"}, ("Strategic developments", "Headquarters or base established")),
    ("COERCE", None, "REB", "CVL", {"loot"}, ("Strategic developments", "Looting/property destruction")),
    ("RETREAT", "withdraw", "MIL", None, set(), ("Strategic developments", "Non-violent transfer of territory")),
    ("COERCE", "curfew", "GOV", "CVL", set(), ("Strategic developments", "Other")),
]


def test_data_lists_all_25_acled_sub_event_types():
    table = acled_sub_event_types()
    assert {(t, s) for t, subs in table.items() for s in subs} == ACLED_25


@pytest.mark.parametrize(("etype", "mode", "actor", "recipient", "cues", "expected"), CASES)
def test_each_acled_sub_event_type_is_reachable(etype, mode, actor, recipient, cues, expected):
    codes = code_event(etype, mode, actor, recipient, cues=frozenset(cues))
    assert (codes.acled_event_type, codes.acled_sub_event_type) == expected


def test_cases_cover_all_25():
    assert {case[-1] for case in CASES} == ACLED_25


def test_examples_from_the_issue():
    assert code_event("ASSAULT", "firearms", "REB", "CVL") == EventCodes(
        "19", "Violence against civilians", "Attack"
    )
    assert code_event("ASSAULT", "aerial", "MIL", None).acled_sub_event_type == "Air/drone strike"
    assert code_event("ASSAULT", None, "MIL", "REB", cues=frozenset({"shelling"})).acled_sub_event_type == (
        "Shelling/artillery/missile attack"
    )
    taken_by_rebels = code_event("ASSAULT", None, "REB", "MIL", cues=frozenset({"seize_territory"}))
    taken_by_army = code_event("ASSAULT", None, "MIL", "REB", cues=frozenset({"seize_territory"}))
    assert taken_by_rebels.acled_sub_event_type == "Non-state actor overtakes territory"
    assert taken_by_army.acled_sub_event_type == "Government regains territory"
    assert code_event("ASSAULT", None, "UAF", None, cues=frozenset({"foiled", "bomb"})).acled_sub_event_type == (
        "Disrupted weapons use"
    )
    assert code_event("COERCE", "arrest", "COP", "CVL") == EventCodes("17", "Strategic developments", "Arrests")
    assert code_event("PROTEST", "riot", None, None).acled_event_type == "Riots"


def test_violent_protest_and_police_intervention_differ():
    assert code_event("PROTEST", "demo", "CVL", None, cues=frozenset({"disperse"})).acled_sub_event_type == (
        "Protest with intervention"
    )
    assert code_event("PROTEST", "demo", "CVL", None, fatalities=3).acled_sub_event_type == (
        "Excessive force against protesters"
    )


def test_cameo_roots():
    assert code_event("CONSULT", "visit", "GOV", "GOV").cameo_root == "04"
    assert code_event("ACCUSE", "investigate", "JUD", None).cameo_root == "09"
    assert code_event("ACCUSE", "disapprove", "GOV", None).cameo_root == "11"
    assert code_event("ASSAULT", "beat", "COP", "CVL").cameo_root == "18"
    assert code_event("ASSAULT", "heavy-weapons", "MIL", "REB").cameo_root == "19"
    assert code_event("ASSAULT", "unconventional", "MIL", "CVL").cameo_root == "20"
    for etype in PLOVER_TYPES:
        root = code_event(etype, None, None, None).cameo_root
        assert root is not None and 1 <= int(root) <= 20


def test_verbal_types_have_no_acled_code_and_unknown_mode_is_ignored():
    assert code_event("CONSULT", "phone", "GOV", "GOV").acled_event_type is None
    assert code_event("ASSAULT", "no-such-mode", "MIL", "REB").acled_sub_event_type == "Armed clash"


def test_unknown_type_raises():
    with pytest.raises(ConfigError, match="FIGHT"):
        code_event("FIGHT", None, None, None)


def test_sixteen_types_with_valid_modes():
    assert len(PLOVER_TYPES) == 16
    assert modes_for("ASSAULT")[:2] == ("abduct", "beat")
    assert "arrest" in modes_for("COERCE") and modes_for("AGREE") == ()
    data = json.loads(data_path("ontology/plover.json").read_text())
    for etype, modes in data["mode_definitions"].items():
        assert set(modes) == set(modes_for(etype)), etype
    for index, rule in enumerate(data["acled_rules"]):
        for etype in rule["type"]:
            assert set(rule.get("mode", [])) <= set(modes_for(etype)), (index, etype)


def test_cues_from_lemmas():
    assert cues_from_lemmas(["Artillery", "village"]) == {"shelling"}
    assert "seize_territory" in cues_from_lemmas(["seize_territory"])


def test_weapons_seized_in_a_violent_looking_sentence_are_disrupted_weapons_use():
    codes = code_event("ASSAULT", "explosives", "MIL", None, cues=frozenset({"seize", "explosive", "ied"}))
    assert codes.acled_sub_event_type == "Disrupted weapons use"
    # Seizing a town is not a weapons seizure.
    codes = code_event("ASSAULT", None, "REB", None, cues=frozenset({"seize", "town"}))
    assert codes.acled_sub_event_type != "Disrupted weapons use"


def test_an_attack_on_named_civilians_is_an_attack_even_without_a_recipient():
    codes = code_event("ASSAULT", "firearms", "UAF", None, cues=frozenset({"attack", "resident"}))
    assert codes.acled_sub_event_type == "Attack"
    assert code_event("ASSAULT", "firearms", "UAF", None).acled_sub_event_type == "Armed clash"


def test_a_release_is_an_agreement_only_when_part_of_one():
    assert code_event("RETREAT", "release", "REB", None).acled_sub_event_type == "Other"
    codes = code_event("RETREAT", "release", "REB", None, cues=frozenset({"exchange"}))
    assert codes.acled_sub_event_type == "Agreement"


def test_a_recapture_by_government_forces_outranks_the_weapons_that_preceded_it():
    # "regained control of the airbase following weeks of drone strikes": the territory
    # changed hands; the drones are how.
    codes = code_event("ASSAULT", "aerial", "MIL", "REB", cues=frozenset({"recapture", "air"}))
    assert codes.acled_sub_event_type == "Government regains territory"
    assert code_event("ASSAULT", "aerial", "MIL", "REB", cues=frozenset({"air"})).acled_sub_event_type == (
        "Air/drone strike"
    )
