"""Every output format says the same numbers and opens with its own library."""

from __future__ import annotations

import csv
import io
import json
import re
import sys

import pytest

from analysis.campaign import campaign_results
from analysis.report import FORMATS, build_report, render
from analysis.tally import GroupedTally, Tally
from questionnaires import bundled_path, load_questionnaire

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def report():
    questionnaire = load_questionnaire(bundled_path())
    rows = [
        ("profil", "particulier", 9),
        ("profil", "professionnel", 1),
        ("courtoisie", "tres_satisfait", 734),
        ("courtoisie", "satisfait", 234),
        ("courtoisie", "peu_satisfait", 32),
        ("satisfaction_globale", "satisfait", 9),
        ("satisfaction_globale", "peu_satisfait", 1),
    ]
    results = campaign_results(
        questionnaire, Tally.from_rows(rows, {"kiosk": 95, "web": 9}, {"kiosk": 311})
    )
    by_hour = GroupedTally.from_rows(
        [
            (0, 9, "satisfaction_globale", "satisfait", 6),
            (3, 14, "satisfaction_globale", "peu_satisfait", 1),
        ],
        ("weekday", "hour"),
    )
    by_channel = GroupedTally.from_rows(
        [("kiosk", "satisfaction_globale", "satisfait", 9)], ("channel",)
    )
    return build_report(
        questionnaire,
        results,
        title="=Enquête accueil 2026",  # starts like a formula: spreadsheets must show it as text
        grouped={"channel": by_channel},
        by_weekday_hour=by_hour,
    )


def test_html_is_self_contained_with_plotly_embedded_and_no_remote_script_or_link(report):
    page = render(report, "html")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", page)
    assert "<script src" not in page and "<link" not in page
    from analysis.report.html import report_plotlyjs

    bundle = report_plotlyjs(frozenset({"bar", "heatmap"}))
    assert bundle[:2000] in page  # plotly.js itself, not a reference to it
    assert page.count("Plotly.newPlot(") == 5  # channels, overall, rates, distribution, heatmap


def test_html_report_weighs_at_most_one_and_a_half_megabytes(report):
    page = render(report, "html").encode("utf-8")
    assert len(page) <= 1_500_000  # the whole plotly.js alone is 4.8 MB


def test_the_reports_plotly_bundle_is_the_plotly_packages_version_and_draws_its_charts():
    """Fails after a plotly upgrade until analysis/report/vendor/ is rebuilt (its README)."""
    from plotly.offline import get_plotlyjs

    from analysis.report.html import _partial, bundle_banner

    version, traces = bundle_banner(_partial())
    assert version is not None and version == bundle_banner(get_plotlyjs())[0]
    assert traces == {"core", "bar", "heatmap"}


def test_a_chart_the_bundle_cannot_draw_gets_the_whole_plotly_js():
    from plotly.offline import get_plotlyjs

    from analysis.report.html import report_plotlyjs

    assert report_plotlyjs(frozenset({"bar", "pie"})) == get_plotlyjs()
    assert len(report_plotlyjs(frozenset({"bar"}))) < len(get_plotlyjs()) / 3


def test_html_charts_have_captions_and_text_alternatives(report):
    page = render(report, "html")
    assert page.count("<figure") == page.count("<figcaption>") == 5
    assert page.count('role="img" aria-label=') == 5
    assert "Données du graphique (tableau)" in page
    assert f"<td>96,8{NBSP}%</td>" in page or f'<td class="num">96,8{NBSP}%</td>' in page
    assert '<html lang="fr">' in page


def test_every_chart_is_a_figure_plotly_accepts(report):
    """The charts are plain dicts for speed: plotly's own validation still reads each one
    (an unknown property or a wrong value type raises)."""
    import plotly.graph_objects as go

    from analysis.report.charts import FIGURES, drawable, figure

    for name in FIGURES:
        drawn = go.Figure(drawable(figure(report, name)))
        assert drawn.data and drawn.layout.template.layout.plot_bgcolor == "white", name
    threshold = go.Figure(drawable(figure(report, "rates"))).layout.shapes[0]
    assert threshold.line.width and threshold.opacity == 1  # the template draws no line


