"""Read a queue-management system's export of visits as one count per day.

The file is read by importing/files.py (CSV with `;`, `,` or tab, UTF-8 with or without
BOM or Windows-1252, or XLSX; streamed, bounded). Exports vary: title lines above the
header, a «Date» column in dd/mm/yyyy (with a time or a weekday), a count column
(«Nombre de tickets», «Visiteurs»...), one line per hour or per service, a «Total» line at
the bottom. So: the header is the first line holding the date column; lines of a day are
added up; a «Total» line and blank lines are skipped; a blank count is 0. Every problem
is collected (with its line) before anything is stored: a file is taken whole or not at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..core.models import Campaign
from .importing import ImportCheckError, Table
from .importing.files import cell_text
from .visits import MAX_VISITS, outside_period
from .visits_problems import VisitsFileError, VisitsProblem

DATE_COLUMNS = (
    "Date",
    "Jour",
    "Date de passage",
    "Date de visite",
    "Date d'arrivée",
    "Date du ticket",
    "Date de prise de ticket",
    "Journée",
)
COUNT_COLUMNS = (
    "Nombre de tickets",
    "Nb tickets",
    "Nb de tickets",
    "Tickets émis",
    "Tickets",
    "Nombre de visiteurs",
    "Nb visiteurs",
    "Visiteurs",
    "Nombre de visites",
    "Visites",
    "Nombre de passages",
    "Passages",
    "Fréquentation",
    "Entrées",
    "Nombre",
)
"""Looked for in this order: «Tickets émis» before «Tickets servis» (not listed), which
leaves out the visitors who left before their turn."""
HEADER_SEARCH_LINES = 30
"""Title lines an export may put above its header («Statistiques du 01/03 au 31/03»)."""
KEPT_PROBLEMS = 50
DAY_TEXTS_KEPT = 2000
"""Dates as written, kept parsed: a year of days, not a text per line («02/03 09:15»)."""
TOTAL_LINE = re.compile(r"^(sous[- ]?)?total|^ensemble|^cumul", re.IGNORECASE)
DAY_TEXT = re.compile(
    r"^(?:[^\W\d]+\.?,?\s+)?"  # «lundi 02/03/2026», «Lun. 02/03/2026»
    r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})"
    r"(?:(?:\s+|T)\d{1,2}(?::|h)\d{2}(?::\d{2}(?:\.\d+)?)?)?$"  # a time, ignored
)
SPACES = re.compile(r"[\s\u00a0\u202f']")


def column_key(name: str) -> str:
    """A header as compared: no accents, case, punctuation or repeated spaces."""
    text = unicodedata.normalize("NFKD", name.replace("\ufeff", ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@dataclass(frozen=True)
class VisitsColumns:
    """Which columns to read: None means the first of the usual names found."""

    date: str | None = None
    count: str | None = None
    only: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Keep only the lines whose column (key) holds one of these values, e.g. one site of
    an export covering several."""


@dataclass
class DailyVisits:
    """The file read: visits per day, and what was read to get them (shown to the user)."""

    counts: dict[date, int]
    date_column: str
    count_column: str
    header_line: int
    lines: int
    """Lines of visits read (blank, «Total» and filtered-out lines not included)."""
    left_out: int = 0
    """Lines another `only` value excluded."""


def read_daily_visits(
    table: Table, campaign: Campaign, columns: VisitsColumns | None = None
) -> DailyVisits:
    """The file's visits per day, or VisitsFileError listing every problem with its line."""
    try:
        return _Reader(table, campaign, columns or VisitsColumns()).read()
    except ImportCheckError as exc:  # unreadable file: importing/ says why, in English
        unreadable = [VisitsProblem("unreadable", values={"why": m}) for m in exc.messages]
        raise VisitsFileError(unreadable) from None


