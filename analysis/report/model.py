"""The annual report as data: every sentence, table and chart series, ready for a renderer.

build_report() is pure: questionnaire and results in (plus, optionally, last year's results
and grouped tallies), a Report out. Renderers (text, HTML, DOCX, XLSX, JSON, CSV) only lay
it out, so every format says the same thing with the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from questionnaires.model import Item, Questionnaire

from ..campaign import CampaignResults, ChannelResult
from ..french import format_number
from ..register import RegisterFigures
from ..tally import GroupedTally
from . import sentences as s
from .groups import Breakdown, Heatmap, breakdown, heatmap
from .requests import section_dict
from .rows import ItemRow, item_rows

DEFAULT_THRESHOLD = 0.8
"""Items rated below this satisfaction rate are listed as axes d'amélioration."""
ORDERS = ("questionnaire", "rate")
"""How positive points and improvements are listed: in the questionnaire's order (the
bilan's own practice, the default) or by rate (best first, then worst first)."""


@dataclass(frozen=True)
class ChoiceSection:
    """«Qui sont les usagers interrogés ?» and one line per chosen option, largest first."""

    item_key: str
    heading: str
    n: int
    lines: tuple[tuple[str, int, str], ...]
    """(value, count, «96,2 % sont des particuliers»)."""


@dataclass(frozen=True)
class Report:
    title: str
    period: str | None
    responses: int
    channels: tuple[ChannelResult, ...]
    participation: str
    participation_rates: tuple[str, ...]
    choice_sections: tuple[ChoiceSection, ...]
    overall: str | None
    positive_points: tuple[str, ...]
    improvements: tuple[str, ...]
    threshold: float
    items: tuple[ItemRow, ...]
    engagements: tuple[str, ...]
    compared_with: str | None = None
    previous_year: int | None = None
    """The compared campaign's year, heading its column: «Taux 2025»."""
    breakdowns: tuple[Breakdown, ...] = ()
    heatmap: Heatmap | None = None
    notes: tuple[str, ...] = ()
    organisation: str | None = None
    """The site's name, as the title block and the page footers print it."""
    year: int | None = None
    """The bilan's year: «Bilan qualité 2026»."""
    edited_on: date | None = None
    """The day the document was made, printed on its title block (never in the data formats)."""
    requests: RegisterFigures | None = None
    """The register's figures of the campaign's site and year (outline.requests_blocks)."""
    results: CampaignResults | None = field(default=None, compare=False, repr=False)
    questionnaire: Questionnaire | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        """The same numbers and sentences for machines (public results page, other tools)."""
        return {
            "title": self.title,
            "period": self.period,
            "responses": self.responses,
            "channels": [c.to_dict() for c in self.channels],
            "text": {
                "participation": self.participation,
                "participation_rates": list(self.participation_rates),
                "sections": [{"item": c.item_key, "heading": c.heading, "n": c.n,
                              "lines": [line for _, _, line in c.lines]}
                             for c in self.choice_sections],
                "overall": self.overall,
                "positive_points": list(self.positive_points),
                "improvements": list(self.improvements),
                "engagements": list(self.engagements),
                "notes": list(self.notes),
            },
            "threshold": self.threshold,
            "compared_with": self.compared_with,
            "items": [row.to_dict() for row in self.items],
            "choices": [c.to_dict() for c in self.results.choices] if self.results else [],
            "engagements": [e.to_dict() for e in self.results.engagements] if self.results else [],
            "breakdowns": [b.to_dict() for b in self.breakdowns],
            "heatmap": self.heatmap.to_dict() if self.heatmap else None,
            **({"requests": section_dict(self.requests)} if self.requests else {}),
        }  # fmt: skip


