"""French numbers exactly as printed in the annual report."""

from decimal import Decimal
from fractions import Fraction

import pytest

from analysis.french import format_number, format_percent, format_points, pluralize

NBSP = "\u00a0"
NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (0.9623, "96,2"),
        (0.97, "97"),  # ",0" is dropped
        (0.019, "1,9"),
        (0, "0"),
        (1, "100"),
        (0.005, "0,5"),
        (0.9704, "97"),  # rounds to 97,0 and is written without ",0"
        (Fraction(98, 100), "98"),
    ],
)
def test_percent_has_at_most_one_decimal_a_comma_and_a_no_break_space(share, expected):
    assert format_percent(share) == expected + NBSP + "%"


def test_percent_sign_is_preceded_by_a_no_break_space_not_a_plain_space():
    written = format_percent(0.5)
    assert written == "50\u00a0%"
    assert " " not in written


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (0.9625, "96,3"),  # round() would give 96,2 (half to even, and binary floats)
        (0.0005, "0,1"),
        (0.00049, "0"),
        (Fraction(77, 80), "96,3"),  # exactly 96.25 %
        (Fraction(649, 2000), "32,5"),  # exactly 32.45 %, whose binary float is below the half
        (0.3245, "32,5"),
        (Decimal("0.1235"), "12,4"),
    ],
)
def test_percent_rounds_halves_away_from_zero_on_the_displayed_decimal(share, expected):
    assert format_percent(share) == expected + NBSP + "%"


def test_percent_can_be_written_in_whole_percents():
    assert format_percent(0.745, decimals=0) == "75" + NBSP + "%"
    assert format_percent(Decimal("0.74"), decimals=0) == "74" + NBSP + "%"


def test_percent_of_a_rounded_share_prints_it_unchanged():
    assert format_percent(Decimal("0.231"), decimals=1) == "23,1" + NBSP + "%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (999, "999"),
        (1000, f"1{NNBSP}000"),
        (104, "104"),
        (1_000_000, f"1{NNBSP}000{NNBSP}000"),
        (1_234_567, f"1{NNBSP}234{NNBSP}567"),
    ],
)
def test_integers_are_grouped_by_thousands_with_a_narrow_no_break_space(value, expected):
    assert format_number(value) == expected


def test_decimal_numbers_use_a_comma_and_group_the_whole_part():
    assert format_number(1234.56, decimals=1) == f"1{NNBSP}234,6"
    assert format_number(2.5) == "3"
    assert format_number(-2.5) == "\u22123"


def test_percent_above_a_thousand_groups_thousands():
    assert format_percent(12.5) == f"1{NNBSP}250{NBSP}%"


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (2.5, "+2,5" + NBSP + "points"),
        (-1, "\u22121" + NBSP + "point"),
        (-1.96, "\u22122" + NBSP + "points"),
        (0.04, "0" + NBSP + "point"),  # rounds to 0: no sign, never «−0»
        (-0.04, "0" + NBSP + "point"),
        (1.5, "+1,5" + NBSP + "point"),  # French: below 2 is singular
        (10.0, "+10" + NBSP + "points"),
    ],
)
def test_points_are_signed_and_take_a_french_plural(points, expected):
    assert format_points(points) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 réponse collectée"),
        (1, "1 réponse collectée"),
        (2, "2 réponses collectées"),
        (104, "104 réponses collectées"),
        (1000, f"1{NNBSP}000 réponses collectées"),
    ],
)
def test_pluralize_uses_singular_for_zero_and_one(count, expected):
    assert pluralize(count, "réponse collectée", "réponses collectées") == expected


def test_non_numbers_and_infinities_are_refused():
    with pytest.raises(ValueError):
        format_percent(float("nan"))
    with pytest.raises(TypeError):
        format_percent("0.5")
    with pytest.raises(TypeError):
        format_percent(True)
