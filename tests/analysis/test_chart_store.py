"""The printed charts kept on disk (chart_store.py): another process finds the bytes it
would draw; a report whose content differs never gets another's charts; the folder stays
bounded, keeping the reports used last; a damaged file is drawn and written again."""

from __future__ import annotations

import dataclasses
import os

import pytest

from analysis.report import chart_store, static_charts
from analysis.report.printed import chart_names
from tests.analysis.test_report_golden import golden_report


@pytest.fixture(autouse=True)
def _no_charts_in_memory():
    """Each lookup goes to the disk, as in a process that never drew this report."""
    static_charts._DRAWN.clear()
    yield
    static_charts._DRAWN.clear()


def _kept(folder):
    return sorted(folder.glob("*" + chart_store.SUFFIX))


def test_charts_kept_on_disk_are_the_bytes_drawn(tmp_path):
    report = golden_report()
    names = chart_names(report)
    drawn = static_charts.png_charts(report, names, tmp_path)
    static_charts._DRAWN.clear()

    key = chart_store.content_key(report, tuple(names))
    assert chart_store.load(tmp_path, key) == drawn and drawn
    assert static_charts.png_charts(golden_report(), names, tmp_path) == drawn
    assert len(_kept(tmp_path)) == 1


def test_a_report_whose_figures_changed_never_gets_the_charts_kept_before(tmp_path):
    report = golden_report()
    before = static_charts.png_charts(report, ["rates"], tmp_path)
    changed = dataclasses.replace(report, threshold=report.threshold - 0.2)

    assert chart_store.load(tmp_path, chart_store.content_key(changed, ("rates",))) is None
    after = static_charts.png_charts(changed, ["rates"], tmp_path)
    assert after["rates"] != before["rates"]  # the threshold line moved: drawn again
    assert len(_kept(tmp_path)) == 2


def test_the_key_covers_the_chart_names_asked():
    report = golden_report()
    assert chart_store.content_key(report, ("rates",)) != chart_store.content_key(
        report, ("rates", "channels")
    )


def test_the_folder_keeps_the_reports_used_last(tmp_path):
    keys = [bytes([step]) * 32 for step in range(chart_store.KEPT + 3)]
    for step, key in enumerate(keys[: chart_store.KEPT]):
        chart_store.store(tmp_path, key, {"channels": b"png %d" % step})
        os.utime(tmp_path / (key.hex() + chart_store.SUFFIX), (step, step))  # older first
    chart_store.load(tmp_path, keys[0])  # the oldest, used again
    for key in keys[chart_store.KEPT :]:
        chart_store.store(tmp_path, key, {"channels": b"new"})

    assert len(_kept(tmp_path)) == chart_store.KEPT
    assert chart_store.load(tmp_path, keys[0]) == {"channels": b"png 0"}
    assert [chart_store.load(tmp_path, key) for key in keys[1:4]] == [None] * 3
    assert chart_store.load(tmp_path, keys[-1]) == {"channels": b"new"}


def test_a_damaged_file_is_drawn_and_written_again(tmp_path):
    report = golden_report()
    drawn = static_charts.png_charts(report, ["channels"], tmp_path)
    static_charts._DRAWN.clear()
    (path,) = _kept(tmp_path)
    path.write_bytes(path.read_bytes()[:1000])  # cut short

    assert static_charts.png_charts(report, ["channels"], tmp_path) == drawn
    assert chart_store.load(tmp_path, chart_store.content_key(report, ("channels",))) == drawn


def test_a_folder_that_cannot_be_written_still_gives_the_charts(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")

    assert static_charts.png_charts(golden_report(), ["channels"], blocked / "charts")
