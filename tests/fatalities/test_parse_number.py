"""parse_number: digits, words, vague quantities (ACLED convention) and ranges."""

from __future__ import annotations

import pytest

from tidings.extract.fatalities import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("1,200", 1200),
        ("1.5 million", 1_500_000),
        ("twenty-two", 22),
        ("one hundred and five", 105),
        ("three thousand four hundred", 3400),
        ("a dozen", 12),
        ("two dozen", 24),
        ("dozens", 12),  # ACLED: dozens -> 12
        ("tens of thousands", 10_000),
        ("hundreds", 100),  # ACLED: hundreds -> 100
        ("a few hundred", 200),
        ("several", 10),  # ACLED: several -> 10
        ("between 10 and 15", 10),  # ranges: low end
        ("10-15", 10),
        ("five or six", 5),
        ("at least five", 5),
        ("more than 300 people", 300),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "nobody knows", "the militants", "first"])
def test_no_number_gives_none(text):
    assert parse_number(text) is None
