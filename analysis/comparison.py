"""Year-over-year comparison: the change of each rating item's rate and whether it is real.

Items are matched by key, so only items present in both questionnaire versions are compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from .campaign import CampaignResults
from .results import RatingResult
from .stats import TwoProportionTest, two_proportion_test


@dataclass(frozen=True)
class ItemComparison:
    """One rating item in two campaigns: current against previous."""

    current: RatingResult
    previous: RatingResult

    @property
    def item_key(self) -> str:
        return self.current.item_key

    @property
    def test(self) -> TwoProportionTest | None:
        """Pooled two-proportion test, current minus previous; None if either n is 0."""
        return two_proportion_test(
            self.current.satisfied, self.current.n, self.previous.satisfied, self.previous.n
        )

    @property
    def difference_points(self) -> float | None:
        """Current rate minus previous rate, in percentage points."""
        test = self.test
        return test.difference_points if test else None

    @property
    def is_significant(self) -> bool:
        """True when the change is significant at 5 %; False when it cannot be tested."""
        test = self.test
        return test.is_significant if test else False

    def to_dict(self) -> dict:
        test = self.test
        return {
            "item": self.item_key,
            "current_rate": self.current.satisfaction_rate,
            "previous_rate": self.previous.satisfaction_rate,
            "current_n": self.current.n,
            "previous_n": self.previous.n,
            "difference_points": test.difference_points if test else None,
            "z": test.z if test else None,
            "p_value": test.p_value if test else None,
            "is_significant": test.is_significant if test else False,
        }


def compare(current: CampaignResults, previous: CampaignResults) -> tuple[ItemComparison, ...]:
    """Rating items present in both campaigns (matched by key), in the current campaign's order."""
    return tuple(
        ItemComparison(rating, previous_rating)
        for rating in current.ratings
        if (previous_rating := previous.rating(rating.item_key)) is not None
    )
