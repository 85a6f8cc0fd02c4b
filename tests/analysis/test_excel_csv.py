"""CSV for a French Excel: `;` separators, decimal commas, formulas inert (pure)."""

from __future__ import annotations

import csv
import io

import pytest

from analysis.excel_csv import for_french_excel, french_excel_cell
from analysis.formulas import neutralise


@pytest.mark.parametrize(
    "cell,shown",
    [
        ("0.962", "0,962"),
        ("-0.03", "-0,03"),  # a negative number stays a number, not text
        ("104", "104"),
        ("0612345678", "0612345678"),
        ("2026-03-04", "2026-03-04"),
        ("v1.2.3", "v1.2.3"),
        ("=1+1", "'=1+1"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        (neutralise("x;=2+3"), "x;'=2+3"),  # already neutralised: left as it is
        ("Très bien, merci", "Très bien, merci"),
    ],
)
def test_numbers_get_a_decimal_comma_and_text_is_made_inert(cell, shown):
    assert french_excel_cell(cell) == shown


def test_a_plain_csv_is_rewritten_with_semicolons_keeping_every_cell():
    plain = 'site,taux,commentaire\r\nPréfecture,0.962,"Bien; très bien, merci"\r\n'
    excel = for_french_excel("\ufeff" + plain)
    assert excel == 'site;taux;commentaire\r\nPréfecture;0,962;"Bien; très bien, merci"\r\n'
    rows = list(csv.reader(io.StringIO(excel, newline=""), delimiter=";"))
    assert rows[1] == ["Préfecture", "0,962", "Bien; très bien, merci"]
