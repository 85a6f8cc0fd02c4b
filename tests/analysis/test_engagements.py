"""Services Publics + engagements: the rating items of one engagement pooled into one rate."""

from analysis.campaign import campaign_results
from analysis.tally import Tally


def test_engagement_rate_pools_satisfied_answers_over_expressed_answers(accueil):
    # courtoisie 45/50 and langage 5/10 (plus 40 «Sans avis»): pooled 50/60, not the mean
    # of 90 % and 50 % (70 %).
    tally = Tally.from_rows(
        [
            ("courtoisie", "tres_satisfait", 45),
            ("courtoisie", "peu_satisfait", 5),
            ("langage", "satisfait", 5),
            ("langage", "pas_du_tout_satisfait", 5),
            ("langage", "sans_avis", 40),
        ]
    )
    engagement = next(e for e in campaign_results(accueil, tally).engagements if e.engagement == 2)
    assert (engagement.satisfied, engagement.n) == (50, 60)
    assert engagement.satisfaction_rate == 50 / 60


def test_engagement_lists_its_rating_items_and_its_other_items_separately(accueil):
    engagements = campaign_results(accueil, Tally()).engagements
    assert [e.engagement for e in engagements] == [1, 2]
    assert engagements[0].item_keys == ("horaires",)
    assert engagements[1].item_keys == ("courtoisie", "langage")
    assert engagements[1].other_item_keys == ("attente",)


def test_items_without_engagement_are_in_no_engagement(accueil):
    engagements = campaign_results(accueil, Tally()).engagements
    keys = {k for e in engagements for k in e.item_keys + e.other_item_keys}
    assert "satisfaction_globale" not in keys and "profil" not in keys


def test_engagement_without_answers_has_no_rate_and_is_a_small_sample(accueil):
    engagement = campaign_results(accueil, Tally()).engagements[0]
    assert engagement.n == 0
    assert engagement.satisfaction_rate is None
    assert engagement.is_small_sample
    assert engagement.to_dict() == {
        "engagement": 1,
        "label": None,
        "items": ["horaires"],
        "other_items": [],
        "satisfied": 0,
        "n": 0,
        "satisfaction_rate": None,
        "is_small_sample": True,
    }


def test_questionnaire_without_engagements_has_none(build):
    q = build.questionnaire(build.rating("accueil"))
    assert campaign_results(q, Tally()).engagements == ()
