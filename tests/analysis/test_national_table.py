"""The national table's search and pages: which rows are shown, never what they say."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analysis.national.compute import national_results
from analysis.national.table import folded, matching, page_of
from tests.analysis.test_national import ITEMS, site


def many(count: int):
    return national_results(ITEMS, [site(f"s{i:03d}", 50 + i % 40, 10) for i in range(count)])


def test_folding_ignores_case_accents_and_punctuation():
    assert folded("Sous-Préfecture d’Étampes") == "sous prefecture d etampes"
    assert folded("  BOUCHES-DU-RHÔNE ") == "bouches du rhone"


def test_a_search_keeps_the_order_and_finds_names_and_identifiers():
    renamed = national_results(
        ITEMS,
        [replace(site("p13", 60, 40), name="Préfecture des Bouches-du-Rhône"),
         replace(site("p69", 80, 20), name="Préfecture du Rhône")],
    ).sites  # fmt: skip
    assert [s.slug for s in matching(renamed, "rhone")] == ["p69", "p13"]  # rank order
    assert [s.slug for s in matching(renamed, "bouches du rhône")] == ["p13"]
    assert [s.slug for s in matching(renamed, "P69")] == ["p69"]
    assert matching(renamed, "   ") == tuple(renamed)
    assert matching(renamed, "lyon") == ()


def test_pages_cut_the_rows_in_order_and_the_last_page_takes_the_rest():
    sites = many(120).sites
    first, last = page_of(sites, 1, 50), page_of(sites, 3, 50)
    assert first.sites == sites[:50] and (first.first, first.last, first.count) == (1, 50, 3)
    assert last.sites == sites[100:] and (last.first, last.last) == (101, 120)
    assert page_of(sites, 99, 50) == last  # past the end: the last page


def test_no_row_is_one_empty_page():
    empty = page_of((), 4, 50)
    assert (empty.number, empty.count, empty.first, empty.last, empty.sites) == (1, 1, 0, 0, ())


def test_a_page_splits_ranked_sites_from_small_samples():
    results = national_results(ITEMS, [site("a", 60, 40), site("petit", 5, 1)])
    page = page_of(results.sites, 1, 50)
    assert [s.slug for s in page.ranked] == ["a"] and [s.slug for s in page.unranked] == ["petit"]


@pytest.mark.parametrize(
    ("number", "count", "links"),
    [
        (1, 1, [1]),
        (1, 6, [1, 2, 3, None, 6]),
        (5, 12, [1, 2, 3, 4, 5, 6, 7, None, 12]),
        (12, 12, [1, None, 10, 11, 12]),
        (4, 7, [1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_page_links_show_the_ends_and_the_neighbours(number, count, links):
    assert page_of(many(count * 10).sites, number, 10).links() == links


def test_pages_start_at_one():
    with pytest.raises(ValueError):
        page_of((), 0)
