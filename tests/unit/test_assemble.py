"""Article-level passes of event assembly: date inheritance, duplicate merging and
follow-up sentences folded into their event."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.extract.assemble import _inherit_dates, _merge_duplicates, assemble_events
from tidings.records import ActorRef, DateInfo, Event, Evidence

REPORTING = DateInfo(start="2016-06-10", end="2016-06-10", precision="day", basis="reporting_date")
IN_2011 = DateInfo(start="2011-01-01", end="2011-12-31", precision="year", basis="explicit", text="2011")


def event(trigger_start: int, recipient: str | None, date: DateInfo, *, type_: str = "ASSAULT",
          sentence_start: int = 0, confidence: float = 0.5, actor: str | None = None) -> Event:
    def ref(name: str | None) -> ActorRef | None:
        return ActorRef(text=name, name=name, start=0, end=len(name)) if name else None

    return Event(
        id=Event.make_id("a", trigger_start, type_), article_id="a", type=type_, mode=None,
        cameo_root="19", acled_event_type=None, acled_sub_event_type=None,
        actor=ref(actor), recipient=ref(recipient), location=None, date=date,
        evidence=Evidence("s", sentence_start, sentence_start + 1, "killed", trigger_start, trigger_start + 6),
        confidence=confidence,
    )


def test_retold_event_takes_the_date_told_elsewhere():
    dated = event(500, "Muammar Gaddafi", IN_2011, sentence_start=480)
    retold = event(100, "Muammar Gaddafi", REPORTING, sentence_start=90)
    result = _inherit_dates([retold, dated])
    assert result[0].date.start == "2011-01-01"
    assert result[0].extra["date_from_event"] == dated.id


def test_generic_recipients_do_not_make_two_events_one():
    dated = event(500, "Civilians", IN_2011, sentence_start=480)
    other = event(100, "Civilians", REPORTING, sentence_start=90)
    assert _inherit_dates([other, dated])[0].date == REPORTING


def test_different_actors_are_different_events():
    dated = event(500, "Muammar Gaddafi", IN_2011, sentence_start=480, actor="Rebels")
    other = event(100, "Muammar Gaddafi", REPORTING, sentence_start=90, actor="Islamic State")
    assert _inherit_dates([other, dated])[0].date == REPORTING


def test_same_event_twice_in_a_sentence_is_kept_once_with_higher_confidence():
    first = event(10, "Civilians", REPORTING, confidence=0.4)
    second = event(20, "Civilians", REPORTING, confidence=0.9)
    other_type = event(30, "Civilians", REPORTING, type_="COERCE")
    merged = _merge_duplicates([first, second, other_type])
    assert [e.evidence.trigger_start for e in merged] == [20, 30]


def test_headline_restating_a_body_event_is_dropped():
    from tidings.extract.assemble import _drop_headline_repeats

    headline = event(5, "Civilians", REPORTING, type_="COERCE", sentence_start=0)
    body = event(60, "Civilians", IN_2011, type_="COERCE", sentence_start=40)
    other = event(8, "Civilians", REPORTING, type_="PROTEST", sentence_start=0)
    kept = _drop_headline_repeats([headline, other, body], headline_end=38)
    assert [e.type for e in kept] == ["PROTEST", "COERCE"]
    assert kept[1].evidence.start == 40
    assert _drop_headline_repeats([headline, body], headline_end=0) == [headline, body]


# --- follow-ups folded into the event they tell about (full pipeline) ---------------------


@pytest.mark.slow
def test_a_toll_in_the_next_sentence_is_the_attacks(make_doc):
    doc = make_doc("On 9 March 2022, Russian forces shelled residential areas of Kharkiv. 5 civilians were killed.",
                   date(2022, 3, 10))
    (event,) = assemble_events(doc)
    assert (event.type, event.fatalities, event.recipient.name) == ("ASSAULT", 5, "Civilians")
    assert event.acled_sub_event_type == "Shelling/artillery/missile attack"


@pytest.mark.slow
def test_police_action_after_a_protest_makes_it_a_protest_with_intervention(make_doc):
    doc = make_doc("On 12 May 2021, around 300 residents of Kisumu demonstrated against fuel prices. "
                   "Riot police fired tear gas to disperse them.", date(2021, 5, 13))
    (event,) = assemble_events(doc)
    assert (event.type, event.acled_sub_event_type) == ("PROTEST", "Protest with intervention")


@pytest.mark.slow
def test_a_dated_or_separate_paragraph_sentence_is_an_event_of_its_own(make_doc):
    doc = make_doc("Gunmen attacked a bus near Lamu on Monday.\n\nTwo soldiers were killed in Mandera on Sunday.",
                   date(2021, 5, 13))
    assert len(assemble_events(doc)) == 2


@pytest.mark.slow
def test_a_withdrawal_that_let_a_town_be_taken_is_part_of_the_takeover(make_doc):
    doc = make_doc("On 17 February 2024, Russian forces took full control of Avdiivka after Ukrainian troops "
                   "withdrew from the town.", date(2024, 2, 18))
    (event,) = assemble_events(doc)
    assert event.type == "ASSAULT"
    assert event.recipient is not None and event.recipient.text == "Ukrainian troops"  # the side that lost it


@pytest.mark.slow
def test_arrests_in_a_clause_of_a_protest_named_by_a_noun_are_its_intervention(make_doc):
    doc = make_doc("On 31 January 2021, supporters of Alexei Navalny held unauthorised rallies in Moscow, "
                   "and police detained more than 1,000 people.", date(2021, 2, 1))
    (event,) = assemble_events(doc)
    assert (event.type, event.acled_sub_event_type) == ("PROTEST", "Protest with intervention")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "deed"),
    [
        (("On 25 June 2019, security forces arrested three journalists in Cairo, accusing them of "
         "plotting against the state."), "COERCE"),
        (("On 20 February 2024, PTI supporters staged a protest outside the Lahore Press Club, "
         "alleging rigging in the general election."), "PROTEST"),
    ],
)
def test_a_participle_giving_the_grounds_of_a_deed_is_part_of_it(make_doc, text, deed):
    (event,) = assemble_events(make_doc(text, date(2024, 2, 21)))
    assert event.type == deed


@pytest.mark.slow
def test_deadly_fire_on_a_march_makes_it_a_protest_met_with_excessive_force(make_doc):
    # The parser hangs the march under "fired" (a complement across the semicolon).
    doc = make_doc("On 28 May 2021, protesters marched in Cali as part of the national strike; police "
                   "and armed civilians fired at them, killing 13.", date(2021, 5, 29))
    (event,) = assemble_events(doc)
    assert (event.type, event.fatalities) == ("PROTEST", 13)
    assert event.acled_sub_event_type == "Excessive force against protesters"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "plover", "acled"),
    [
        ("On 19 June 2021, ANA soldiers handed their base in Dawlat Abad over to the Taliban without a fight.",
         "RETREAT", "Non-violent transfer of territory"),
        ("On 26 July 2022, security forces forcibly disappeared a university student from his home in Turbat.",
         "ASSAULT", "Abduction/forced disappearance"),
        ("On 2 March 2017, Ansar Dine and Al Mourabitoun announced their merger into a new group.",
         "COOPERATE", "Change to group/activity"),
    ],
)
def test_handovers_disappearances_and_mergers_are_coded(make_doc, text, plover, acled):
    (event,) = assemble_events(make_doc(text, date(2022, 7, 27)))
    assert (event.type, event.acled_sub_event_type) == (plover, acled)
