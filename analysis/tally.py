"""The input of every computation: answer counts from one SQL GROUP BY, never raw rows.

A million responses become a few hundred (item, value, count) rows in the database;
analysis/ only ever sees those counts.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

Counts = Mapping[tuple[str, str], int]
"""(item_key, value) -> number of answers with that value."""


def _checked_copy(mapping: Mapping, what: str) -> dict:
    """A private copy, so a Tally does not change when the caller's dict does."""
    for key, count in mapping.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"{what}[{key!r}]: expected a whole number >= 0, got {count!r}")
    return dict(mapping)


def _add_rows(rows: Iterable[tuple[str, str, int]]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for item_key, value, count in rows:
        # Summing lets tallies of several queries (or chunks) be fed in together.
        counts[(item_key, value)] = counts.get((item_key, value), 0) + count
    return counts


@dataclass(frozen=True)
class Tally:
    """Counts for one campaign: responses and visits per channel, answers per item and value."""

    responses_by_channel: Mapping[str, int] = field(default_factory=dict)
    counts: Counts = field(default_factory=dict)
    visits_by_channel: Mapping[str, int] = field(default_factory=dict)
    """Recorded visits per channel, for the participation rate; empty when none were recorded."""
    kept_apart: Mapping[str, int] = field(default_factory=dict)
    """Rule code ("hidden", "required") -> responses with answers that rule kept apart
    (paper forms, imports: stored as given, not counted; docs/report.md)."""

    def __post_init__(self) -> None:
        for name in ("responses_by_channel", "counts", "visits_by_channel", "kept_apart"):
            object.__setattr__(self, name, _checked_copy(getattr(self, name), name))

    @property
    def responses(self) -> int:
        """Total number of responses, all channels together."""
        return sum(self.responses_by_channel.values())

    def count(self, item_key: str, value: str) -> int:
        """Number of answers `value` to item `item_key`, 0 when never given."""
        return self.counts.get((item_key, value), 0)

    def counts_for(self, item_key: str) -> dict[str, int]:
        """value -> count for one item, only the values actually given."""
        return {value: n for (key, value), n in self.counts.items() if key == item_key}

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[str, str, int]],
        responses_by_channel: Mapping[str, int] | None = None,
        visits_by_channel: Mapping[str, int] | None = None,
        kept_apart: Mapping[str, int] | None = None,
    ) -> Tally:
        """Build a Tally from (item_key, value, count) rows, as a GROUP BY query returns them."""
        return cls(
            responses_by_channel=responses_by_channel or {},
            counts=_add_rows(rows),
            visits_by_channel=visits_by_channel or {},
            kept_apart=kept_apart or {},
        )


@dataclass(frozen=True)
class GroupedTally:
    """Answer counts split by a group key, e.g. (channel,), (language,) or (weekday, hour)."""

    counts_by_group: Mapping[tuple[Hashable, ...], Counts]
    dimensions: tuple[str, ...] = ()
    """Names of the group key's parts, e.g. ("weekday", "hour"); documentation for readers."""

    def __post_init__(self) -> None:
        copied = {}
        for group, counts in self.counts_by_group.items():
            if self.dimensions and len(group) != len(self.dimensions):
                raise ValueError(f"group {group!r} does not match dimensions {self.dimensions!r}")
            copied[tuple(group)] = _checked_copy(counts, f"counts_by_group[{group!r}]")
        object.__setattr__(self, "counts_by_group", copied)

    @property
    def groups(self) -> tuple[tuple[Hashable, ...], ...]:
        """The group keys present, in the order they were given."""
        return tuple(self.counts_by_group)

    def tally(self, group: tuple[Hashable, ...]) -> Tally:
        """The answer counts of one group as a Tally (no channel totals: groups cut across them)."""
        return Tally(counts=self.counts_by_group.get(group, {}))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple], dimensions: tuple[str, ...] = ()) -> GroupedTally:
        """Build from (*group_values, item_key, value, count) rows: the group is all but 3 last."""
        by_group: dict[tuple, list[tuple[str, str, int]]] = {}
        for row in rows:
            *group, item_key, value, count = row
            by_group.setdefault(tuple(group), []).append((item_key, value, count))
        return cls({group: _add_rows(rows) for group, rows in by_group.items()}, dimensions)
