"""The national view's results: each site's rates, rank and comparison, and the total.

Built by analysis.national.compute from per-site tallies; read by the page, the CLI and the
downloads (analysis.national.output, analysis.national.chart).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from questionnaires.model import Item, Questionnaire

from ..results import SMALL_SAMPLE_BELOW, RatingResult
from ..stats import ALPHA, TwoProportionTest
from ..tally import Tally

NATIONAL = "national"
"""The `site` of the national total's row: always the last row of the CSV, `total` in JSON."""


@dataclass(frozen=True)
class SiteTally:
    """One site's counts over the campaigns chosen for it."""

    slug: str
    name: str
    tally: Tally
    campaigns: tuple[str, ...] = ()
    """Titles of the campaigns counted, for the reader to check the choice."""


@dataclass(frozen=True)
class SiteResult:
    """One site (or the national total): responses and every rating item's result."""

    slug: str
    name: str
    responses: int
    ratings: tuple[RatingResult, ...]
    rank_item: str | None
    campaigns: tuple[str, ...] = ()
    rank: int | None = None
    """1 = highest rate of the rank item; None for small samples (and the total)."""
    versus_rest: TwoProportionTest | None = None
    """This site's rank-item rate against all other sites pooled."""
    adjusted_p_value: float | None = None
    """versus_rest's p-value after Holm's correction for comparing every site at once."""

    def rating(self, item_key: str | None) -> RatingResult | None:
        return next((r for r in self.ratings if r.item_key == item_key), None)

    @property
    def main(self) -> RatingResult | None:
        """The result of the rank item (the overall satisfaction)."""
        return self.rating(self.rank_item)

    @property
    def is_small_sample(self) -> bool:
        """Too few expressed answers to the rank item to be ranked (no answer at all included)."""
        return self.main is None or self.main.n == 0 or self.main.is_small_sample

    @property
    def position(self) -> str | None:
        """'above' or 'below' the rest of the country when significant, else 'level'."""
        if self.versus_rest is None or self.adjusted_p_value is None:
            return None
        if self.adjusted_p_value >= ALPHA:
            return "level"
        return "above" if self.versus_rest.difference_points > 0 else "below"

    def to_dict(self) -> dict:
        return {
            "site": self.slug,
            "name": self.name,
            "campaigns": list(self.campaigns),
            "responses": self.responses,
            "rank": self.rank,
            "is_small_sample": self.is_small_sample,
            "versus_rest": self.versus_rest.to_dict() if self.versus_rest else None,
            "adjusted_p_value": self.adjusted_p_value,
            "position": self.position,
            "ratings": [r.to_dict() for r in self.ratings],
        }


class SplitByRank:
    """For a class holding `sites`: those with a rank, and those under the small-sample
    threshold (no rank), each in the order held."""

    @property
    def ranked(self) -> tuple[SiteResult, ...]:
        return tuple(s for s in self.sites if s.rank is not None)

    @property
    def unranked(self) -> tuple[SiteResult, ...]:
        return tuple(s for s in self.sites if s.rank is None)


@dataclass(frozen=True)
class NationalResults(SplitByRank):
    """Every site's result, ranked sites first (by rank), then small samples; and the total."""

    items: tuple[Item, ...]
    """The rating items shown, newest questionnaire version's order."""
    rank_item: str | None
    sites: tuple[SiteResult, ...]
    total: SiteResult
    small_sample_below: int = SMALL_SAMPLE_BELOW
    unmatched: Mapping[tuple[str, str], int] = field(default_factory=dict)
    """Counts matching no item, or no option of the item's newest version: shown, not dropped."""

    def to_dict(self) -> dict:
        return {
            "rank_item": self.rank_item,
            "items": [i.key for i in self.items],
            "small_sample_below": self.small_sample_below,
            "total": self.total.to_dict(),
            "sites": [s.to_dict() for s in self.sites],
            "unmatched": [
                {"item": k, "value": v, "count": n} for (k, v), n in self.unmatched.items()
            ],
        }


def merged_items(questionnaires: Sequence[Questionnaire]) -> tuple[Item, ...]:
    """Items matched by key across versions, newest first: its items in its order, then
    items only older versions have. An item's scale is the newest version's."""
    seen: dict[str, Item] = {}
    for questionnaire in questionnaires:
        for item in questionnaire.items:
            seen.setdefault(item.key, item)
    return tuple(seen.values())
