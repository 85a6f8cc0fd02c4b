"""Per-item results: rating items (rate, interval, distribution) and choice items (shares).

Every rate a person sees starts here, computed from the item's options and the tally.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from questionnaires.model import Item

from .rounding import shown_share, shown_shares
from .stats import wilson_interval
from .tally import GroupedTally, Tally

SMALL_SAMPLE_BELOW = 30
"""Below this many expressed answers a rate is flagged as a small sample."""


def _share(count: int, n: int) -> float | None:
    return count / n if n else None


@dataclass(frozen=True)
class RatingResult:
    """A rating item: expressed answers, distribution, satisfaction rate and its interval."""

    item_key: str
    distribution: Mapping[str, int]
    """Expressed answers per scale value, in scale order, zeros included; sums to n."""
    satisfied_values: tuple[str, ...]
    """The scale values that count as satisfied (Très satisfait, Satisfait)."""
    no_opinion: int = 0
    """«Sans avis / Non concerné» answers: recorded, but never part of n."""
    small_sample_below: int = SMALL_SAMPLE_BELOW

    @property
    def n(self) -> int:
        """Number of expressed answers: the rate's denominator."""
        return sum(self.distribution.values())

    @property
    def satisfied(self) -> int:
        return sum(self.distribution.get(v, 0) for v in self.satisfied_values)

    @property
    def satisfaction_rate(self) -> float | None:
        """satisfied / n, None when nobody expressed an opinion."""
        return _share(self.satisfied, self.n)

    @property
    def interval(self) -> tuple[float, float] | None:
        """95 % Wilson interval of the satisfaction rate, None when n == 0."""
        return wilson_interval(self.satisfied, self.n)

    @property
    def is_small_sample(self) -> bool:
        return self.n < self.small_sample_below

    @property
    def shown_rate(self) -> Decimal | None:
        """The rate as every format shows it (rounding.shown_share), None when n == 0."""
        rate = self.satisfaction_rate
        return None if rate is None else shown_share(rate)

    def shown_distribution(self) -> dict[str, Decimal | None]:
        """Share of each expressed value as shown (rounding.shown_share), in scale order."""
        shares = shown_shares(list(self.distribution.values()))
        return dict(zip(self.distribution, shares, strict=True))

    def satisfied_split(self) -> dict[str, Decimal]:
        """The shown share of each satisfied value: «97,1 % (74 % très satisfaits et 23,1 %
        satisfaits)», the same figures as the distribution table; empty when n == 0."""
        if self.n == 0:
            return {}
        shown = self.shown_distribution()
        return {value: shown[value] for value in self.satisfied_values}

    def to_dict(self) -> dict:
        return {
            "item": self.item_key,
            "n": self.n,
            "distribution": dict(self.distribution),
            "no_opinion": self.no_opinion,
            "satisfied": self.satisfied,
            "satisfaction_rate": self.satisfaction_rate,
            "interval": list(self.interval) if self.interval else None,
            "is_small_sample": self.is_small_sample,
        }


@dataclass(frozen=True)
class ChoiceResult:
    """A choice or yes/no item: how many answered and the share of each option."""

    item_key: str
    counts: Mapping[str, int]
    """Answers per option value, in questionnaire order, zeros included."""

    @property
    def n(self) -> int:
        """Number of respondents who answered this item."""
        return sum(self.counts.values())

    @property
    def shares(self) -> dict[str, float | None]:
        """count / n per option, in questionnaire order; None when nobody answered."""
        return {value: _share(count, self.n) for value, count in self.counts.items()}

    def largest_first(self) -> list[tuple[str, int]]:
        """(value, count) pairs, most chosen first; ties keep questionnaire order."""
        return sorted(self.counts.items(), key=lambda pair: pair[1], reverse=True)

    def percentages(self) -> dict[str, Decimal | None]:
        """Shares as shown (rounding.shown_share), in questionnaire order; None if n == 0."""
        return dict(zip(self.counts, shown_shares(list(self.counts.values())), strict=True))

    def to_dict(self) -> dict:
        return {
            "item": self.item_key,
            "n": self.n,
            "counts": dict(self.counts),
            "shares": self.shares,
        }


def rating_result(
    item: Item, tally: Tally, small_sample_below: int = SMALL_SAMPLE_BELOW
) -> RatingResult:
    """The result of one rating item; no-opinion options are counted apart from n."""
    expressed = [o for o in item.options if not o.is_no_opinion]
    return RatingResult(
        item_key=item.key,
        distribution={o.value: tally.count(item.key, o.value) for o in expressed},
        satisfied_values=tuple(o.value for o in expressed if o.is_satisfied),
        no_opinion=sum(tally.count(item.key, o.value) for o in item.options if o.is_no_opinion),
        small_sample_below=small_sample_below,
    )


def choice_result(item: Item, tally: Tally) -> ChoiceResult:
    """The result of one choice or yes/no item."""
    return ChoiceResult(item.key, {o.value: tally.count(item.key, o.value) for o in item.options})


def ratings_by_group(
    item: Item, grouped: GroupedTally, small_sample_below: int = SMALL_SAMPLE_BELOW
) -> dict[tuple, RatingResult]:
    """One rating item's result per group, e.g. per (weekday, hour) for the heatmap."""
    return {g: rating_result(item, grouped.tally(g), small_sample_below) for g in grouped.groups}
