"""Comparison with another campaign: matched items only, difference in points, significance."""

import json

import pytest

from analysis.campaign import campaign_results
from analysis.comparison import compare
from analysis.tally import Tally


def _satisfied_out_of(key, satisfied, n, sans_avis=0):
    return [
        (key, "satisfait", satisfied),
        (key, "peu_satisfait", n - satisfied),
        (key, "sans_avis", sans_avis),
    ]


def test_only_rating_items_present_in_both_campaigns_are_compared(build):
    this_year = build.questionnaire(
        build.rating("accueil"), build.rating("nouveau"), build.choice("profil", ("a", "b"))
    )
    last_year = build.questionnaire(
        build.rating("ancien"), build.rating("accueil"), build.choice("profil", ("a", "b"))
    )
    comparisons = compare(
        campaign_results(this_year, Tally()), campaign_results(last_year, Tally())
    )
    assert [c.item_key for c in comparisons] == ["accueil"]


def test_difference_is_in_points_current_minus_previous_and_sans_avis_is_ignored(build):
    q = build.questionnaire(build.rating("accueil"))
    current = campaign_results(q, Tally.from_rows(_satisfied_out_of("accueil", 90, 100, 30)))
    previous = campaign_results(q, Tally.from_rows(_satisfied_out_of("accueil", 80, 100, 2)))
    (comparison,) = compare(current, previous)
    assert comparison.difference_points == 10.0
    # 90/100 vs 80/100 has p = 0.0477 (see test_stats): significant at 5 %.
    assert comparison.test.p_value == pytest.approx(0.04767, abs=1e-5)
    assert comparison.is_significant


def test_a_small_change_is_not_significant(build):
    q = build.questionnaire(build.rating("accueil"))
    current = campaign_results(q, Tally.from_rows(_satisfied_out_of("accueil", 80, 100)))
    previous = campaign_results(q, Tally.from_rows(_satisfied_out_of("accueil", 85, 100)))
    (comparison,) = compare(current, previous)
    assert comparison.difference_points == -5.0
    assert not comparison.is_significant


def test_same_gap_becomes_significant_with_more_answers(build):
    q = build.questionnaire(build.rating("accueil"))
    current = campaign_results(q, Tally.from_rows(_satisfied_out_of("accueil", 850, 1000)))
    previous = campaign_results(q, Tally.from_rows(_satisfied_out_of("accueil", 800, 1000)))
    assert compare(current, previous)[0].is_significant


def test_item_without_answers_on_one_side_is_listed_but_untested(build):
    q = build.questionnaire(build.rating("accueil"))
    current = campaign_results(q, Tally.from_rows(_satisfied_out_of("accueil", 9, 10)))
    previous = campaign_results(q, Tally.from_rows([("accueil", "sans_avis", 3)]))
    (comparison,) = compare(current, previous)
    assert comparison.test is None
    assert comparison.difference_points is None
    assert not comparison.is_significant
    data = json.loads(json.dumps(comparison.to_dict()))
    assert data == {
        "item": "accueil",
        "current_rate": 0.9,
        "previous_rate": None,
        "current_n": 10,
        "previous_n": 0,
        "difference_points": None,
        "z": None,
        "p_value": None,
        "is_significant": False,
    }
