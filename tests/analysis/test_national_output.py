"""The national view's table order, text, CSV and chart."""

from __future__ import annotations

import csv
import io
import json

import pytest

from analysis.national.chart import national_figure
from analysis.national.compute import national_results
from analysis.national.output import render_csv, render_json, render_text, sort_sites
from tests.analysis.test_national import ITEMS, site

NBSP = "\u00a0"


def results():
    sites = [
        site("a", 60, 40, courtoisie=5),
        site("b", 95, 5),
        site("petit", 12, 0, courtoisie=9),
        site("c", 80, 20, courtoisie=1),
    ]
    return national_results(ITEMS, sites)


def test_sorting_by_any_column_keeps_small_samples_below_the_ranked_sites():
    sites = results().sites
    by_rate = sort_sites(sites, "rate", descending=True)
    assert [s.slug for s in by_rate] == ["b", "c", "a", "petit"]
    by_name = sort_sites(sites, "site", descending=True)
    assert [s.slug for s in by_name] == ["c", "b", "a", "petit"]
    by_rank_reversed = sort_sites(sites, "rank", descending=True)
    assert [s.slug for s in by_rank_reversed] == ["a", "c", "b", "petit"]


def test_sorting_by_an_item_puts_sites_without_answers_to_it_last():
    ordered = sort_sites(results().sites, "courtoisie", descending=True)
    assert [s.slug for s in ordered] == ["a", "c", "b", "petit"]  # b has no courtoisie answer
    assert ordered[2].rating("courtoisie").satisfaction_rate is None


def test_text_shows_ranked_sites_small_samples_apart_and_the_total_in_french():
    text = render_text(results(), ["Vue nationale — test"])
    assert text.startswith("Vue nationale — test\n")
    ranked = text.split("Sites classés")[1].split("Sites à faible effectif")[0]
    assert "B" in ranked and "PETIT" not in ranked
    assert "non classés" in text and "PETIT" in text.split("non classés")[1]
    assert f"95{NBSP}%" in text and f"96,6{NBSP}%" not in text
    assert "Ensemble des sites" in text
    assert "Satisfaction globale" in text


def test_csv_has_one_row_per_site_then_the_total_with_dot_decimals():
    rows = list(csv.DictReader(io.StringIO(render_csv(results()))))
    assert [r["site"] for r in rows] == ["b", "c", "a", "petit", "national"]
    b = rows[0]
    assert (b["rank"], b["n"], b["satisfied"], b["satisfaction_rate"]) == ("1", "100", "95", "0.95")
    assert rows[3]["rank"] == "" and rows[3]["is_small_sample"] == "true"
    assert rows[-1]["responses"] == str(103 + 103 + 15 + 103)
    assert rows[0]["courtoisie_n"] == "0" and rows[0]["courtoisie_rate"] == ""


def test_a_site_name_starting_like_a_formula_is_neutralised_in_the_csv():
    hostile = site("x", 50, 0)
    hostile = type(hostile)(hostile.slug, "=HYPERLINK(1)", hostile.tally, ("@SUM(A1)",))
    (row,) = [
        r
        for r in csv.DictReader(io.StringIO(render_csv(national_results(ITEMS, [hostile]))))
        if r["site"] == "x"
    ]
    assert row["name"] == "'=HYPERLINK(1)" and row["campaigns"] == "'@SUM(A1)"


def test_tiny_p_values_keep_their_digits_in_the_csv():
    far_apart = national_results(ITEMS, [site("haut", 990, 10), site("bas", 500, 500)])
    rows = list(csv.DictReader(io.StringIO(render_csv(far_apart))))
    assert 0 < float(rows[0]["p_value_holm"]) < 1e-100


def test_json_puts_the_description_first_then_the_numbers():
    data = json.loads(render_json(results(), {"questionnaire": "accueil"}))
    assert list(data)[:2] == ["questionnaire", "rank_item"]
    assert [s["site"] for s in data["sites"]] == ["b", "c", "a", "petit"]


def test_the_chart_hatches_small_samples_and_draws_the_national_rate():
    import plotly.graph_objects as go

    from analysis.report.charts import drawable

    figure = go.Figure(drawable(national_figure(results())))  # plotly's own validation
    (bars,) = figure.data
    assert list(bars.y)[-1].startswith("PETIT")  # no rank number in front
    assert list(bars.y)[0] == "1. B (n = 100)"
    assert list(bars.marker.pattern.shape) == ["", "", "", "/"]
    assert "faible effectif" in bars.text[-1]
    (line,) = figure.layout.shapes
    assert line.x0 == pytest.approx((95 + 80 + 60 + 12) / (100 + 100 + 12 + 100) * 100)
    assert line.line.width and line.opacity == 1  # drawn: the template draws shapes unlined
    assert figure.layout.annotations[0].text.startswith("Ensemble")


def test_no_chart_without_answers():
    assert national_figure(national_results(ITEMS, [])) is None
