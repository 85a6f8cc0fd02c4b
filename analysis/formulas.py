"""Text that a spreadsheet would run as a formula, made inert: every CSV and XLSX export.

A comment typed as `=HYPERLINK("http://…", "clic")` or `-2+3+cmd|' /C calc'!A0` is a
formula to Excel or LibreOffice when a cell starts with it (CSV or formula injection,
OWASP "CSV Injection"). OWASP's guidance: no cell may begin with `=`, `+`, `-`, `@`, a tab
or a carriage return (ASVS adds the NUL character), and it is not enough to look at the
start of the text, because a spreadsheet that splits the line on another character than
the file's own starts a new cell in the middle of it. French Excel opens a `.csv` by
double-click splitting on `;`: the comment `x;=2+3`, written as one cell by a comma
separated file, becomes the cells `x` and `=2+3`. A quote does not protect it either:
once one cell is split differently, the quotes that follow no longer pair up.

So `neutralise` puts an apostrophe (the spreadsheet's own "this is text" mark, OWASP's
escape) wherever a cell could begin, under any of the separators a spreadsheet may use
(`,`, `;`, tab) or at a line break, when what follows (after spaces or double quotes,
which a spreadsheet strips) is one of those characters. Ordinary text is left as it is:
`x;=2+3` becomes `x;'=2+3`, `=1+1` becomes `'=1+1`, «Très bien, merci» is unchanged.
The same text goes into the XLSX files, where only the start of a cell matters, so that
a comment reads the same in every export.
"""

from __future__ import annotations

import re

FORMULA_STARTS = "=+-@\t\r\0"
"""What a spreadsheet runs (or may run) as a formula at the start of a cell."""
CELL_BREAKS = ",;\t\r\n"
"""After any of these, a spreadsheet may start a new cell or a new line."""

_STARTS = tuple(FORMULA_STARTS)
_BREAKS, _FORMULAS = re.escape(CELL_BREAKS), re.escape(FORMULA_STARTS)
_INSIDE = re.compile(rf"[{_BREAKS}][ \"]*[{_FORMULAS}]")
_CELL_START = re.compile(rf"(?:^|(?<=[{_BREAKS}]))(?=[ \"]*[{_FORMULAS}])")


def neutralise(cell: str) -> str:
    """`cell` with an apostrophe wherever a spreadsheet could start a formula in it (at
    the start, or after a separator or line break); unchanged otherwise."""
    if not cell.lstrip(' "').startswith(_STARTS) and _INSIDE.search(cell) is None:
        return cell  # most cells: one scan, no rewrite
    return _CELL_START.sub("'", cell)


def may_need_neutralising(cell: str) -> bool:
    """Whether `neutralise` would change `cell`."""
    return neutralise(cell) != cell
