"""Results of one campaign as a whole: channels, participation, items and engagements.

campaign_results() is the one entry point the report, the dashboard and the JSON export call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from questionnaires.model import Questionnaire

from .engagements import EngagementResult, engagement_results
from .results import (
    SMALL_SAMPLE_BELOW,
    ChoiceResult,
    RatingResult,
    choice_result,
    rating_result,
)
from .tally import Tally


@dataclass(frozen=True)
class ChannelResult:
    """Responses of one channel and, when visits were recorded, its participation rate."""

    channel: str
    responses: int
    visits: int | None = None

    @property
    def participation_rate(self) -> float | None:
        """responses / visits; None without visits. Not clipped: above 1 means odd visit counts."""
        return self.responses / self.visits if self.visits else None

    def to_dict(self) -> dict:
        return {
            "channel": self.channel,
            "responses": self.responses,
            "visits": self.visits,
            "participation_rate": self.participation_rate,
        }


def channel_results(tally: Tally) -> tuple[ChannelResult, ...]:
    """Channels with responses or recorded visits, most responses first (ties by name).

    A channel with visits but no response stays in, with a participation rate of 0: the
    report leaves it out of its sentence, a dashboard may want to see it.
    """
    responses, visits = tally.responses_by_channel, tally.visits_by_channel
    names = {c for c, n in responses.items() if n > 0} | {c for c, n in visits.items() if n > 0}
    ordered = sorted(names, key=lambda c: (-responses.get(c, 0), c))
    return tuple(ChannelResult(c, responses.get(c, 0), visits.get(c)) for c in ordered)


def unmatched_counts(questionnaire: Questionnaire, tally: Tally) -> dict[tuple[str, str], int]:
    """Tally counts no item result uses: unknown items or values not among the item's options.

    Free-text items are skipped, not reported: their answers are not tallied by value.
    """
    unmatched = {}
    for (key, value), count in tally.counts.items():
        item = questionnaire.item(key)
        if item is not None and item.type == "text":
            continue
        if item is None or item.option(value) is None:
            unmatched[(key, value)] = count
    return unmatched


@dataclass(frozen=True)
class CampaignResults:
    """Everything the report, the dashboard and the JSON export show for one campaign."""

    responses: int
    channels: tuple[ChannelResult, ...]
    ratings: tuple[RatingResult, ...]
    choices: tuple[ChoiceResult, ...]
    engagements: tuple[EngagementResult, ...] = ()
    """One result per Services Publics + engagement number, in increasing order."""
    unmatched: Mapping[tuple[str, str], int] = field(default_factory=dict)
    """Counts that matched no item or option: a version mismatch the report should mention."""
    kept_apart: Mapping[str, int] = field(default_factory=dict)
    """Rule code -> responses with answers kept apart by it (Tally.kept_apart)."""

    def rating(self, item_key: str) -> RatingResult | None:
        return next((r for r in self.ratings if r.item_key == item_key), None)

    def choice(self, item_key: str) -> ChoiceResult | None:
        return next((c for c in self.choices if c.item_key == item_key), None)

    def to_dict(self) -> dict:
        return {
            "responses": self.responses,
            "channels": [c.to_dict() for c in self.channels],
            "ratings": [r.to_dict() for r in self.ratings],
            "choices": [c.to_dict() for c in self.choices],
            "engagements": [e.to_dict() for e in self.engagements],
            "unmatched": [
                {"item": k, "value": v, "count": n} for (k, v), n in self.unmatched.items()
            ],
            "kept_apart": dict(self.kept_apart),
        }


def campaign_results(
    questionnaire: Questionnaire, tally: Tally, small_sample_below: int = SMALL_SAMPLE_BELOW
) -> CampaignResults:
    """All results of one campaign, items in questionnaire order."""
    ratings = tuple(
        rating_result(i, tally, small_sample_below)
        for i in questionnaire.items
        if i.type == "rating"
    )
    return CampaignResults(
        responses=tally.responses,
        channels=channel_results(tally),
        ratings=ratings,
        choices=tuple(
            choice_result(i, tally) for i in questionnaire.items if i.type in ("choice", "yesno")
        ),
        engagements=engagement_results(questionnaire, ratings, small_sample_below),
        unmatched=unmatched_counts(questionnaire, tally),
        kept_apart=dict(tally.kept_apart),
    )
