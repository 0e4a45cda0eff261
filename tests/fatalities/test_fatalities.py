"""fatalities_for: deaths attached to a trigger, never injuries, ages or years."""

from __future__ import annotations

import pytest

from tidings.extract.fatalities import fatalities_for

pytestmark = pytest.mark.slow


def count(parser, text: str, word: str) -> int | None:
    doc = parser(text)
    token = next(t for t in doc if t.text == word)
    return fatalities_for(doc, token)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Gunmen killed 12 people in the market.", "killed", 12),
        ("12 people were killed when a bomb exploded.", "killed", 12),
        ("Rebels attacked the village, killing at least five civilians.", "attacked", 5),
        ("The death toll from the attack rose to 30.", "attack", 30),
        ("Dozens dead after clashes in the capital.", "clashes", 12),
        ("Between 10 and 15 people were killed in the clashes.", "killed", 10),
        ("The bombing killed 4 and wounded 22.", "bombing", 4),
        ("Twelve former loyalists were found dead.", "found", 12),
        ("A 25-year-old man was killed in 2011.", "killed", 1),
        ("The airstrike killed five soldiers and three civilians.", "airstrike", 8),
        ("An airstrike on the market left 40 dead.", "airstrike", 40),
        ("The massacre of a few hundred people shocked the world.", "massacre", 200),
    ],
)
def test_deaths_are_counted(parser, text, trigger, expected):
    assert count(parser, text, trigger) == expected


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("22 people were wounded in the attack.", "attack"),  # injuries are not deaths
        ("Militants stormed the town in 2014.", "stormed"),  # a year is not a count
        ("Police said that 7 protesters were shot dead.", "said"),  # the report is not the killing
        ("Protesters marched on the 25th anniversary.", "marched"),
    ],
)
def test_no_deaths_stated(parser, text, trigger):
    assert count(parser, text, trigger) is None


@pytest.fixture(scope="module")
def seed_doc(parser, seed_text):
    return parser(seed_text)


def seed_count(doc, phrase: str, word: str) -> int | None:
    offset = doc.text.index(phrase)
    return fatalities_for(doc, next(t for t in doc if t.idx >= offset and t.text == word))


@pytest.mark.parametrize(
    ("phrase", "word", "expected"),
    [
        ("stating that 12 people", "beheaded", 12),
        ("stating that 12 people", "executed", 22),  # the wounded clause inside is not counted
        ("killing of a U.S. ambassador", "killing", 1),
        ("massacre of a few hundred", "massacre", 200),
        ("12 former Gaddafi loyalists", "found", 12),
    ],
)
def test_seed_article_fatalities(seed_doc, phrase, word, expected):
    assert seed_count(seed_doc, phrase, word) == expected
