"""The printed charts are drawn once per report content: the PDF after the DOCX (or a second
download of the same bilan) reuses them, a report that differs draws its own, and the
number of reports kept is bounded."""

from __future__ import annotations

import dataclasses

from analysis.report import static_charts
from analysis.report.printed import chart_names
from tests.analysis.test_report_golden import golden_report


def test_the_same_report_content_reuses_the_drawn_charts():
    names = chart_names(golden_report())
    first = static_charts.png_charts(golden_report(), names)
    again = static_charts.png_charts(golden_report(), names)  # a new, equal report

    assert first.keys() == again.keys() and first
    assert all(again[name] is first[name] for name in first)  # the same bytes, not redrawn


def test_a_report_that_differs_gets_its_own_charts():
    report = golden_report()
    before = static_charts.png_charts(report, ["rates"])
    moved = dataclasses.replace(report, threshold=report.threshold - 0.2)
    after = static_charts.png_charts(moved, ["rates"])

    assert after["rates"] != before["rates"]  # the threshold line moved


def test_the_cache_keeps_a_bounded_number_of_reports():
    report = golden_report()
    for step in range(static_charts.CACHED_REPORTS + 2):
        static_charts.png_charts(
            dataclasses.replace(report, title=f"Campagne {step}"), ["channels"]
        )

    assert len(static_charts._DRAWN) <= static_charts.CACHED_REPORTS
