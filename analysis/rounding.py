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


def _percent_unit(decimals: int) -> Fraction:
    """The smallest printed step of a share: 1 % at 0 decimals, 0.1 % at 1 decimal."""
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    return Fraction(1, 10 ** (decimals + 2))


def round_to_total(
    shares: Sequence[Number], total: Number | None = None, decimals: int = 0
) -> list[Decimal]:
    """Round shares to whole percents (or `decimals` places of percent) so they add up to `total`.

    Largest-remainder method: every share is first rounded down, then the shares with the
    largest remainders (ties: the earlier one) get one more unit until the sum is `total`.
    `total` defaults to the sum of the shares rounded half away from zero, i.e. the total as
    printed next to them: 73.4 % + 23.4 % gives 74 % + 23 % = 97 %, never 73 + 23 = 96.
    Raises ValueError if no way of rounding each share up or down reaches `total`.
    """
    unit = _percent_unit(decimals)
    exact = [to_fraction(s) for s in shares]
    if any(s < 0 for s in exact):
        raise ValueError(f"shares must be >= 0, got {list(shares)!r}")
    if total is None:
        target = to_fraction(round_half_away(sum(exact, Fraction(0)), decimals + 2))
    else:
        target = to_fraction(total)
    target_units = target / unit
    if target_units.denominator != 1:
        raise ValueError(f"total {total!r} is not a multiple of {float(unit)!r}")
    floors = [math.floor(s / unit) for s in exact]
    remainders = [s / unit - f for s, f in zip(exact, floors, strict=True)]
    missing = int(target_units) - sum(floors)
    candidates = [i for i, r in enumerate(remainders) if r > 0]
    if not 0 <= missing <= len(candidates):
        raise ValueError(f"shares {list(shares)!r} cannot be rounded to a total of {total!r}")
    # sorted() is stable, so equal remainders keep their order: the earlier share wins.
    for i in sorted(candidates, key=lambda i: remainders[i], reverse=True)[:missing]:
        floors[i] += 1
    return [Decimal(f).scaleb(-(decimals + 2)) for f in floors]


def round_distribution(counts: Sequence[int], decimals: int = 0) -> list[Decimal]:
    """Shares of a full distribution rounded so that they add up to exactly 100 %.

    For the requests register's table by channel, printed as the bilan prints it (57 % +
    36 % + 7 % = 100 %); the survey's figures use shown_share, each rounded on its own.
    All-zero counts have nothing to share out: every share is 0 (and the sum 0, not 100 %).
    """
    n = sum(counts)
    if n == 0:
        return [Decimal(0).scaleb(-(decimals + 2)) for _ in counts]
    return round_to_total([Fraction(c, n) for c in counts], total=1, decimals=decimals)
