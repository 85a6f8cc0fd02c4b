"""One number, one presentation: every percentage of one report reads the same in text,
HTML, DOCX, PDF and XLSX, and on the charts (plotly and matplotlib).

The report is the golden one (tests/analysis/golden), whose figures used to disagree: the
overall sentence said «97 % (74 % très satisfaits et 23 % satisfaits)» beside 97,1 % and
23,1 % in the tables, and the profile's 96,15 % read 96,1 % (pushed down so the parts made
100 %) where a spreadsheet shows 96,2 %.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest

from analysis.report import render
from analysis.report.charts import figure
from analysis.report.printed import chart_names
from analysis.report.static_charts import FIGURES
from analysis.tally import GroupedTally
from tests.analysis.test_report_golden import golden_report

PERCENT = re.compile(r"(\d[\d\u202f]*(?:,\d+)?)[\u00a0 ]?%")


def percents(text: str) -> set[str]:
    """«97,1 %», «97,1 %», «97,1%» -> {"97,1"}; the way a reader compares them."""
    return set(PERCENT.findall(text))


@pytest.fixture(scope="module")
def report():
    by_hour = GroupedTally.from_rows(
        [
            (0, 9, "satisfaction_globale", "tres_satisfait", 5),
            (0, 9, "satisfaction_globale", "satisfait", 2),
            (3, 14, "satisfaction_globale", "satisfait", 5),
            (3, 14, "satisfaction_globale", "peu_satisfait", 8),
        ],
        ("weekday", "hour"),
    )
    return golden_report(by_weekday_hour=by_hour)


@pytest.fixture(scope="module")
def text(report):
    return render(report, "text")


@pytest.fixture(scope="module")
def rendered(report):
    """Each document rendered once for the whole module (DOCX and PDF draw the charts)."""
    return {fmt: render(report, fmt) for fmt in ("html", "docx", "pdf", "xlsx")}


def text_rows(text: str, labels: list[str]) -> dict[str, set[str]]:
    rows = defaultdict(set)
    for line in text.splitlines():
        for label in labels:
            if line.startswith(label + "  "):
                rows[label] |= percents(line)
    return rows


class _Rows(HTMLParser):
    """Table rows of an HTML page (label -> its percentages) and the text outside scripts."""

    def __init__(self):
        super().__init__()
        self.rows, self.text, self.row, self.in_script = defaultdict(set), [], None, False

    def handle_starttag(self, tag, attrs):
        self.in_script |= tag == "script"
        if tag == "tr":
            self.row = []

    def handle_endtag(self, tag):
        self.in_script &= tag != "script"
        if tag == "tr" and self.row:
            self.rows[self.row[0]] |= percents(" ".join(self.row[1:]))
            self.row = None

    def handle_data(self, data):
        if not self.in_script:
            self.text.append(data)
            if self.row is not None and data.strip():
                self.row.append(data)


def docx_rows(content: bytes) -> tuple[dict[str, set[str]], str]:
    from docx import Document

    document = Document(io.BytesIO(content))
    rows = defaultdict(set)
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text for cell in row.cells]
            rows[cells[0]] |= percents(" ".join(cells[1:]))
    words = [p.text for p in document.paragraphs]
    words += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return rows, "\n".join(words)


def xlsx_text(cell) -> str | None:
    """A cell as the spreadsheet shows it, from its value and its number format."""
    value, fmt = cell.value, cell.number_format
    if not isinstance(value, float | int) or "%" not in fmt:
        return None
    decimals = len(fmt.split(".")[1].split('"')[0]) if "." in fmt else 0
    return f"{value * 100:.{decimals}f}".replace(".", ",")


def xlsx_rows(content: bytes) -> dict[str, set[str]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    rows = defaultdict(set)
    for name, label_column in (("Éléments", 1), ("Répartition", 0)):
        for row in book[name].iter_rows(min_row=2):
            shown = {xlsx_text(cell) for cell in row} - {None}
            rows[row[label_column].value] |= shown
    for row in book["Choix"].iter_rows(min_row=2):
        rows[row[0].value] |= {xlsx_text(row[4])} - {None}
    return rows


def test_every_item_shows_the_same_percentages_in_text_html_docx_and_xlsx(report, text, rendered):
    labels = [row.label for row in report.items]
    expected = text_rows(text, labels)
    assert expected["Satisfaction globale"] >= {"97,1", "74", "23,1", "91,9", "99", "90"}
    parser = _Rows()
    parser.feed(rendered["html"])
    docx, _ = docx_rows(rendered["docx"])
    xlsx = xlsx_rows(rendered["xlsx"])
    for label in labels:
        assert parser.rows[label] == expected[label], ("html", label)
        assert docx[label] == expected[label], ("docx", label)
        assert xlsx[label] == expected[label], ("xlsx", label)


def test_a_sentence_shows_the_figures_of_its_item_row(report, text, rendered):
    rows = text_rows(text, ["Satisfaction globale", report.items[4].label])
    assert percents(report.overall) <= rows["Satisfaction globale"]
    assert percents(report.positive_points[0]) <= rows[report.items[4].label]  # courtoisie


def test_the_choice_shares_of_the_sentences_are_the_xlsx_shares(report, rendered):
    xlsx = xlsx_rows(rendered["xlsx"])
    for section in report.choice_sections:
        question = report.questionnaire.item(section.item_key).label["fr"]
        for _, _, line in section.lines:
            assert percents(line) <= xlsx[question], line
    assert "96,2" in xlsx["Vous êtes\u00a0:"]


def test_the_whole_document_has_the_same_percentages_in_every_format(report, text, rendered):
    from pypdf import PdfReader

    expected = percents(text)
    parser = _Rows()
    parser.feed(rendered["html"])
    assert percents(" ".join(parser.text)) == expected
    assert percents(docx_rows(rendered["docx"])[1]) == expected
    pdf = PdfReader(io.BytesIO(rendered["pdf"]))
    assert percents(" ".join(page.extract_text() for page in pdf.pages)) == expected


def test_chart_labels_are_figures_of_the_text(report, text, rendered):
    expected = percents(text)
    for name in chart_names(report):
        drawn = figure(report, name)
        shown = [
            (*(trace.get("text") or ()), *(trace.get("customdata") or ()))
            for trace in drawn["data"]
        ]
        labels = [
            str(t) for texts in shown for t in texts if t is not None and len(t)
        ]  # hovers too
        assert percents(" ".join(labels)) <= expected, name
        static = FIGURES[name](report)
        texts = [t.get_text() for axes in static.axes for t in axes.texts]
        assert texts and percents(" ".join(texts)) <= expected, name
    assert {"74", "23,1"} <= percents(
        " ".join(t.get_text() for a in FIGURES["overall"](report).axes for t in a.texts)
    )
