"""A whole campaign: channels and participation, items in order, engagements, leftovers."""

import json

import pytest

from analysis.campaign import campaign_results, channel_results
from analysis.tally import Tally
from questionnaires import bundled_path, load_questionnaire


def test_participation_rate_per_channel_when_visits_were_recorded():
    tally = Tally(responses_by_channel={"kiosk": 95, "web": 9}, visits_by_channel={"kiosk": 311})
    kiosk, web = channel_results(tally)
    assert (kiosk.channel, kiosk.responses, kiosk.visits) == ("kiosk", 95, 311)
    assert kiosk.participation_rate == 95 / 311
    assert (web.channel, web.visits, web.participation_rate) == ("web", None, None)


def test_channels_without_responses_or_visits_are_left_out_and_the_largest_comes_first():
    tally = Tally(responses_by_channel={"web": 9, "paper": 0, "kiosk": 95, "api": 9})
    assert [c.channel for c in channel_results(tally)] == ["kiosk", "api", "web"]


def test_channel_with_visits_but_no_response_has_zero_participation():
    (kiosk,) = channel_results(Tally(visits_by_channel={"kiosk": 40}))
    assert (kiosk.responses, kiosk.participation_rate) == (0, 0.0)


def test_zero_visits_give_no_participation_rate():
    (kiosk,) = channel_results(Tally({"kiosk": 3}, visits_by_channel={"kiosk": 0}))
    assert kiosk.participation_rate is None


def test_campaign_results_cover_every_rating_and_choice_item_in_order(accueil):
    results = campaign_results(accueil, Tally({"kiosk": 2}))
    assert [r.item_key for r in results.ratings] == [
        "horaires",
        "courtoisie",
        "langage",
        "satisfaction_globale",
    ]
    assert [c.item_key for c in results.choices] == ["profil", "attente", "appel_prealable"]
    assert results.responses == 2
    assert results.rating("commentaire") is None and results.choice("courtoisie") is None


def test_small_sample_threshold_reaches_every_item_and_engagement(accueil):
    tally = Tally.from_rows([("courtoisie", "satisfait", 40), ("langage", "satisfait", 40)])
    results = campaign_results(accueil, tally, small_sample_below=50)
    assert results.rating("courtoisie").is_small_sample
    engagement_2 = next(e for e in results.engagements if e.engagement == 2)
    assert engagement_2.n == 80 and not engagement_2.is_small_sample


def test_counts_that_match_no_option_are_reported_not_counted(accueil):
    tally = Tally.from_rows(
        [
            ("courtoisie", "satisfait", 5),
            ("courtoisie", "excellent", 2),
            ("ancien_item", "oui", 3),
            ("commentaire", "Très bien", 1),
        ]
    )
    results = campaign_results(accueil, tally)
    assert results.rating("courtoisie").n == 5
    assert results.unmatched == {("courtoisie", "excellent"): 2, ("ancien_item", "oui"): 3}


def test_campaign_to_dict_round_trips_through_json(accueil):
    tally = Tally.from_rows(
        [("courtoisie", "tres_satisfait", 3), ("profil", "particulier", 2)],
        responses_by_channel={"kiosk": 3},
        visits_by_channel={"kiosk": 10},
    )
    data = json.loads(json.dumps(campaign_results(accueil, tally).to_dict()))
    assert data["responses"] == 3
    assert data["channels"] == [
        {"channel": "kiosk", "responses": 3, "visits": 10, "participation_rate": 0.3}
    ]
    assert data["ratings"][1]["item"] == "courtoisie"
    assert data["ratings"][1]["satisfaction_rate"] == 1.0
    assert data["choices"][0]["counts"] == {"particulier": 2, "professionnel": 0, "association": 0}
    assert [e["engagement"] for e in data["engagements"]] == [1, 2]
    assert data["unmatched"] == []


def test_bundled_questionnaire_gives_results_for_each_of_its_items():
    # Guards the assumptions made about the loader: scale options carry is_satisfied and
    # is_no_opinion, yes/no items come with their oui/non options.
    accueil = load_questionnaire(bundled_path())
    tally = Tally.from_rows(
        [
            ("satisfaction_globale", "tres_satisfait", 70),
            ("satisfaction_globale", "satisfait", 20),
            ("satisfaction_globale", "peu_satisfait", 10),
            ("satisfaction_globale", "sans_avis", 4),
            ("appel_prealable", "oui", 1),
            ("appel_prealable", "non", 3),
        ]
    )
    results = campaign_results(accueil, tally)
    overall = results.rating("satisfaction_globale")
    assert (overall.n, overall.no_opinion, overall.satisfaction_rate) == (100, 4, 0.9)
    assert results.choice("appel_prealable").shares == {"oui": 0.25, "non": 0.75}
    assert results.unmatched == {}
    assert len(results.ratings) == sum(1 for i in accueil.items if i.type == "rating")
    assert all(e.item_keys for e in results.engagements)
    assert results.engagements[0].satisfaction_rate is None
    assert results.rating("courtoisie").satisfaction_rate is None
    assert results.rating("courtoisie").interval is None
    assert overall.interval[0] == pytest.approx(0.8256, abs=1e-4)
