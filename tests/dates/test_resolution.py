"""Finding and resolving time expressions against the publication date (no parser needed)."""

from __future__ import annotations

from datetime import date

import pytest

FRIDAY = date(2016, 6, 10)  # the seed article's publication date, a Friday


def only(timexes):
    assert len(timexes) == 1, [t.text for t in timexes]
    return timexes[0]


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "relative"),
    [
        ("He was killed in 2011.", date(2011, 1, 1), date(2011, 12, 31), "year", False),
        ("In August of last year, two incidents took place.", date(2015, 8, 1), date(2015, 8, 31), "month", True),
        ("Troops began to advance last week.", date(2016, 5, 30), date(2016, 6, 5), "week", True),
        ("A photo taken this Saturday, Oct. 22, 2011 shows it.", date(2011, 10, 22), date(2011, 10, 22), "day", False),
        ("Reuters reported on May 31 that fighters advanced.", date(2016, 5, 31), date(2016, 5, 31), "day", True),
        ("The group on Wednesday released a report.", date(2016, 6, 8), date(2016, 6, 8), "day", True),
        ("In April, the government stepped down.", date(2016, 4, 1), date(2016, 4, 30), "month", True),
        ("In July, the government stepped down.", date(2015, 7, 1), date(2015, 7, 31), "month", True),
        ("The fighting began a month ago.", date(2016, 5, 1), date(2016, 5, 31), "month", True),
        ("They met three days ago.", date(2016, 6, 7), date(2016, 6, 7), "day", True),
        ("Talks ended yesterday.", date(2016, 6, 9), date(2016, 6, 9), "day", True),
        ("Clashes erupted earlier this year.", date(2016, 1, 1), FRIDAY, "range", True),
        ("The siege lasted between March and May.", date(2016, 3, 1), date(2016, 5, 31), "range", True),
        ("The group has held the town since 2014.", date(2014, 1, 1), FRIDAY, "range", True),
        ("It was signed on 12 March 2015 in Tunis.", date(2015, 3, 12), date(2015, 3, 12), "day", False),
        ("Elections were held in November 2014.", date(2014, 11, 1), date(2014, 11, 30), "month", False),
        ("Prices rose last month.", date(2016, 5, 1), date(2016, 5, 31), "month", True),
        ("Protests were held in the summer of 2013.", date(2013, 6, 1), date(2013, 8, 31), "range", False),
        ("Raids took place days ago.", date(2016, 6, 3), date(2016, 6, 8), "range", True),
    ],
)
def test_expression_resolves_to_period(timexes_of, text, start, end, precision, relative):
    timex = only(timexes_of(text))
    assert (timex.date_start, timex.date_end, timex.precision, timex.relative) == (
        start, end, precision, relative
    )
    assert text[timex.start:timex.end] == timex.text


def test_weekday_on_publication_day_is_that_day(timexes_of):
    assert only(timexes_of("The attack happened on Friday.")).date_start == FRIDAY


def test_last_weekday_is_strictly_before_publication(timexes_of):
    assert only(timexes_of("The attack happened last Friday.")).date_start == date(2016, 6, 3)


def test_relative_expressions_skipped_without_publication_date(timexes_of):
    found = timexes_of("Last week rebels attacked. He was killed on Oct. 22, 2011.", None)
    assert [(t.text, t.date_start) for t in found] == [("Oct. 22, 2011", date(2011, 10, 22))]


@pytest.mark.parametrize(
    "text",
    [
        "Officials may decide to march on the capital.",  # modal "may", verb "march"
        "Theresa May said the talks would resume.",  # a surname, not the month
        "They seized 2000 rifles.",  # a count, not a year
        "The fighting lasted for hours.",
    ],
)
def test_non_dates_are_not_timexes(timexes_of, text):
    assert timexes_of(text) == []


def test_token_span_matches_char_span(timexes_of, blank_nlp):
    doc = blank_nlp.make_doc("Fighting resumed on May 31 near Sirte.")
    doc._.published = FRIDAY
    timex = only(blank_nlp(doc)._.timexes)
    assert doc[timex.start_token:timex.end_token].text == "May 31"
