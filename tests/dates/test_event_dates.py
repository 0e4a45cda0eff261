"""date_for: which time expression dates an event, and the fallbacks when none does."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.extract.dates import date_for

pytestmark = pytest.mark.slow


def trigger(doc, word: str, nth: int = 0):
    matches = [t for t in doc if t.text == word]
    assert len(matches) > nth, f"{word!r} not in {doc.text!r}"
    return matches[nth]


def test_event_takes_its_own_past_date(parse):
    doc = parse("Since the leader was killed in the port city in 2011, there has been debate.")
    info = date_for(doc, trigger(doc, "killed"))
    assert (info.start, info.end, info.precision, info.basis) == ("2011-01-01", "2011-12-31", "year", "explicit")


def test_each_predicate_keeps_its_own_date(parse):
    doc = parse("Rebels attacked the town on Monday and the army retook it last week.")
    assert date_for(doc, trigger(doc, "attacked")).start == "2016-06-06"
    assert date_for(doc, trigger(doc, "retook")).precision == "week"


def test_reported_act_takes_report_date(parse):
    doc = parse("The agency reported on May 31 that fighters pushed the militants out of the town.")
    info = date_for(doc, trigger(doc, "pushed"))
    assert (info.start, info.basis, info.text) == ("2016-05-31", "relative", "May 31")


def test_no_time_expression_gives_reporting_date(parse):
    doc = parse("Militants attacked a checkpoint near the city.")
    info = date_for(doc, trigger(doc, "attacked"))
    assert (info.start, info.precision, info.basis, info.text) == ("2016-06-10", "day", "reporting_date", None)


def test_without_publication_date_falls_back_to_latest_explicit(parse):
    doc = parse("The town fell in 2014. Rebels retook it on March 3, 2015. Militants attacked a checkpoint.", None)
    info = date_for(doc, trigger(doc, "attacked"))
    assert (info.start, info.precision, info.basis) == ("2015-03-03", "day", "latest_explicit")


def test_without_any_date_basis_is_unknown(parse):
    doc = parse("Militants attacked a checkpoint near the city.", None)
    info = date_for(doc, trigger(doc, "attacked"))
    assert (info.start, info.basis) == (None, "unknown")


def test_background_history_is_not_news_of_the_day(parse):
    doc = parse("The city was destroyed in 2011.\nAfter the dictator was killed, militias fought for it.")
    info = date_for(doc, trigger(doc, "killed"))
    assert info.basis == "unknown" and info.start is None


def test_future_weekday_points_forward(parse):
    doc = parse("The ministers will meet on Tuesday in Tunis.")
    assert date_for(doc, trigger(doc, "meet")).start == "2016-06-14"


# ------------------------------------------------------------------ the seed article


@pytest.fixture(scope="module")
def seed_doc(parse, seed_text):
    return parse(seed_text, date(2016, 6, 10))


def seed_trigger(doc, phrase: str, word: str):
    """The token ``word`` after ``phrase`` in the seed text."""
    offset = doc.text.index(phrase)
    return next(t for t in doc if t.idx >= offset and t.text == word)


@pytest.mark.parametrize(
    ("phrase", "word", "start", "end", "precision"),
    [
        ("Since Gaddafi was killed", "killed", "2011-01-01", "2011-12-31", "year"),
        ("In August of last year, the Inquisitr", "executed", "2015-08-01", "2015-08-31", "month"),
        ("Ansar are the ones", "killing", "2012-01-01", "2012-12-31", "year"),
        ("The AhlulBayt News Agency", "pushed", "2016-05-31", "2016-05-31", "day"),
        ("At the same time U.S. led", "advance", "2016-05-30", "2016-06-05", "week"),
        ("In this Saturday", "ravaged", "2011-10-22", "2011-10-22", "day"),
        ("A leading international rights group", "released", "2016-06-08", "2016-06-08", "day"),
    ],
)
def test_seed_article_dates(seed_doc, phrase, word, start, end, precision):
    info = date_for(seed_doc, seed_trigger(seed_doc, phrase, word))
    assert (info.start, info.end, info.precision) == (start, end, precision)
