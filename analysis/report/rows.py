"""The summary table's rows: one per rating item, with last year's rate when compared."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from questionnaires.model import Questionnaire

from ..campaign import CampaignResults
from ..comparison import compare
from ..results import RatingResult
from ..rounding import shown_points


@dataclass(frozen=True)
class ItemRow:
    """One rating item in the summary table, with last year's rate when compared."""

    item_key: str
    label: str
    result: RatingResult
    distribution: tuple[tuple[str, str, int], ...]
    """(value, French label, count) per expressed value, in scale order."""
    engagement: int | None = None
    is_overall: bool = False
    previous: RatingResult | None = None
    difference_points: float | None = None
    is_significant: bool | None = None
    """None when the item was not compared (no comparison, or absent last year)."""

    @property
    def is_compared(self) -> bool:
        return self.previous is not None

    @property
    def shown_points(self) -> Decimal | None:
        """The change as the table shows it: printed rate minus printed previous rate."""
        current = self.result.satisfaction_rate
        previous = self.previous.satisfaction_rate if self.previous else None
        if current is None or previous is None:
            return None
        return shown_points(current, previous)

    def to_dict(self) -> dict:
        result = self.result
        return {
            **result.to_dict(),
            "label": self.label,
            "engagement": self.engagement,
            "is_overall": self.is_overall,
            "distribution_labels": {value: label for value, label, _ in self.distribution},
            "previous_rate": self.previous.satisfaction_rate if self.previous else None,
            "previous_n": self.previous.n if self.previous else None,
            "difference_points": self.difference_points,
            "is_significant": self.is_significant,
        }


def item_rows(
    questionnaire: Questionnaire, results: CampaignResults, previous: CampaignResults | None
) -> tuple[ItemRow, ...]:
    """Rating items in questionnaire order; compared only when present in both campaigns."""
    compared = {c.item_key: c for c in compare(results, previous)} if previous else {}
    rows = []
    for result in results.ratings:
        item = questionnaire.item(result.item_key)
        comparison = compared.get(result.item_key)
        rows.append(
            ItemRow(
                item_key=result.item_key,
                label="Satisfaction globale" if item.is_overall else item.label["fr"],
                result=result,
                distribution=tuple(
                    (value, item.option(value).label["fr"], count)
                    for value, count in result.distribution.items()
                ),
                engagement=item.engagement,
                is_overall=item.is_overall,
                previous=comparison.previous if comparison else None,
                difference_points=comparison.difference_points if comparison else None,
                is_significant=(
                    comparison.is_significant
                    if comparison and comparison.difference_points is not None
                    else None
                ),
            )
        )
    return tuple(rows)
