"""A CSV as a French Excel opens it by double-click: `;` between cells, decimal commas.

The exports are written once, plainly (`,` and decimal points: what R, Python or a
database expect); this rewrites that text for a spreadsheet set to French, which splits on
`;` and reads «0,962» as a number and «0.962» as text. Every other cell goes through the
one formula neutraliser (analysis/formulas.py), which leaves an already neutralised cell
as it is.
"""

from __future__ import annotations

import csv
import io
import re

from .formulas import neutralise

DECIMAL = re.compile(r"-?\d+\.\d+")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def french_excel_cell(cell: str) -> str:
    """A number with its decimal comma (a negative one stays a number); other text made inert."""
    if NUMBER.fullmatch(cell):
        return cell.replace(".", ",") if DECIMAL.fullmatch(cell) else cell
    return neutralise(cell)


def for_french_excel(plain: str) -> str:
    """The CSV text `plain` (comma separated) with `;` separators and decimal commas."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in csv.reader(io.StringIO(plain.lstrip("\ufeff"), newline="")):
        writer.writerow([french_excel_cell(cell) for cell in row])
    return out.getvalue()
