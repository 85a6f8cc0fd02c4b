"""Test data shared by several test modules."""

from __future__ import annotations

import csv
import io
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def valid_answers(**overrides):
    """A complete, valid set of answers to the bundled questionnaire."""
    answers = {
        "profil": "particulier",
        "motif": "titre_sejour",
        "horaires": "satisfait",
        "signaletique": "tres_satisfait",
        "confort": "satisfait",
        "confidentialite": "tres_satisfait",
        "courtoisie": "tres_satisfait",
        "langage": "satisfait",
        "file_attente": "peu_satisfait",
        "attente": "10_20",
        "appel_prealable": "oui",
        "info_telephone": "sans_avis",
        "site_internet": "satisfait",
        "satisfaction_globale": "tres_satisfait",
        "commentaire": "Accueil très aimable.",
    }
    answers.update(overrides)
    return {k: v for k, v in answers.items() if v is not None}


# Text that a spreadsheet would run as a formula: at the start of a cell, and after a
# separator of another spreadsheet's (`;` for French Excel, `,`, tab) or a line break.
FORMULA_PAYLOADS = (
    "=1+1",
    '=HYPERLINK("http://x","clic")',
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "x;=2+3",
    "x,=2+3",
    "x\t+2",
    "x\n-2+3",
    'x;"=2+3"',
    "x; @SUM(A1)",
    'a,b";=1+2',
)
_NUMBER = re.compile(r"[-+]?\d+([.,]\d+)?([eE][-+]?\d+)?")  # 0,962 in a French Excel CSV


def formula_cells(csv_text: str) -> list[str]:
    """The cells of a CSV file that a spreadsheet would run as formulas, whichever of `,`,
    `;` or tab it splits the lines on (numbers such as -0.03 are numbers, not formulas)."""
    found = []
    text = csv_text.lstrip("\ufeff")
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            for cell in row:
                shown = cell.lstrip(' "')
                if shown.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(shown):
                    found.append(cell)
    return found


def formula_cells_xlsx(content: bytes) -> list[str]:
    """The cells of a workbook that are formulas or text starting like one."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
        or (isinstance(cell.value, str) and cell.value.lstrip(' "').startswith(FORMULA_STARTS))
    ]
