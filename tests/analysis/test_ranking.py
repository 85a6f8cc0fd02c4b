"""Ranks with ties and Holm's correction: the two tools that keep a league table honest."""

import pytest

from analysis.ranking import competition_ranks, holm


def test_equal_proportions_share_a_rank_and_the_next_rank_is_skipped():
    ranks = competition_ranks(
        [("a", 9, 10, "A"), ("b", 18, 20, "B"), ("c", 19, 20, "C"), ("d", 1, 2, "D")]
    )
    assert ranks == {"c": 1, "a": 2, "b": 2, "d": 4}


def test_ranking_refuses_an_entry_without_answers():
    with pytest.raises(ValueError, match="n > 0"):
        competition_ranks([("a", 0, 0, "A")])


def test_holm_multiplies_the_smallest_p_value_by_the_number_of_tests_and_stays_monotone():
    adjusted = holm([0.01, 0.04, 0.03, 0.5])
    assert adjusted == pytest.approx([0.04, 0.09, 0.09, 0.5])


def test_holm_never_lowers_a_p_value_and_caps_at_one():
    raw = [0.2, 0.6, 0.001, 0.9]
    adjusted = holm(raw)
    assert all(a >= p for a, p in zip(adjusted, raw, strict=True))
    assert max(adjusted) == 1.0


def test_holm_of_nothing_is_nothing():
    assert holm([]) == []