def _notes(results: CampaignResults, items: tuple[ItemRow, ...], small_below: int) -> list[str]:
    notes = []
    if any(row.result.is_small_sample and row.result.n for row in items):
        notes.append(
            f"Faible effectif{s.COLON} moins de {format_number(small_below)} avis exprimés, "
            "taux à interpréter avec prudence."
        )
    unmatched = sum(results.unmatched.values())
    if unmatched:
        notes.append(
            f"Attention{s.COLON} {format_number(unmatched)} avis ne correspondent à aucune "
            "option du questionnaire et ne sont pas comptés."
        )
    note = s.kept_apart_note(results.kept_apart)
    if note:
        notes.append(note)
    return notes


def build_report(
    questionnaire: Questionnaire,
    results: CampaignResults,
    *,
    title: str,
    period: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    previous: CampaignResults | None = None,
    previous_title: str | None = None,
    previous_year: int | None = None,
    grouped: Mapping[str, GroupedTally] | None = None,
    by_weekday_hour: GroupedTally | None = None,
    organisation: str | None = None,
    year: int | None = None,
    edited_on: date | None = None,
    order: str = "questionnaire",
) -> Report:
    """The report of one campaign; `grouped` maps a dimension (channel, lang, an item key) to
    its grouped tally, for the overall item's breakdowns; `by_weekday_hour` feeds the heatmap.
    """
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold is a share between 0 and 1, got {threshold!r}")
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}: use one of {', '.join(ORDERS)}")
    choices = {c.item_key: c for c in results.choices}
    sections = []
    for choice in results.choices:
        item = questionnaire.item(choice.item_key)
        if item.report_heading and choice.n:
            lines = tuple(s.share_lines(item, choice))
            sections.append(ChoiceSection(item.key, item.report_heading, choice.n, lines))
    overall_item = next((i for i in questionnaire.items if i.is_overall), None)
    overall = results.rating(overall_item.key) if overall_item else None
    detail = [
        (questionnaire.item(r.item_key), r)
        for r in results.ratings
        if r.n and not questionnaire.item(r.item_key).is_overall
    ]
    positive = [(i, r) for i, r in detail if r.satisfaction_rate >= threshold]
    improvement = [(i, r) for i, r in detail if r.satisfaction_rate < threshold]
    if order == "rate":
        positive.sort(key=lambda pair: -pair[1].satisfaction_rate)
        improvement.sort(key=lambda pair: pair[1].satisfaction_rate)
    items = item_rows(questionnaire, results, previous)
    small_below = results.ratings[0].small_sample_below if results.ratings else 30
    return Report(
        title=title,
        period=period,
        responses=results.responses,
        channels=results.channels,
        participation=s.participation_sentence(results.channels),
        participation_rates=tuple(
            line for c in results.channels if (line := s.participation_rate_sentence(c))
        ),
        choice_sections=tuple(sections),
        overall=s.overall_sentence(overall_item, overall) if overall else None,
        positive_points=tuple(s.as_list([s.positive_sentence(i, r, choices) for i, r in positive])),
        improvements=tuple(
            s.as_list([s.improvement_sentence(i, r, choices) for i, r in improvement])
        ),
        threshold=threshold,
        items=items,
        engagements=tuple(
            s.engagement_sentence(
                e.engagement, e.label, e.satisfaction_rate, e.n, e.is_small_sample
            )
            for e in results.engagements
        ),
        compared_with=previous_title if previous else None,
        previous_year=previous_year if previous else None,
        breakdowns=_breakdowns(questionnaire, overall_item, grouped or {}, small_below),
        heatmap=(
            heatmap(overall_item, by_weekday_hour, small_below)
            if overall_item and by_weekday_hour
            else None
        ),
        notes=tuple(_notes(results, items, small_below)),
        organisation=organisation,
        year=year,
        edited_on=edited_on,
        results=results,
        questionnaire=questionnaire,
    )


def _breakdowns(
    questionnaire: Questionnaire,
    rated: Item | None,
    grouped: Mapping[str, GroupedTally],
    small_below: int,
) -> tuple[Breakdown, ...]:
    if rated is None:
        return ()
    made = (breakdown(questionnaire, rated, d, tally, small_below) for d, tally in grouped.items())
    return tuple(b for b in made if b.rows)
