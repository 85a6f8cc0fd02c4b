"""Paired, interleaved measurements summarised honestly: min, median and max, never best-of-N.

Every benchmark measures its two sides in pairs (project and baseline one after the other,
the order alternating from pair to pair), so a change in the machine's load weighs on both
sides of a pair alike. The ratio is taken within each pair, then summarised; the median of
the ratios, not the ratio of two best runs, is the benchmark's figure.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    """min, median and max of a few measurements."""

    low: float
    median: float
    high: float

    def show(self, digits: int = 2) -> str:
        """`0.52 / 0.56 / 0.61`: min / median / max."""
        return " / ".join(f"{v:.{digits}f}" for v in (self.low, self.median, self.high))

    def as_dict(self) -> dict[str, float]:
        return {"min": self.low, "median": self.median, "max": self.high}


def spread(values: Sequence[float]) -> Spread:
    if not values:
        raise ValueError("no measurement to summarise")
    return Spread(min(values), statistics.median(values), max(values))


@dataclass(frozen=True)
class Paired:
    """Both sides of `pairs` paired runs and the ratio project / baseline within each pair."""

    project: Spread
    baseline: Spread
    ratio: Spread
    pairs: int

    def as_dict(self) -> dict:
        return {
            "pairs": self.pairs,
            "project": self.project.as_dict(),
            "baseline": self.baseline.as_dict(),
            "ratio": self.ratio.as_dict(),
        }


def paired(project: Sequence[float], baseline: Sequence[float]) -> Paired:
    """Summarise paired measurements (pair i = project[i], baseline[i]); the ratio is
    project / baseline per pair: a time ratio for times, a throughput ratio for rates."""
    if len(project) != len(baseline):
        raise ValueError(f"{len(project)} project runs for {len(baseline)} baseline runs")
    if any(b == 0 for b in baseline):
        raise ValueError("a baseline measurement is zero: no ratio")
    ratios = [p / b for p, b in zip(project, baseline, strict=True)]
    return Paired(spread(project), spread(baseline), spread(ratios), len(ratios))


def interleaved(pair: int, sides: Sequence[str]) -> list[str]:
    """The order of the sides in pair number `pair`: rotated by one each pair, so that no
    side always runs first (after the other's caches, or on a machine calming down)."""
    shift = pair % len(sides)
    return [*sides[shift:], *sides[:shift]]
