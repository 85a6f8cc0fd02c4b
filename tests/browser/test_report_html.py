"""The HTML report in real Chromium: it opens from disk, offline, and plotly draws every chart."""

from __future__ import annotations

import re

import pytest

from analysis.campaign import campaign_results
from analysis.report import build_report, render
from analysis.tally import GroupedTally, Tally
from questionnaires import bundled_path, load_questionnaire

LOCAL_SCHEMES = ("file:", "data:", "blob:")


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    """A report with every kind of chart: channels, rates, distributions, the heatmap."""
    questionnaire = load_questionnaire(bundled_path())
    rows = [
        ("profil", "particulier", 90), ("profil", "professionnel", 14),
        ("courtoisie", "tres_satisfait", 74), ("courtoisie", "satisfait", 23),
        ("courtoisie", "peu_satisfait", 3), ("file_attente", "satisfait", 40),
        ("file_attente", "peu_satisfait", 25), ("attente", "moins_10", 73),
        ("attente", "plus_30", 27), ("satisfaction_globale", "tres_satisfait", 60),
        ("satisfaction_globale", "satisfait", 37), ("satisfaction_globale", "sans_avis", 7),
    ]  # fmt: skip
    tally = Tally.from_rows(rows, {"kiosk": 95, "web": 9}, {"kiosk": 311})
    report = build_report(
        questionnaire,
        campaign_results(questionnaire, tally),
        title="Enquête accueil 2026",
        grouped={"channel": GroupedTally.from_rows(
            [("kiosk", "satisfaction_globale", "satisfait", 30),
             ("web", "satisfaction_globale", "tres_satisfait", 9)], ("channel",))},
        by_weekday_hour=GroupedTally.from_rows(
            [(0, 9, "satisfaction_globale", "satisfait", 6),
             (3, 14, "satisfaction_globale", "peu_satisfait", 1)], ("weekday", "hour")),
    )  # fmt: skip
    path = tmp_path_factory.mktemp("report") / "bilan.html"
    path.write_text(render(report, "html"), encoding="utf-8")
    return path


def test_html_report_opens_offline_and_plotly_draws_every_chart(page, report_file):
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(report_file.as_uri())
    expected = len(re.findall(r'<div id="chart-', report_file.read_text(encoding="utf-8")))
    assert expected >= 4  # channels, rates, distribution, heatmap at least
    page.wait_for_function(
        "n => [...document.querySelectorAll('.js-plotly-plot')]"
        "  .filter(el => el.querySelector('.main-svg')).length === n",
        arg=expected,
        timeout=15000,
    )
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map(el => ({
            id: el.id,
            traces: el._fullData.length,
            marks: el.querySelectorAll('.trace .point path, .hm image').length,
        }))"""
    )
    assert len(drawn) == expected
    for chart in drawn:
        assert chart["traces"] > 0 and chart["marks"] > 0, chart  # bars or heatmap on screen
    assert page.locator("h1").first.inner_text().startswith("Bilan qualité")  # the title block
    assert page.locator(".cover .subtitle").inner_text() == "Enquête accueil 2026"

    assert problems == []
    assert requests and all(url.startswith(LOCAL_SCHEMES) for url in requests), requests
