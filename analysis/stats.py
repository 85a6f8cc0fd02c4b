"""Confidence intervals and significance for proportions, standard library only.

Wilson's interval stays inside [0, 1] and behaves at small n and at rates near 100 %,
which is where satisfaction rates live; the normal approximation does not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054
"""The two-sided 95 % quantile of the standard normal distribution."""
ALPHA = 0.05
"""Significance level of the comparisons: 5 %."""


def _check_counts(successes: int, n: int) -> None:
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"expected 0 <= successes <= n, got {successes} out of {n}")


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval (95 % by default) of successes / n, clipped to [0, 1].

    None when n == 0: with no answer there is no rate and so no interval to show.
    """
    _check_counts(successes, n)
    if n == 0:
        return None
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half_width), min(1.0, centre + half_width)


def margin_of_error(n: int, p: float = 0.5, z: float = Z95) -> float | None:
    """Half-width of the normal 95 % interval of a proportion at n; worst case p = 0.5.

    For planning ("how many answers for ±5 points?"), not for reporting a measured rate.
    None when n == 0, like wilson_interval.
    """
    if n < 0 or not 0 <= p <= 1:
        raise ValueError(f"expected n >= 0 and 0 <= p <= 1, got n={n}, p={p}")
    if n == 0:
        return None
    return z * math.sqrt(p * (1 - p) / n)


@dataclass(frozen=True)
class TwoProportionTest:
    """Result of comparing successes1 / n1 with successes2 / n2."""

    difference_points: float
    """(p1 - p2) * 100: positive when the first proportion is higher."""
    z: float
    p_value: float
    """Two-sided p-value under the normal approximation."""

    @property
    def is_significant(self) -> bool:
        return is_significant(self.p_value)

    def to_dict(self) -> dict[str, float | bool]:
        return {
            "difference_points": self.difference_points,
            "z": self.z,
            "p_value": self.p_value,
            "is_significant": self.is_significant,
        }


def two_proportion_test(
    successes1: int, n1: int, successes2: int, n2: int
) -> TwoProportionTest | None:
    """Pooled two-proportion z-test of p1 = p2 (same as a chi-squared test without correction).

    None when either n is 0 (nothing to compare). When both proportions are 0 % or both are
    100 %, the pooled variance is 0 and the proportions are identical: z = 0, p-value = 1.
    """
    _check_counts(successes1, n1)
    _check_counts(successes2, n2)
    if n1 == 0 or n2 == 0:
        return None
    p1, p2 = successes1 / n1, successes2 / n2
    pooled = (successes1 + successes2) / (n1 + n2)
    standard_error = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if standard_error == 0:
        return TwoProportionTest(difference_points=0.0, z=0.0, p_value=1.0)
    z = (p1 - p2) / standard_error
    return TwoProportionTest(
        # From the integers, so 90/100 - 80/100 is exactly 10 points, not 9.999999999999998.
        difference_points=100 * (successes1 * n2 - successes2 * n1) / (n1 * n2),
        z=z,
        p_value=math.erfc(abs(z) / math.sqrt(2)),
    )


def is_significant(p_value: float, alpha: float = ALPHA) -> bool:
    """True when the p-value is below `alpha` (5 % by default)."""
    return p_value < alpha
