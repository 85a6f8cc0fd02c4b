"""`survey report` draws a DOCX or PDF's charts in a second process (chart_process.py): the
images are the bytes drawing them here gives, in the same set, and a process that fails or
dies leaves the charts to be drawn here rather than missing."""

from __future__ import annotations

import dataclasses

from analysis.report import static_charts
from analysis.report.chart_process import ChartProcess
from analysis.report.printed import chart_names
from tests.analysis.test_report_golden import golden_report


def test_the_drawing_process_gives_the_bytes_drawn_here():
    report = golden_report()
    names = chart_names(report)
    with ChartProcess() as drawing:
        arriving = drawing.charts(report, names)
        received = {name: arriving[name] for name in names}
        assert drawing._process.wait() == 0  # it drew them all and ended by itself

    assert received == static_charts.png_charts(report, names) and received


def test_a_chart_with_nothing_to_draw_is_left_out_as_here():
    report = dataclasses.replace(golden_report(), heatmap=None)
    with ChartProcess() as drawing:
        arriving = drawing.charts(report, ["heatmap", "rates"])
        assert "heatmap" not in arriving and "rates" in arriving
        assert list(arriving) == ["rates"] and len(arriving) == 1


def test_a_process_that_dies_mid_way_leaves_the_rest_to_be_drawn_here():
    report = golden_report()
    names = chart_names(report)
    with ChartProcess() as drawing:
        arriving = drawing.charts(report, names)
        first = arriving[names[0]]
        drawing._process.kill()
        drawing._process.wait()
        rest = {name: arriving[name] for name in names[1:]}

    assert {names[0]: first, **rest} == static_charts.png_charts(report, names)


def test_a_process_stopped_before_the_report_leaves_every_chart_to_be_drawn_here():
    report = golden_report()
    drawing = ChartProcess()
    drawing.stop()
    arriving = drawing.charts(report, ["channels", "rates"])

    assert dict(arriving) == static_charts.png_charts(report, ["channels", "rates"])


def test_the_process_draws_every_chart_before_any_is_asked_for():
    """Its charts are read as they come: more than a pipe holds never holds it back while
    the caller is busy (the PDF's renderer loading fpdf2)."""
    report = golden_report()
    names = chart_names(report)
    with ChartProcess() as drawing:
        arriving = drawing.charts(report, names)
        assert drawing._process.wait(timeout=120) == 0  # done, nothing asked for yet
        received = dict(arriving)

    assert sum(map(len, received.values())) > 65_536  # more than a Linux pipe holds
    assert received == static_charts.png_charts(report, names)
