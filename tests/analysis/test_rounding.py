"""One rounding of a share: one decimal of percent, halves away from zero, each on its own."""

from decimal import Decimal
from fractions import Fraction

from analysis.rounding import round_half_away, shown_points, shown_share, shown_shares, to_fraction


def test_float_is_read_as_its_shortest_repr():
    assert to_fraction(0.1) == Fraction(1, 10)
    assert to_fraction(0.3245) == Fraction(649, 2000)


def test_round_half_away_from_zero_unlike_builtin_round():
    assert round(2.5) == 2  # what we must not do
    assert round_half_away(2.5) == 3
    assert round_half_away(-2.5) == -3
    assert round_half_away(Fraction(9625, 100), 1) == Decimal("96.3")
    assert round_half_away(0.15, 1) == Decimal("0.2")  # float 0.15 is 0.1499999...


def test_a_share_is_shown_at_one_decimal_of_percent_halves_away_from_zero():
    assert shown_share(Fraction(101, 104)) == Decimal("0.971")  # 97,115… %
    assert shown_share(0.9625) == Decimal("0.963")  # a true half, read from the float's repr
    assert shown_share(Fraction(5, 13)) == Decimal("0.385")  # 38,46… %: «38,5 %», never 38,4
    assert shown_share(1) == Decimal("1.000")


def test_each_share_is_rounded_on_its_own_so_it_reads_the_same_everywhere():
    # 77 très satisfaits and 24 satisfaits of 104: 74,04 % and 23,08 %, whatever else is shown
    shares = shown_shares([77, 24, 2, 1])
    assert shares == [Decimal("0.740"), Decimal("0.231"), Decimal("0.019"), Decimal("0.010")]
    assert shares[0] == shown_share(Fraction(77, 104))


def test_shares_rounded_on_their_own_may_not_add_up_to_exactly_100():
    # thirds: 33,3 % three times, 99,9 % (the note of public statistics), not 33,4 + 33,3 + 33,3
    assert shown_shares([1, 1, 1]) == [Decimal("0.333")] * 3


def test_nothing_counted_has_no_share():
    assert shown_shares([0, 0]) == [None, None]


def test_points_are_the_difference_of_the_shown_rates():
    # 70,05 % (shown 70,1 %) against 60,04 % (shown 60 %): +10,1 points as a reader computes,
    # not the exact difference's 10 points
    assert shown_points(Fraction(7005, 10000), Fraction(6004, 10000)) == Decimal("10.1")
    assert shown_points(Fraction(101, 104), 0.8) == Decimal("17.1")