class _Reader:
    def __init__(self, table: Table, campaign: Campaign, columns: VisitsColumns):
        self.table, self.campaign, self.columns = table, campaign, columns
        self.problems: list[VisitsProblem] = []
        self.dropped = 0
        self.lines_of: dict[date, int] = {}
        self.outside: set[date] = set()
        self.days: dict[str, date | None] = {}
        self.only_at: dict[int, tuple[str, tuple[str, ...], set[str]]] = {}
        """position -> (column as named, values as given, their keys)"""
        self.seen: dict[int, set[str]] = {}
        """position -> a few values of an `only` column, for the message when none match"""

    def problem(self, code: str, line: int | None = None, **values: Any) -> None:
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(VisitsProblem(code, line, values))
        else:
            self.dropped += 1

    def read(self) -> DailyVisits:
        rows = self.table.rows()
        found = self._header(rows)
        if found is None:
            raise VisitsFileError(self.problems)
        header_line, date_at, count_at, names = found
        counts: dict[date, int] = {}
        lines = left_out = 0
        self.seen = {at: set() for at in self.only_at}
        for number, cells in rows:
            date_text = cell_text(_at(cells, date_at))
            if TOTAL_LINE.match(date_text) or not (date_text or any(map(cell_text, cells))):
                continue
            if self.only_at and not self._kept(cells):
                left_out += 1
                continue
            lines += 1
            day = self._day(number, _at(cells, date_at), date_text)
            count = self._count(number, _at(cells, count_at))
            if day is None or count is None:
                continue
            counts[day] = counts.get(day, 0) + count
            self.lines_of.setdefault(day, number)
        self._check_totals(counts, lines, left_out)
        if self.problems:
            if self.dropped:
                self.problems.append(VisitsProblem("more", None, {"count": self.dropped}))
            raise VisitsFileError(self.problems)
        return DailyVisits(counts, names[date_at], names[count_at], header_line, lines, left_out)

    def _header(self, rows: Iterator[tuple[int, list[Any]]]):
        """The header: the first line with the date column (and the columns named)."""
        widest: tuple[int, list[str]] | None = None  # shown when no line is a header
        for number, cells in rows:
            names = [cell_text(c) for c in cells]
            if not any(names):
                continue
            if widest is None or sum(map(bool, names)) > sum(map(bool, widest[1])):
                widest = (number, names)
            keys = [column_key(n) for n in names]
            date_at = self._find(keys, self.columns.date, DATE_COLUMNS)
            if date_at is not None:
                return self._columns(number, names, keys, date_at)
            if number >= HEADER_SEARCH_LINES:
                break
        if widest is None:
            self.problem("empty")
        elif self.columns.date:
            self.problem("unknown_column", widest[0], column=self.columns.date, seen=widest[1])
        else:
            expected = list(DATE_COLUMNS[:4])
            self.problem("no_date_column", widest[0], expected=expected, seen=widest[1])
        return None

    def _columns(self, number: int, names: list[str], keys: list[str], date_at: int):
        count_at = self._find(keys, self.columns.count, COUNT_COLUMNS)
        if count_at is None and self.columns.count:
            self.problem("unknown_column", number, column=self.columns.count, seen=names)
        elif count_at is None:
            expected = ["Nombre de tickets", "Visiteurs", "Visites"]
            self.problem("no_count_column", number, expected=expected, seen=names)
        for column, values in self.columns.only.items():
            at = self._find(keys, column, ())
            if at is None:
                self.problem("unknown_column", number, column=column, seen=names)
            else:
                self.only_at[at] = (column, values, {column_key(v) for v in values})
        if self.problems:
            return None
        return number, date_at, count_at, names

    @staticmethod
    def _find(keys: list[str], named: str | None, usual: tuple[str, ...]) -> int | None:
        for name in (named,) if named else usual:
            if column_key(name) in keys:
                return keys.index(column_key(name))
        return None

    def _kept(self, cells: list[Any]) -> bool:
        kept = True
        for at, (_, _, keys) in self.only_at.items():
            value = cell_text(_at(cells, at))
            if len(self.seen[at]) < 10:
                self.seen[at].add(value)
            kept = kept and column_key(value) in keys
        return kept

    def _day(self, number: int, cell: Any, text: str) -> date | None:
        if not text:
            self.problem("no_date", number)
            return None
        day = self.days.get(text) if isinstance(cell, str) else None
        if day is None:  # hourly files repeat each day's text: read it once
            day = parse_day(cell)
            if len(self.days) < DAY_TEXTS_KEPT:
                self.days[text] = day
        if day is None:
            self.problem("bad_date", number, value=text)
            return None
        where = outside_period(self.campaign, day)
        if where and day in self.outside:
            return None  # said once per day, at its first line: hourly files repeat it
        if where:
            self.outside.add(day)
        if where == "before":
            self.problem("before_period", number, day=day, bound=self.campaign.opens_on)
        elif where == "after":
            self.problem("after_period", number, day=day, bound=self.campaign.closes_on)
        return None if where else day

    def _count(self, number: int, cell: Any) -> int | None:
        count = parse_count(cell)
        if count is None:
            self.problem("bad_count", number, value=cell_text(cell))
        elif count < 0:
            self.problem("negative_count", number, value=cell_text(cell))
            return None
        return count

    def _check_totals(self, counts: dict[date, int], lines: int, left_out: int) -> None:
        for day, count in counts.items():
            if count > MAX_VISITS:
                line = self.lines_of[day]
                self.problem("too_many", line, day=day, value=count, limit=MAX_VISITS)
        if lines or self.problems:
            return
        if not left_out:
            self.problem("no_rows")
        for at, (column, values, _) in self.only_at.items():
            self.problem("no_match", column=column, value=list(values), seen=sorted(self.seen[at]))


def _at(cells: list, position: int) -> Any:
    return cells[position] if position < len(cells) else ""


def parse_day(value: Any) -> date | None:
    """A day from an XLSX date cell or text, day first: 02/03/2026, 2/3/26, 2026-03-02,
    «lundi 02/03/2026», «02/03/2026 09:00»; None when it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = DAY_TEXT.match(cell_text(value))
    if not found:
        return None
    first, month, last = found.groups()
    year, day = (first, last) if len(first) == 4 else (last, first)
    if len(year) == 2:
        year = "20" + year
    try:
        return date(int(year), int(month), int(day)) if len(year) == 4 else None
    except ValueError:
        return None


def parse_count(value: Any) -> int | None:
    """A whole number from a cell: «412», «1 234», «412,0»; a blank cell is 0; None when it
    is not a whole number (negative numbers are returned, for their own message)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = SPACES.sub("", cell_text(value)).replace("\u2212", "-")
    if not text:
        return 0
    whole, _, decimals = text.replace(",", ".").partition(".")
    if not re.fullmatch(r"-?\d+", whole) or decimals.strip("0"):
        return None
    return int(whole)