def test_charts_do_not_rely_on_colour_alone(report):
    from analysis.report.charts import figure

    distribution = figure(report, "distribution")
    patterns = [trace["marker"]["pattern"]["shape"] for trace in distribution["data"]]
    assert len(set(patterns)) == len(patterns) == 4  # one fill pattern per answer
    rates = figure(report, "rates")["data"][0]
    assert f"96,8{NBSP}%" in rates["text"] and rates["error_x"]["array"]  # value + interval
    assert "/" in rates["marker"]["pattern"]["shape"]  # small samples are hatched
    heatmap = figure(report, "heatmap")["data"][0]
    assert heatmap["texttemplate"] == "%{text}" and f"100{NBSP}%<br>(6)" in heatmap["text"][0]


def test_docx_opens_and_contains_the_sentences_and_rates(report):
    from docx import Document

    from analysis.report.word import render_docx

    document = Document(io.BytesIO(render_docx(report, with_charts=False)))
    paragraphs = [p.text for p in document.paragraphs]
    assert report.participation in paragraphs
    assert report.positive_points[0] in paragraphs
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert f"96,8{NBSP}%" in cells and f"90{NBSP}%" in cells
    assert document.core_properties.language == "fr-FR"


def test_xlsx_opens_with_numbers_as_numbers_in_percent_format(report):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert book.sheetnames == [
        "Synthèse", "Éléments", "Répartition", "Choix", "Groupes", "Jour et heure"
    ]  # fmt: skip
    items = book["Éléments"]
    header = [cell.value for cell in items[1]]
    rate_column = header.index("Taux de satisfaction") + 1
    rows = {row[0].value: row for row in items.iter_rows(min_row=2)}
    rate = rows["courtoisie"][rate_column - 1]
    assert rate.value == 0.968 and rate.number_format == '0.0"\u00a0"%'
    assert rows["courtoisie"][header.index("Avis exprimés")].value == 1000
    summary = book["Synthèse"]
    assert summary["A1"].value == "'=Enquête accueil 2026"  # neutralised, not a formula
    assert summary["A1"].data_type == "s"


def test_json_has_the_numbers_and_the_sentences(report):
    data = json.loads(render(report, "json"))
    courtoisie = next(i for i in data["items"] if i["item"] == "courtoisie")
    assert (courtoisie["n"], courtoisie["satisfied"]) == (1000, 968)
    assert courtoisie["satisfaction_rate"] == 0.968
    assert data["text"]["participation"] == report.participation
    assert data["channels"][0]["participation_rate"] == 95 / 311
    assert data["heatmap"]["cells"][0] == {
        "weekday": 0, "weekday_name": "lundi", "hour": 9, "n": 6, "satisfied": 6,
        "satisfaction_rate": 1.0,
    }  # fmt: skip


def test_csv_has_one_row_per_rating_item_with_machine_numbers(report):
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert [r["item"] for r in rows] == [i.item_key for i in report.items]
    courtoisie = next(r for r in rows if r["item"] == "courtoisie")
    assert (courtoisie["n"], courtoisie["satisfaction_rate"]) == ("1000", "0.968")
    assert courtoisie["is_small_sample"] == "false"


def test_every_format_renders_and_an_unknown_one_is_refused(report):
    for fmt in FORMATS:
        if fmt not in ("docx", "pdf"):  # drawn with their charts in test_report_printed.py
            assert render(report, fmt)
    with pytest.raises(ValueError, match="unknown report format"):
        render(report, "odt")


def test_the_report_package_never_imports_the_web_service_or_the_database():
    import subprocess

    modules = ["analysis.report." + m for m in ("html", "word", "excel", "text", "data")]
    code = (
        f"import sys, {', '.join(modules)}; "
        "top = {m.split('.')[0] for m in sys.modules}; "
        "print(sorted(top & {'flask', 'sqlalchemy', 'survey_app'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
