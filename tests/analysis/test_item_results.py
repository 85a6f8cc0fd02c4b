"""Per-item results: rates without «Sans avis», intervals, small samples, choice shares."""

import json
from decimal import Decimal

import pytest

from analysis.results import choice_result, rating_result, ratings_by_group
from analysis.stats import wilson_interval
from analysis.tally import GroupedTally, Tally


def _rating_tally(key="courtoisie", ts=0, s=0, ps=0, pds=0, sa=0):
    return Tally.from_rows(
        [
            (key, "tres_satisfait", ts),
            (key, "satisfait", s),
            (key, "peu_satisfait", ps),
            (key, "pas_du_tout_satisfait", pds),
            (key, "sans_avis", sa),
        ]
    )


def test_rate_excludes_sans_avis_from_the_denominator(build):
    # 40 + 20 satisfied, 10 + 10 not, 20 «Sans avis»: 60 / 80 = 75 %, not 60 / 100.
    result = rating_result(
        build.rating("courtoisie"), _rating_tally(ts=40, s=20, ps=10, pds=10, sa=20)
    )
    assert result.n == 80
    assert result.no_opinion == 20
    assert result.satisfied == 60
    assert result.satisfaction_rate == 0.75


def test_distribution_lists_expressed_values_in_scale_order_with_zeros(build):
    result = rating_result(build.rating("courtoisie"), _rating_tally(ts=3, pds=1, sa=2))
    assert list(result.distribution.items()) == [
        ("tres_satisfait", 3),
        ("satisfait", 0),
        ("peu_satisfait", 0),
        ("pas_du_tout_satisfait", 1),
    ]
    assert sum(result.distribution.values()) == result.n


def test_interval_is_the_wilson_interval_of_satisfied_over_n(build):
    result = rating_result(build.rating("courtoisie"), _rating_tally(ts=50, s=31, ps=182))
    assert result.satisfied == 81 and result.n == 263
    assert result.interval == wilson_interval(81, 263)
    assert result.interval == (pytest.approx(0.2553, abs=5e-5), pytest.approx(0.3662, abs=5e-5))


def test_item_with_only_sans_avis_has_no_rate_and_no_interval(build):
    result = rating_result(build.rating("courtoisie"), _rating_tally(sa=4))
    assert result.n == 0
    assert result.satisfaction_rate is None
    assert result.interval is None
    assert result.is_small_sample
    assert result.satisfied_split() == {}


def test_small_sample_flag_below_default_threshold_of_30(build):
    item = build.rating("courtoisie")
    assert rating_result(item, _rating_tally(ts=29, sa=10)).is_small_sample
    assert not rating_result(item, _rating_tally(ts=30)).is_small_sample


def test_small_sample_threshold_is_configurable(build):
    result = rating_result(build.rating("courtoisie"), _rating_tally(ts=40), small_sample_below=50)
    assert result.is_small_sample


def test_satisfied_split_shows_the_distribution_shares_and_the_rate_its_own(build):
    # 367 très satisfaits + 117 satisfaits out of 500: 73,4 % + 23,4 % = 96,8 %, as the
    # distribution table shows them (the split used to say 74 % + 23 % = 97 %).
    result = rating_result(build.rating("courtoisie"), _rating_tally(ts=367, s=117, ps=16))
    split = result.satisfied_split()
    assert split == {"tres_satisfait": Decimal("0.734"), "satisfait": Decimal("0.234")}
    assert result.shown_rate == Decimal("0.968")
    assert split["tres_satisfait"] == result.shown_distribution()["tres_satisfait"]


def test_rating_to_dict_is_json_ready(build):
    result = rating_result(build.rating("courtoisie"), _rating_tally(ts=3, s=1, sa=1))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["item"] == "courtoisie"
    assert data["n"] == 4 and data["no_opinion"] == 1 and data["satisfaction_rate"] == 1.0
    assert data["interval"][1] == 1.0
    assert data["is_small_sample"] is True


def test_choice_shares_are_among_those_who_answered(build):
    item = build.choice("profil", ("particulier", "professionnel", "association"))
    tally = Tally.from_rows([("profil", "particulier", 100), ("profil", "professionnel", 4)])
    result = choice_result(item, tally)
    assert result.n == 104
    assert result.shares == {"particulier": 100 / 104, "professionnel": 4 / 104, "association": 0.0}


def test_choice_options_keep_questionnaire_order_and_can_be_sorted_largest_first(build):
    item = build.choice("motif", ("a", "b", "c", "d"))
    tally = Tally.from_rows([("motif", "a", 2), ("motif", "b", 5), ("motif", "c", 2)])
    result = choice_result(item, tally)
    assert list(result.counts) == ["a", "b", "c", "d"]
    assert result.largest_first() == [("b", 5), ("a", 2), ("c", 2), ("d", 0)]


def test_choice_percentages_are_each_rounded_on_their_own(build):
    item = build.choice("motif", ("a", "b", "c"))
    result = choice_result(item, Tally.from_rows([("motif", v, 1) for v in "abc"]))
    percentages = result.percentages()
    assert percentages == {"a": Decimal("0.333"), "b": Decimal("0.333"), "c": Decimal("0.333")}


def test_unanswered_choice_has_no_shares(build):
    result = choice_result(build.choice("motif", ("a", "b")), Tally())
    assert result.n == 0
    assert result.shares == {"a": None, "b": None}
    assert result.to_dict()["shares"] == {"a": None, "b": None}


def test_yesno_item_gives_oui_and_non_shares(build):
    tally = Tally.from_rows([("appel_prealable", "oui", 3), ("appel_prealable", "non", 1)])
    result = choice_result(build.yesno("appel_prealable"), tally)
    assert result.shares == {"oui": 0.75, "non": 0.25}


def test_ratings_by_group_gives_one_result_per_hour_and_weekday(build):
    grouped = GroupedTally(
        {
            (0, 9): {
                ("satisfaction_globale", "satisfait"): 3,
                ("satisfaction_globale", "peu_satisfait"): 1,
            },
            (4, 16): {("satisfaction_globale", "sans_avis"): 2},
        },
        dimensions=("weekday", "hour"),
    )
    by_group = ratings_by_group(build.rating("satisfaction_globale"), grouped)
    assert by_group[(0, 9)].satisfaction_rate == 0.75
    assert by_group[(4, 16)].n == 0 and by_group[(4, 16)].no_opinion == 2
