"""The Tally input contract: counts from one GROUP BY, checked and copied."""

import pytest

from analysis.tally import GroupedTally, Tally


def test_responses_is_the_sum_over_channels():
    tally = Tally(responses_by_channel={"kiosk": 95, "web": 9})
    assert tally.responses == 104


def test_empty_tally_has_no_responses_and_no_counts():
    tally = Tally()
    assert tally.responses == 0
    assert tally.count("courtoisie", "satisfait") == 0
    assert tally.visits_by_channel == {}


def test_from_rows_reads_group_by_rows_and_adds_repeated_keys():
    rows = [
        ("courtoisie", "satisfait", 3),
        ("courtoisie", "sans_avis", 1),
        ("profil", "particulier", 2),
        ("courtoisie", "satisfait", 4),
    ]
    tally = Tally.from_rows(rows, responses_by_channel={"web": 7}, visits_by_channel={"web": 70})
    assert tally.count("courtoisie", "satisfait") == 7
    assert tally.counts_for("courtoisie") == {"satisfait": 7, "sans_avis": 1}
    assert tally.responses == 7
    assert tally.visits_by_channel == {"web": 70}


def test_tally_does_not_change_when_the_callers_dict_does():
    counts = {("profil", "particulier"): 2}
    tally = Tally(counts=counts)
    counts[("profil", "particulier")] = 99
    assert tally.count("profil", "particulier") == 2


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_counts_must_be_whole_numbers_at_least_zero(bad):
    with pytest.raises(ValueError, match="counts"):
        Tally(counts={("profil", "particulier"): bad})
    with pytest.raises(ValueError, match="visits_by_channel"):
        Tally(visits_by_channel={"kiosk": bad})


def test_grouped_tally_from_rows_splits_by_the_leading_columns():
    rows = [
        (1, 9, "satisfaction_globale", "satisfait", 4),
        (1, 9, "satisfaction_globale", "peu_satisfait", 1),
        (2, 14, "satisfaction_globale", "satisfait", 2),
    ]
    grouped = GroupedTally.from_rows(rows, dimensions=("weekday", "hour"))
    assert grouped.groups == ((1, 9), (2, 14))
    assert grouped.tally((1, 9)).counts_for("satisfaction_globale") == {
        "satisfait": 4,
        "peu_satisfait": 1,
    }
    assert grouped.tally((5, 8)).counts == {}


def test_grouped_tally_refuses_groups_of_the_wrong_shape():
    with pytest.raises(ValueError, match="dimensions"):
        GroupedTally({("kiosk", "fr"): {}}, dimensions=("channel",))
