"""The national view's numbers: totals, ranks, small samples apart, comparison, versions."""

from __future__ import annotations

import pytest

from analysis.national.compute import national_results
from analysis.national.sites import SiteTally, merged_items
from analysis.tally import Tally
from tests.analysis.conftest import choice, questionnaire, rating, text

ITEMS = (rating("courtoisie"), rating("satisfaction_globale", is_overall=True), text("commentaire"))


def site(slug: str, satisfied: int, unhappy: int, courtoisie: int = 0, extra=None) -> SiteTally:
    counts = {
        ("satisfaction_globale", "tres_satisfait"): satisfied,
        ("satisfaction_globale", "peu_satisfait"): unhappy,
        ("satisfaction_globale", "sans_avis"): 3,
        ("courtoisie", "satisfait"): courtoisie,
        **(extra or {}),
    }
    responses = satisfied + unhappy + 3
    return SiteTally(slug, slug.upper(), Tally({"web": responses}, counts), (f"{slug} 2025",))


def test_the_national_total_adds_every_site_up_and_pools_its_rate():
    results = national_results(ITEMS, [site("a", 90, 10), site("b", 30, 20)])
    total = results.total.main
    assert (results.total.responses, total.n, total.satisfied) == (156, 150, 120)
    assert total.satisfaction_rate == 120 / 150
    assert total.no_opinion == 6  # never part of n
    assert [r.item_key for r in results.total.ratings] == ["courtoisie", "satisfaction_globale"]


def test_sites_are_ranked_on_the_overall_item_best_first():
    results = national_results(ITEMS, [site("a", 60, 40), site("b", 95, 5), site("c", 80, 20)])
    assert [(s.slug, s.rank) for s in results.sites] == [("b", 1), ("c", 2), ("a", 3)]


def test_a_small_sample_is_not_ranked_and_comes_after_every_ranked_site():
    small = site("petit", 12, 0)  # 100 % on 12 answers: must not top the table
    results = national_results(ITEMS, [site("a", 60, 40), small, site("b", 80, 20)])
    assert [s.slug for s in results.ranked] == ["b", "a"]
    assert [(s.slug, s.rank, s.is_small_sample) for s in results.unranked] == [
        ("petit", None, True)
    ]
    assert results.sites[-1].slug == "petit"
    # Its answers still count in the national total.
    assert results.total.main.n == 100 + 12 + 100


def test_the_threshold_is_a_parameter_and_n_equal_to_it_is_ranked():
    sites = [site("a", 10, 0), site("b", 5, 4)]
    assert [s.rank for s in national_results(ITEMS, sites, small_sample_below=10).sites] == [
        1,
        None,
    ]


def test_a_site_without_any_answer_is_listed_unranked_with_no_rate():
    results = national_results(ITEMS, [site("a", 60, 40), SiteTally("vide", "Vide", Tally())])
    empty = results.sites[-1]
    assert (empty.slug, empty.rank, empty.responses, empty.main.satisfaction_rate) == (
        "vide",
        None,
        0,
        None,
    )
    assert empty.versus_rest is None


def test_each_site_is_compared_with_the_rest_of_the_country_after_holm():
    sites = [site("haut", 190, 10), site("bas", 120, 80), site("moyen", 160, 40)]
    results = {s.slug: s for s in national_results(ITEMS, sites).sites}
    assert results["haut"].position == "above"
    assert results["bas"].position == "below"
    assert results["moyen"].position == "level"
    # haut: 95 % against (120 + 160) / 400 = 70 % for the others.
    assert results["haut"].versus_rest.difference_points == pytest.approx(25.0)
    raw = [s.versus_rest.p_value for s in results.values()]
    adjusted = [s.adjusted_p_value for s in results.values()]
    assert all(a >= p for a, p in zip(adjusted, raw, strict=True))


def test_a_lone_site_has_nothing_to_be_compared_with():
    (alone,) = national_results(ITEMS, [site("a", 60, 40)]).sites
    assert (alone.rank, alone.versus_rest, alone.position) == (1, None, None)


def test_without_an_overall_item_the_first_rating_item_ranks():
    results = national_results(
        (rating("courtoisie"),), [site("a", 0, 0, courtoisie=40), site("b", 0, 0, courtoisie=50)]
    )
    assert results.rank_item == "courtoisie"
    assert [s.rank for s in results.sites] == [1, 1]  # both 100 %: tied


def test_items_are_matched_by_key_across_versions_the_newest_scale_and_order_winning():
    old = questionnaire(rating("horaires"), rating("satisfaction_globale", is_overall=True))
    new = questionnaire(
        rating("satisfaction_globale", is_overall=True),
        choice("horaires", ("matin", "apres_midi")),
        rating("accessibilite"),
    )
    items = merged_items([new, old])
    assert [(i.key, i.type) for i in items] == [
        ("satisfaction_globale", "rating"),
        ("horaires", "choice"),
        ("accessibilite", "rating"),
    ]
    old_only = merged_items([new, questionnaire(rating("parking"))])
    assert [i.key for i in old_only][-1] == "parking"


def test_answers_matching_no_option_are_reported_not_dropped():
    odd = site("a", 10, 0, extra={("satisfaction_globale", "excellent"): 4, ("inconnu", "x"): 2})
    results = national_results(ITEMS, [odd])
    assert results.unmatched == {("satisfaction_globale", "excellent"): 4, ("inconnu", "x"): 2}
    assert results.total.main.n == 10


def test_to_dict_carries_every_site_and_the_total():
    data = national_results(ITEMS, [site("a", 60, 40), site("b", 5, 0)]).to_dict()
    assert [s["site"] for s in data["sites"]] == ["a", "b"]
    assert data["sites"][1]["rank"] is None and data["sites"][1]["is_small_sample"] is True
    assert data["total"]["responses"] == 111
    assert data["rank_item"] == "satisfaction_globale"
    overall = data["total"]["ratings"][1]
    assert (overall["item"], overall["n"], overall["satisfied"]) == (
        "satisfaction_globale",
        105,
        65,
    )
