"""Wilson intervals and the two-proportion test, checked against published and textbook values."""

import math
from statistics import NormalDist

import pytest

from analysis.stats import (
    Z95,
    is_significant,
    margin_of_error,
    two_proportion_test,
    wilson_interval,
)


def test_z95_is_the_normal_975_quantile():
    assert Z95 == pytest.approx(NormalDist().inv_cdf(0.975), abs=1e-12)


# Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Statistics in Medicine 17:857-872: its worked examples, score method
# without continuity correction (Wilson), to four decimals.
@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe_published_values(successes, n, low, high):
    interval = wilson_interval(successes, n)
    assert interval == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))


def _wilson_textbook(successes, n, z=Z95):
    """The closed form (2np + z² ± z·sqrt(z² + 4np(1-p))) / (2(n + z²)), written independently."""
    p = successes / n
    root = z * math.sqrt(z * z + 4 * n * p * (1 - p))
    return (2 * n * p + z * z - root) / (2 * (n + z * z)), (2 * n * p + z * z + root) / (
        2 * (n + z * z)
    )


@pytest.mark.parametrize(("successes", "n"), [(95, 104), (7, 9), (1, 1), (500, 1000)])
def test_wilson_interval_agrees_with_the_textbook_closed_form(successes, n):
    low, high = wilson_interval(successes, n)
    expected_low, expected_high = _wilson_textbook(successes, n)
    assert low == pytest.approx(max(0.0, expected_low), abs=1e-12)
    assert high == pytest.approx(min(1.0, expected_high), abs=1e-12)


@pytest.mark.parametrize(("successes", "n"), [(16, 16), (40, 40), (0, 21), (0, 37), (29, 29)])
def test_wilson_interval_is_exactly_0_or_1_at_the_extremes(successes, n):
    # Unclipped, float rounding gives 1.0000000000000002 for 16/16 and -1.4e-17 for 0/21.
    low, high = wilson_interval(successes, n)
    assert 0.0 <= low < high <= 1.0
    assert (low == 0.0) if successes == 0 else (high == 1.0)


def test_wilson_interval_contains_the_rate_and_narrows_with_n():
    small = wilson_interval(9, 10)
    large = wilson_interval(900, 1000)
    assert small[0] < 0.9 < small[1]
    assert large[1] - large[0] < small[1] - small[0]


def test_wilson_interval_is_none_without_answers():
    assert wilson_interval(0, 0) is None


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError):
        wilson_interval(5, 4)
    with pytest.raises(ValueError):
        wilson_interval(-1, 4)
    with pytest.raises(ValueError):
        two_proportion_test(3, 2, 1, 2)


def test_two_proportion_test_on_a_hand_computed_pair():
    # 90/100 vs 80/100: pooled p = 0.85, se = sqrt(0.85 * 0.15 * 2/100) = 0.0504975,
    # z = 0.10 / 0.0504975 = 1.98030; R: prop.test(c(90, 80), c(100, 100), correct = FALSE)
    # gives X-squared = 3.9216 (= z²), p-value = 0.04767.
    test = two_proportion_test(90, 100, 80, 100)
    assert test.difference_points == 10.0
    assert test.z == pytest.approx(1.98030, abs=1e-5)
    assert test.z**2 == pytest.approx(3.9216, abs=1e-4)
    assert test.p_value == pytest.approx(0.04767, abs=1e-5)
    assert test.p_value == pytest.approx(2 * (1 - NormalDist().cdf(test.z)), abs=1e-12)
    assert test.is_significant


def test_two_proportion_test_not_significant_on_a_smaller_gap():
    test = two_proportion_test(85, 100, 80, 100)
    assert test.difference_points == 5.0
    assert test.p_value == pytest.approx(0.3521, abs=1e-4)
    assert not test.is_significant


def test_two_proportion_test_is_signed_current_minus_previous():
    test = two_proportion_test(80, 100, 90, 100)
    assert test.difference_points == -10.0
    assert test.z < 0
    assert test.p_value == pytest.approx(two_proportion_test(90, 100, 80, 100).p_value)


def test_identical_extreme_proportions_are_not_different():
    test = two_proportion_test(20, 20, 35, 35)
    assert (test.difference_points, test.z, test.p_value) == (0.0, 0.0, 1.0)
    assert not test.is_significant


def test_two_proportion_test_is_none_when_a_side_has_no_answer():
    assert two_proportion_test(0, 0, 5, 10) is None
    assert two_proportion_test(5, 10, 0, 0) is None


def test_is_significant_uses_a_strict_five_percent_threshold():
    assert is_significant(0.0499)
    assert not is_significant(0.05)
    assert is_significant(0.09, alpha=0.10)


def test_margin_of_error_worst_case():
    # The classic «±3.1 points at n = 1000» and «±5 points at n = 385» of opinion polls.
    assert margin_of_error(1000) == pytest.approx(0.0310, abs=1e-4)
    assert margin_of_error(385) == pytest.approx(0.0499, abs=1e-4)
    assert margin_of_error(100, p=0.9) < margin_of_error(100)
    assert margin_of_error(0) is None
    with pytest.raises(ValueError):
        margin_of_error(-1)
