"""The national table as people read it: a search on the site's name, then one page at a time.

With hundreds of sites the page shows one page of the sorted table. Ranks, comparisons and
the national total are computed over every site beforehand (analysis.national.compute), so a
search or a page only chooses which rows are shown, never changes a number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .sites import SiteResult, SplitByRank

PAGE_SIZES = (25, 50, 100)
"""Sites per page a person may choose; the chart shows the same sites as the table."""
PAGE_SIZE = 50


def folded(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: «Bouches-du-Rhône» -> «bouches du rhone»."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


def matching(sites: Sequence[SiteResult], query: str) -> tuple[SiteResult, ...]:
    """The sites whose name or identifier contains `query`, accents and case ignored; all
    of them, in the same order, for an empty query."""
    wanted = folded(query)
    if not wanted:
        return tuple(sites)
    return tuple(s for s in sites if wanted in folded(s.name) or wanted in folded(s.slug))


@dataclass(frozen=True)
class Page(SplitByRank):
    """One page of a table's rows, and where it sits among the others."""

    sites: tuple[SiteResult, ...]
    number: int
    """1-based; always an existing page (1 when there is no row at all)."""
    count: int
    """Pages in all, at least 1."""
    rows: int
    """Rows over all pages."""
    size: int

    @property
    def first(self) -> int:
        """Position of the page's first row among all rows (0 without rows)."""
        return (self.number - 1) * self.size + 1 if self.sites else 0

    @property
    def last(self) -> int:
        return self.first + len(self.sites) - 1 if self.sites else 0

    def links(self, around: int = 2) -> list[int | None]:
        """Page numbers to link to: the first, the last and those near this one; None where
        numbers are left out («1 … 4 5 6 7 8 … 12»)."""
        shown = {1, self.count, *range(self.number - around, self.number + around + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.count)
        out: list[int | None] = []
        previous = 0
        for number in numbers:
            if number - previous == 2:  # one page left out: its number is as short as «…»
                out.append(number - 1)
            elif number - previous > 2:
                out.append(None)
            out.append(number)
            previous = number
        return out


def page_of(sites: Sequence[SiteResult], number: int, size: int = PAGE_SIZE) -> Page:
    """Page `number` of `sites`, `size` rows per page; past the last page, the last page."""
    if number < 1 or size < 1:
        raise ValueError("pages and their size start at 1")
    count = max(1, -(-len(sites) // size))
    number = min(number, count)
    start = (number - 1) * size
    return Page(tuple(sites[start : start + size]), number, count, len(sites), size)
