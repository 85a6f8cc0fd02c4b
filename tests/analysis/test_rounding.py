"""Largest-remainder rounding: shares printed side by side add up to the printed total."""

from decimal import Decimal
from fractions import Fraction

import pytest

from analysis.rounding import (
    round_counts,
    round_distribution,
    round_half_away,
    round_to_total,
    to_fraction,
)


def test_float_is_read_as_its_shortest_repr():
    assert to_fraction(0.1) == Fraction(1, 10)
    assert to_fraction(0.3245) == Fraction(649, 2000)


def test_round_half_away_from_zero_unlike_builtin_round():
    assert round(2.5) == 2  # what we must not do
    assert round_half_away(2.5) == 3
    assert round_half_away(-2.5) == -3
    assert round_half_away(Fraction(9625, 100), 1) == Decimal("96.3")
    assert round_half_away(0.15, 1) == Decimal("0.2")  # float 0.15 is 0.1499999...


def test_split_where_naive_rounding_breaks_the_printed_total():
    # 73.4 % + 23.4 % = 96.8 %, printed 97 %; naive rounding prints 73 + 23 = 96.
    shares = [0.734, 0.234]
    naive = [round_half_away(s * 100) for s in shares]
    assert sum(naive) == 96
    parts = round_to_total(shares)
    assert parts == [Decimal("0.74"), Decimal("0.23")]
    assert sum(parts) == Decimal("0.97")


def test_split_from_the_brief_keeps_its_natural_rounding():
    assert round_to_total([0.7404, 0.2308]) == [Decimal("0.74"), Decimal("0.23")]


def test_split_where_naive_rounding_overshoots():
    # 74.5 % + 22.5 % = 97 %: half away from zero would print 75 + 23 = 98.
    parts = round_to_total([0.745, 0.225])
    assert sum(parts) == Decimal("0.97")
    assert parts == [Decimal("0.75"), Decimal("0.22")]  # equal remainders: the earlier wins


def test_split_at_one_decimal():
    parts = round_to_total([0.73449, 0.23449], decimals=1)
    assert sum(parts) == Decimal("0.969")
    assert parts == [Decimal("0.735"), Decimal("0.234")]


def test_largest_remainder_gets_the_missing_unit():
    # 10.2 + 20.3 + 30.8 + 38.7 = 100: floors sum to 98, the two largest remainders (.8, .7) win.
    parts = round_to_total([0.102, 0.203, 0.308, 0.387], total=1)
    assert parts == [Decimal("0.10"), Decimal("0.20"), Decimal("0.31"), Decimal("0.39")]


def test_explicit_total_that_cannot_be_reached_is_refused():
    with pytest.raises(ValueError, match="cannot be rounded"):
        round_to_total([Fraction(74, 100), Fraction(23, 100)], total=Fraction(98, 100))
    with pytest.raises(ValueError, match="not a multiple"):
        round_to_total([0.7404, 0.2308], total=Decimal("0.971"))


def test_counts_split_matches_the_rate_printed_from_satisfied_over_n():
    # 89 + 28 = 117 satisfied out of 120: 97.5 % printed «98 %» (half away from zero).
    parts = round_counts([89, 28], 120)
    assert sum(parts) == Decimal("0.98")
    assert parts == [Decimal("0.74"), Decimal("0.24")]  # remainders 0.17 and 0.33


def test_distribution_of_thirds_sums_to_exactly_100():
    parts = round_distribution([1, 1, 1])
    assert parts == [Decimal("0.34"), Decimal("0.33"), Decimal("0.33")]
    assert sum(parts) == 1


@pytest.mark.parametrize("decimals", [0, 1])
@pytest.mark.parametrize(
    "counts", [[1, 1, 1], [2, 3, 7, 11, 13], [1, 0, 0, 6], [999, 1], [5, 5, 5, 5, 5, 5, 5]]
)
def test_distribution_always_sums_to_100(counts, decimals):
    parts = round_distribution(counts, decimals)
    assert sum(parts) == 1
    for count, part in zip(counts, parts, strict=True):
        # each part is its exact share rounded down or up, never further off
        assert abs(part - Decimal(count) / Decimal(sum(counts))) < Decimal(10) ** -(decimals + 2)


def test_distribution_keeps_exact_zeros_at_zero():
    assert round_distribution([0, 3, 0]) == [Decimal("0"), Decimal("1"), Decimal("0")]


def test_empty_distribution_gives_zeros():
    assert round_distribution([0, 0]) == [0, 0]


def test_negative_shares_and_precisions_are_refused():
    with pytest.raises(ValueError):
        round_to_total([-0.1, 0.5])
    with pytest.raises(ValueError):
        round_to_total([0.5], decimals=-1)
    with pytest.raises(ValueError):
        round_counts([1], 0)
