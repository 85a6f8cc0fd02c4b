"""min / median / max of a few timings: every benchmark's figure, never a best-of-N."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def spread(values: Sequence[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)


def shown(values: Sequence[float], digits: int = 2) -> str:
    """`0.52 / 0.56 / 0.61` (min / median / max)."""
    return " / ".join(f"{v:.{digits}f}" for v in spread(values))
