"""Working days in France: the label's reply deadlines are counted in jours ouvrés.

A working day is Monday to Friday and not a French public holiday. The holidays come from
the `holidays` library (vacanza/python-holidays, released monthly, with the Alsace-Moselle
and overseas days as subdivisions), so Easter Monday, Ascension and Whit Monday move with
the years without a table to keep up to date here.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache, lru_cache


@cache
def holiday_areas() -> tuple[str, ...]:
    """Subdivision codes with their own extra days: '57' Moselle, '6AE' Alsace, '971'..."""
    from holidays.countries.france import France  # imported on first use: 0.15 s

    return tuple(France.subdivisions)


@lru_cache(maxsize=64)
def _holidays(year: int, area: str) -> frozenset[date]:
    from holidays.countries.france import France

    return frozenset(France(subdiv=area or None, years=year))


def is_working_day(day: date, area: str = "") -> bool:
    """Monday to Friday and not a public holiday (of `area` when given, e.g. '57')."""
    return day.weekday() < 5 and day not in _holidays(day.year, area)


def add_working_days(start: date, days: int, area: str = "") -> date:
    """The `days`-th working day after `start` (the day of receipt itself is not counted)."""
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days}")
    day = start
    while days:
        day += timedelta(days=1)
        if is_working_day(day, area):
            days -= 1
    return day


def working_days_between(start: date, end: date, area: str = "") -> int:
    """Working days after `start` up to and including `end` (0 for a reply the same day)."""
    if end <= start:
        return 0
    return sum(
        is_working_day(start + timedelta(days=offset), area)
        for offset in range(1, (end - start).days + 1)
    )
