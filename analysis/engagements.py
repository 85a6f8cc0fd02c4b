"""Results per Services Publics + engagement: the items carrying one engagement number, pooled.

The pooled rate is answer-weighted: all satisfied answers over all expressed answers to the
engagement's rating items, so an item answered by few weighs little (and n = 0 items none).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from questionnaires.model import Questionnaire

if TYPE_CHECKING:
    from .results import RatingResult


@dataclass(frozen=True)
class EngagementResult:
    """One engagement: its rating items pooled into one rate, and its other items listed.

    No interval is given: the pooled answers come partly from the same respondents, so they
    are not independent and a Wilson interval on the pooled n would look too precise.
    The per-item results (with intervals) stay available under `item_keys`.
    """

    engagement: int
    item_keys: tuple[str, ...]
    """The rating items pooled into the rate, in questionnaire order."""
    other_item_keys: tuple[str, ...]
    """Items of other types carrying this engagement (e.g. the waiting time), for the report."""
    satisfied: int
    n: int
    small_sample_below: int
    label: str | None = None
    """The engagement's wording as the questionnaire declares it (`engagements:`)."""

    @property
    def satisfaction_rate(self) -> float | None:
        """Pooled satisfied / pooled n, None when no item of the engagement has an answer."""
        return self.satisfied / self.n if self.n else None

    @property
    def is_small_sample(self) -> bool:
        return self.n < self.small_sample_below

    def to_dict(self) -> dict:
        return {
            "engagement": self.engagement,
            "label": self.label,
            "items": list(self.item_keys),
            "other_items": list(self.other_item_keys),
            "satisfied": self.satisfied,
            "n": self.n,
            "satisfaction_rate": self.satisfaction_rate,
            "is_small_sample": self.is_small_sample,
        }


def engagement_results(
    questionnaire: Questionnaire, ratings: tuple[RatingResult, ...], small_sample_below: int
) -> tuple[EngagementResult, ...]:
    """One EngagementResult per engagement number used in the questionnaire, in number order."""
    by_key = {r.item_key: r for r in ratings}
    numbers = sorted({i.engagement for i in questionnaire.items if i.engagement is not None})
    results = []
    for number in numbers:
        items = [i for i in questionnaire.items if i.engagement == number]
        pooled = [by_key[i.key] for i in items if i.key in by_key]
        results.append(
            EngagementResult(
                engagement=number,
                item_keys=tuple(r.item_key for r in pooled),
                other_item_keys=tuple(i.key for i in items if i.key not in by_key),
                satisfied=sum(r.satisfied for r in pooled),
                n=sum(r.n for r in pooled),
                small_sample_below=small_sample_below,
                label=questionnaire.engagements.get(number),
            )
        )
    return tuple(results)
