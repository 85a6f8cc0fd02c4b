"""One formula neutraliser for every CSV and XLSX export, that holds whichever separator
the spreadsheet splits on (analysis.formulas)."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest

from analysis.formulas import neutralise
from analysis.national.compute import national_results
from analysis.national.output import render_csv as national_csv
from analysis.national.xlsx import render_xlsx as national_xlsx
from analysis.report import render
from tests.analysis.test_national import ITEMS, site
from tests.analysis.test_report_formats import report  # noqa: F401 - the fixture
from tests.helpers import FORMULA_PAYLOADS, formula_cells, formula_cells_xlsx


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\0"])
def test_a_cell_starting_like_a_formula_gets_an_apostrophe(start):
    assert neutralise(start + "1") == "'" + start + "1"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("x;=2+3", "x;'=2+3"),
        ("x,+1", "x,'+1"),
        ("x\t@SUM(A1)", "x\t'@SUM(A1)"),
        ("ligne\n-2+3", "ligne\n'-2+3"),
        ('x;"=2+3"', 'x;\'"=2+3"'),
        ("x; =2+3", "x;' =2+3"),
    ],
)
def test_a_formula_after_a_separator_or_a_line_break_gets_an_apostrophe(text, expected):
    assert neutralise(text) == expected


@pytest.mark.parametrize(
    "text", ["Très bien, merci", "attente 10-20 min", "a@b.fr", "note 4,5/5", "", "x = 2"]
)
def test_ordinary_text_is_unchanged(text):
    assert neutralise(text) == text


@pytest.mark.parametrize("written_with", [",", ";", "\t"])
def test_no_cell_runs_as_a_formula_whichever_separator_the_spreadsheet_splits_on(written_with):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=written_with)
    writer.writerows(["avant", neutralise(payload), "après"] for payload in FORMULA_PAYLOADS)
    assert formula_cells(out.getvalue()) == []
    read = list(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter=written_with))
    assert [row[1] for row in read] == [neutralise(p) for p in FORMULA_PAYLOADS]


def test_the_check_itself_finds_what_the_old_start_only_rule_let_through():
    out = io.StringIO()
    csv.writer(out).writerow(["avant", "x;=2+3", "après"])
    assert formula_cells(out.getvalue()) == ["=2+3,après"]  # split on ";"


def test_the_report_csv_and_xlsx_neutralise_labels_and_title(report):  # noqa: F811
    hostile = dataclasses.replace(
        report,
        title="x;=2+3",
        items=tuple(
            dataclasses.replace(row, label=FORMULA_PAYLOADS[i % len(FORMULA_PAYLOADS)])
            for i, row in enumerate(report.items)
        ),
    )
    assert formula_cells(render(hostile, "csv")) == []
    assert formula_cells_xlsx(render(hostile, "xlsx")) == []


def test_the_national_csv_and_xlsx_neutralise_site_names_and_campaigns():
    sites = []
    for index, payload in enumerate(FORMULA_PAYLOADS):
        tally = site(f"s{index}", 50, 5)
        sites.append(dataclasses.replace(tally, name=payload, campaigns=(payload, "x;@A1")))
    results = national_results(ITEMS, sites)
    assert formula_cells(national_csv(results)) == []
    assert formula_cells_xlsx(national_xlsx(results, heading=["x;=2+3"])) == []
