"""Satisfaction split by group: per channel, language, answer to a choice item, and the
hour x weekday heatmap. Built from grouped tallies, one SQL GROUP BY each."""

from __future__ import annotations

from dataclasses import dataclass

from questionnaires.model import Item, Questionnaire

from ..french import NBSP
from ..results import RatingResult, ratings_by_group
from ..tally import GroupedTally
from .sentences import CHANNEL_NAMES, LANGUAGE_NAMES, WEEKDAYS


@dataclass(frozen=True)
class GroupRow:
    """One group's result for the rated item (usually the overall satisfaction)."""

    key: str
    label: str
    n: int
    satisfied: int
    rate: float | None
    interval: tuple[float, float] | None
    is_small_sample: bool

    def to_dict(self) -> dict:
        return {
            "key": self.key, "label": self.label, "n": self.n, "satisfied": self.satisfied,
            "satisfaction_rate": self.rate,
            "interval": list(self.interval) if self.interval else None,
            "is_small_sample": self.is_small_sample,
        }  # fmt: skip


@dataclass(frozen=True)
class Breakdown:
    """«Satisfaction globale par canal»: one row per group, most answers first."""

    dimension: str
    title: str
    rows: tuple[GroupRow, ...]

    def to_dict(self) -> dict:
        return {"dimension": self.dimension, "title": self.title,
                "rows": [r.to_dict() for r in self.rows]}  # fmt: skip


@dataclass(frozen=True)
class HeatmapCell:
    weekday: int
    """0 = lundi … 6 = dimanche, in the site's time zone."""
    hour: int
    n: int
    satisfied: int

    @property
    def rate(self) -> float | None:
        return self.satisfied / self.n if self.n else None


@dataclass(frozen=True)
class Heatmap:
    """Satisfaction of one item by weekday and hour; only weekdays and hours with answers."""

    title: str
    weekdays: tuple[int, ...]
    hours: tuple[int, ...]
    cells: tuple[HeatmapCell, ...]

    def cell(self, weekday: int, hour: int) -> HeatmapCell | None:
        return next((c for c in self.cells if (c.weekday, c.hour) == (weekday, hour)), None)

    @property
    def weekday_names(self) -> tuple[str, ...]:
        return tuple(WEEKDAYS[w] for w in self.weekdays)

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "cells": [{"weekday": c.weekday, "weekday_name": WEEKDAYS[c.weekday], "hour": c.hour,
                       "n": c.n, "satisfied": c.satisfied, "satisfaction_rate": c.rate}
                      for c in self.cells],
        }  # fmt: skip


def _row(key: str, label: str, result: RatingResult) -> GroupRow:
    return GroupRow(
        key, label, result.n, result.satisfied, result.satisfaction_rate, result.interval,
        result.is_small_sample,
    )  # fmt: skip


def _label(questionnaire: Questionnaire, dimension: str, key: object) -> tuple[str, str]:
    key = str(key)
    if dimension == "channel":
        return "par canal", CHANNEL_NAMES.get(key, key)
    if dimension == "lang":
        return "par langue", LANGUAGE_NAMES.get(key, key)
    item = questionnaire.item(dimension)
    option = item.option(key) if item is not None else None
    title = f"selon la réponse à «{NBSP}{item.label['fr']}{NBSP}»" if item else f"par {dimension}"
    return title, option.label["fr"] if option else key


def breakdown(
    questionnaire: Questionnaire,
    rated: Item,
    dimension: str,
    grouped: GroupedTally,
    small_sample_below: int,
) -> Breakdown:
    """The rated item's satisfaction per group: `dimension` is channel, lang or an item key."""
    results = ratings_by_group(rated, grouped, small_sample_below)
    rows = []
    title = f"par {dimension}"
    for (key,), result in results.items():
        title, label = _label(questionnaire, dimension, key)
        if result.n:
            rows.append(_row(str(key), label, result))
    rows.sort(key=lambda r: (-r.n, r.label))
    name = "Satisfaction globale" if rated.is_overall else rated.label["fr"]
    return Breakdown(dimension, f"{name} {title}", tuple(rows))


def heatmap(rated: Item, grouped: GroupedTally, small_sample_below: int) -> Heatmap:
    """The rated item by (weekday, hour) from a tally grouped by local weekday and hour."""
    results = ratings_by_group(rated, grouped, small_sample_below)
    cells = tuple(
        sorted(
            (HeatmapCell(int(w), int(h), r.n, r.satisfied) for (w, h), r in results.items() if r.n),
            key=lambda c: (c.weekday, c.hour),
        )
    )
    name = "Satisfaction globale" if rated.is_overall else rated.label["fr"]
    return Heatmap(
        title=f"{name} selon le jour et l'heure",
        weekdays=tuple(sorted({c.weekday for c in cells})),
        hours=tuple(sorted({c.hour for c in cells})),
        cells=cells,
    )
