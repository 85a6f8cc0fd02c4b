"""Numbers written as in the prefecture's annual report: «96,2 %», «1 000 000», «1 réponse».

Every number a reader sees goes through here, so the report reads right to the last comma.
"""

from __future__ import annotations

from decimal import Decimal

from .rounding import Number, round_half_away, to_fraction

NBSP = "\u00a0"
"""No-break space: between a number and its unit, «96,2 %»."""
NNBSP = "\u202f"
"""Narrow no-break space: the thousands separator, «1 000 000»."""
MINUS = "\u2212"
"""The typographic minus sign, used for negative numbers instead of the hyphen."""


def _group_thousands(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        digits, tail = digits[:-3], digits[-3:]
        groups.insert(0, tail)
    return NNBSP.join([digits, *groups])


def _written(value: Decimal) -> str:
    """A rounded Decimal in French: decimal comma, grouped thousands, no trailing zeros."""
    text = f"{abs(value):f}"
    whole, _, decimals = text.partition(".")
    decimals = decimals.rstrip("0")
    written = _group_thousands(whole) + ("," + decimals if decimals else "")
    return (MINUS + written) if value < 0 else written


def format_number(value: Number, decimals: int = 0) -> str:
    """`value` with at most `decimals` decimals, halves away from zero: 1234.56 -> «1 234,6».

    Thousands are grouped from 1 000 on with a narrow no-break space; ",0" is never written.
    """
    return _written(round_half_away(value, decimals))


def format_size(size: int) -> str:
    """A size in bytes as a reader says it: «512 Ko», «20 Mo», «1,5 Mo» (1 Ko = 1 024 octets)."""
    if size < 1024 * 1024:
        return format_number(size // 1024) + NBSP + "Ko"
    return format_number(size / (1024 * 1024), 1) + NBSP + "Mo"


def format_percent(share: Number, decimals: int = 1) -> str:
    """A share (0.9623) as a percentage with at most one decimal: «96,2 %», «97 %», «0,5 %»."""
    return format_number(to_fraction(share) * 100, decimals) + NBSP + "%"


def format_points(points: Number, decimals: int = 1) -> str:
    """A difference in percentage points, always signed unless 0: «+2,5 points», «−1 point»."""
    rounded = round_half_away(points, decimals)
    sign = "+" if rounded > 0 else ""
    unit = "point" if abs(rounded) < 2 else "points"
    return f"{sign}{_written(rounded)}{NBSP}{unit}"


def pluralize(count: int, singular: str, plural: str) -> str:
    """«1 réponse collectée», «2 réponses collectées»: in French 0 and 1 take the singular."""
    word = singular if abs(count) < 2 else plural
    return f"{format_number(count)} {word}"
