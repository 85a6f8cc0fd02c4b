"""The benchmarks' summary: ratios within each pair, min/median/max, alternating order."""

from __future__ import annotations

import pytest

from bench.stats import interleaved, paired, spread


def test_ratio_is_taken_within_each_pair_not_between_best_runs():
    # Best-of-N would give 10 / 10 = 1.0; the pairs say the project is half as fast.
    summary = paired(project=[5.0, 10.0, 6.0], baseline=[10.0, 20.0, 12.0])
    assert summary.ratio.as_dict() == {"min": 0.5, "median": 0.5, "max": 0.5}
    assert summary.project.as_dict() == {"min": 5.0, "median": 6.0, "max": 10.0}
    assert summary.baseline.median == 12.0
    assert summary.pairs == 3


def test_median_of_an_even_number_of_runs_is_the_middle_pair_mean():
    assert spread([4.0, 1.0, 3.0, 2.0]).as_dict() == {"min": 1.0, "median": 2.5, "max": 4.0}


def test_spread_is_shown_as_min_median_max():
    assert spread([0.61, 0.52, 0.56]).show() == "0.52 / 0.56 / 0.61"


def test_unpaired_or_empty_measurements_are_refused():
    with pytest.raises(ValueError, match="2 project runs for 1 baseline"):
        paired([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="no measurement"):
        spread([])
    with pytest.raises(ValueError, match="zero"):
        paired([1.0], [0.0])


def test_sides_alternate_which_one_runs_first():
    orders = [interleaved(pair, ["baseline", "project"]) for pair in range(4)]
    assert orders == [["baseline", "project"], ["project", "baseline"]] * 2
    assert interleaved(1, ["baseline", "api", "form"]) == ["api", "form", "baseline"]
