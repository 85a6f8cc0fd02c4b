"""The printed bilan (DOCX and PDF): A4, French, a title block, page numbers, and every chart
of the HTML report drawn as a picture on a fresh install (no browser, no optional extra)."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date

import pytest
from docx.oxml.ns import qn

from analysis.report import render
from analysis.report.charts import figure
from analysis.report.outline import Chart, blocks
from analysis.report.sentences import period_text
from tests.analysis.test_report_golden import golden_report

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def report():
    return dataclasses.replace(
        golden_report(), organisation="Préfecture du Rhône", year=2026, edited_on=date(2026, 12, 1)
    )


@pytest.fixture(scope="module")
def docx(report):
    from docx import Document

    return Document(io.BytesIO(render(report, "docx")))


@pytest.fixture(scope="module")
def pdf(report):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(render(report, "pdf")))


def html_charts(report) -> list[str]:
    """The charts the HTML report draws: a Chart block with something to plot."""
    return [b.name for b in blocks(report) if isinstance(b, Chart) and figure(report, b.name)]


def test_docx_page_is_a4_portrait_with_french_as_its_language(docx):
    section = docx.sections[0]
    size = section._sectPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pgSz"
    )
    width, height = (size.get(f"{{{size.nsmap['w']}}}{a}") for a in ("w", "h"))
    assert (width, height) == ("11906", "16838")
    styles = docx.styles.element.xml
    assert re.search(r'<w:docDefaults>.*w:lang w:val="fr-FR"', styles, re.S)
    assert docx.core_properties.language == "fr-FR"


def test_docx_opens_with_a_title_block_naming_the_site_year_period_and_edition(docx):
    first = [p.text for p in docx.paragraphs[:6]]
    assert first[0] == "PRÉFECTURE DU RHÔNE"
    assert first[1] == "Bilan qualité 2026 — Enquête de satisfaction"
    assert docx.paragraphs[1].style.name == "Title"
    assert "Enquête accueil 2026" in first
    assert "Enquête menée du 5 janvier au 20 décembre 2026." in first
    assert "Édité le 1er décembre 2026" in first


def test_html_opens_with_the_same_title_block(report):
    from html.parser import HTMLParser

    class Cover(HTMLParser):
        inside, lines = False, []

        def handle_starttag(self, tag, attrs):
            self.inside = self.inside or ("class", "cover") in attrs

        def handle_endtag(self, tag):
            self.inside = self.inside and tag != "header"

        def handle_data(self, data):
            if self.inside and data.strip():
                self.lines.append(data.strip())

    page = render(report, "html")
    parser = Cover()
    parser.feed(page)
    assert parser.lines == [
        "Préfecture du Rhône",  # upper case by its style, as in the DOCX
        "Bilan qualité 2026 — Enquête de satisfaction",
        "Enquête accueil 2026",
        "Enquête menée du 5 janvier au 20 décembre 2026.",
        "Édité le 1er décembre 2026",
    ]
    assert page.count("<h1>") == 1 and page.count("Enquête menée du") == 1
    assert (
        "<title>Bilan qualité 2026 — Enquête de satisfaction — Enquête accueil 2026</title>" in page
    )


def test_docx_pages_are_numbered_in_the_footer(docx):
    footer = docx.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Préfecture du Rhône — Bilan qualité 2026 — page ")
    codes = [node.text for node in footer._p.iter(qn("w:instrText"))]
    assert codes == [" PAGE ", " NUMPAGES "]


def test_docx_has_one_captioned_picture_per_chart_of_the_html_report(report, docx):
    charts = html_charts(report)
    assert len(charts) == 4  # channels, overall, rates, distribution (no heatmap data here)
    assert len(docx.inline_shapes) == len(charts)
    captions = [p.text for p in docx.paragraphs if p.style.name == "Caption"]
    figures = [c for c in captions if c.startswith("Figure ")]
    assert figures[0] == f"Figure 1{NBSP}: Répartition des réponses par canal"
    assert [int(c.split()[1]) for c in figures] == list(range(1, len(charts) + 1))
    assert any(c.startswith("Tableau 1") for c in captions)


def test_docx_headings_use_words_own_styles(docx):
    headings = [p for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert headings and {p.style.name for p in headings} <= {"Heading 1", "Heading 2"}
    assert "Résultats par élément" in [p.text for p in headings]


def test_pdf_pages_are_a4_with_the_same_charts_and_sentences(report, pdf):
    for page in pdf.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
            595,
            842,
        )
    assert sum(len(page.images) for page in pdf.pages) == len(html_charts(report))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    flat = re.sub(r"\s+", " ", text.replace(NBSP, " ").replace("\u202f", " "))
    assert "Bilan qualité 2026 — Enquête de satisfaction" in flat
    assert "Édité le 1er décembre 2026" in flat
    for sentence in (*report.positive_points, report.participation):
        assert re.sub(r"\s+", " ", sentence.replace(NBSP, " ")) in flat
    assert f"page 1 sur {len(pdf.pages)}" in flat
    assert pdf.metadata.title == "Bilan qualité 2026 — Enquête de satisfaction"


def test_charts_can_be_left_out_of_the_printed_documents(report):
    from docx import Document
    from pypdf import PdfReader

    from analysis.report.pdf import render_pdf
    from analysis.report.word import render_docx

    document = Document(io.BytesIO(render_docx(report, with_charts=False)))
    assert len(document.inline_shapes) == 0 and len(document.tables) >= 3
    assert sum(len(p.images) for p in PdfReader(io.BytesIO(render_pdf(report, False))).pages) == 0


@pytest.mark.parametrize(
    ("opens", "closes", "expected"),
    [
        (date(2020, 9, 14), date(2020, 9, 25), "du 14 au 25 septembre 2020"),
        (date(2021, 2, 28), date(2021, 3, 3), "du 28 février au 3 mars 2021"),
        (date(2025, 12, 1), date(2026, 1, 31), "du 1er décembre 2025 au 31 janvier 2026"),
        (date(2026, 3, 1), date(2026, 3, 1), "le 1er mars 2026"),
        (date(2026, 6, 1), date(2026, 6, 30), "du 1er au 30 juin 2026"),
    ],
)
def test_period_is_written_as_french_writes_a_range(opens, closes, expected):
    assert period_text(opens, closes) == f"Enquête menée {expected}"
