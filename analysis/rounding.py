"""Exact rounding of shares: one rule, so a figure reads the same in every format.

Shares are proportions (0.9623, not 96.23); a shown share is a Decimal, an exact multiple
of the printed unit: Decimal("0.971") prints as «97,1 %» and is stored so in a spreadsheet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from numbers import Rational

Number = int | float | Decimal | Fraction


def to_fraction(value: Number) -> Fraction:
    """The exact value of a number; a float is read as its shortest repr (0.1 means 1/10).

    Reading floats by their repr rather than their binary value keeps a share computed as
    77 / 80 = 0.9625 a true half at one decimal of percent, so it rounds up as printed.
    """
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(value, Rational | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError(f"expected a finite number, got {value!r}")
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {value!r}")
        return Fraction(repr(value))
    raise TypeError(f"expected a number, got {value!r}")


def round_half_away(value: Number, decimals: int = 0) -> Decimal:
    """`value` rounded to `decimals` places, halves away from zero (2.5 -> 3, -2.5 -> -3).

    This is the rounding a reader checks by hand; Python's round() rounds halves to even.
    """
    exact = to_fraction(value) * 10**decimals
    magnitude = math.floor(abs(exact) + Fraction(1, 2))
    return Decimal(magnitude if exact >= 0 else -magnitude).scaleb(-decimals)


PERCENT_DECIMALS = 1
"""Every percentage a person reads has at most one decimal: «95,5 %», «97 %», «92,8 %»."""


def shown_share(share: Number) -> Decimal:
    """A share as the report shows it: rounded on its own to one decimal of percent, halves
    away from zero (0.97115 -> Decimal("0.971"), «97,1 %»). The one rounding of a share:
    sentences, tables, charts and spreadsheet cells all print this value (docs/report.md).
    """
    return round_half_away(share, PERCENT_DECIMALS + 2)


def shown_shares(counts: Sequence[int]) -> list[Decimal | None]:
    """counts[i] / sum(counts), each rounded by shown_share; None when nothing was counted.

    Each share is rounded on its own, so the same share reads the same wherever it appears;
    printed side by side they may add up to 99,9 % or 100,1 % (as in public statistics).
    """
    n = sum(counts)
    return [shown_share(Fraction(c, n)) if n else None for c in counts]


def shown_points(current: Number, previous: Number) -> Decimal:
    """The change between two shown rates in percentage points: what a reader computes from
    the two printed rates (97,1 % against 80 %: +17,1 points)."""
    return (shown_share(current) - shown_share(previous)) * 100
