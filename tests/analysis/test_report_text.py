"""The report's French sentences, built from hand-made tallies on the bundled questionnaire."""

from __future__ import annotations

import pytest

from analysis.campaign import campaign_results
from analysis.report import build_report
from analysis.report.sentences import participation_sentence
from analysis.tally import Tally
from questionnaires import bundled_path, load_questionnaire

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def accueil():
    return load_questionnaire(bundled_path())


def report_of(questionnaire, rows=(), channels=None, visits=None, **options):
    tally = Tally.from_rows(rows, channels or {"kiosk": 10}, visits)
    results = campaign_results(questionnaire, tally)
    return build_report(questionnaire, results, title="Enquête accueil 2026", **options)


def rated(item, very, satisfied, unhappy=0, not_at_all=0, no_opinion=0):
    return [
        (item, "tres_satisfait", very),
        (item, "satisfait", satisfied),
        (item, "peu_satisfait", unhappy),
        (item, "pas_du_tout_satisfait", not_at_all),
        (item, "sans_avis", no_opinion),
    ]


def test_participation_sentence_of_the_reference_bilan(accueil):
    report = report_of(accueil, channels={"kiosk": 95, "web": 9}, visits={"kiosk": 311})
    assert report.participation == (
        f"104 réponses collectées{NBSP}: 95 réponses à l'accueil sur 311 visites "
        "et 9 réponses sur le site internet."
    )


def test_participation_leaves_out_channels_without_responses_and_visits_not_recorded(accueil):
    report = report_of(
        accueil, channels={"kiosk": 95, "web": 0, "paper": 3, "import": 2}, visits={"web": 40}
    )
    assert report.participation == (
        f"100 réponses collectées{NBSP}: 95 réponses à l'accueil, "
        "3 réponses sur questionnaire papier et 2 réponses importées."
    )


def test_participation_is_singular_for_one_response_and_one_visit(accueil):
    report = report_of(accueil, channels={"kiosk": 1}, visits={"kiosk": 1})
    assert report.participation == "1 réponse collectée à l'accueil sur 1 visite."
    mixed = report_of(accueil, channels={"kiosk": 2, "import": 1})
    assert mixed.participation == (
        f"3 réponses collectées{NBSP}: 2 réponses à l'accueil et 1 réponse importée."
    )


def test_participation_without_any_response_says_so():
    assert participation_sentence(()) == "Aucune réponse collectée."


def test_participation_rate_is_given_only_where_visits_were_recorded(accueil):
    report = report_of(accueil, channels={"kiosk": 95, "web": 9}, visits={"kiosk": 311})
    assert report.participation_rates == (f"Taux de participation à l'accueil{NBSP}: 30,5{NBSP}%.",)


def test_thousands_are_grouped_in_the_participation_sentence(accueil):
    report = report_of(accueil, channels={"kiosk": 12345})
    assert report.participation == "12\u202f345 réponses collectées à l'accueil."


def test_who_are_the_users_lists_options_largest_first_each_share_rounded_on_its_own(accueil):
    rows = [
        ("profil", "particulier", 100),
        ("profil", "association", 1),
        ("profil", "professionnel", 3),
    ]
    (section,) = [c for c in report_of(accueil, rows).choice_sections if c.item_key == "profil"]
    assert section.heading == f"Qui sont les usagers interrogés{NBSP}?"
    assert [line for _, _, line in section.lines] == [
        f"96,2{NBSP}% sont des particuliers",  # 96,15 %: not pushed down to make 100 %
        f"2,9{NBSP}% sont des professionnels",
        f"1{NBSP}% représentent une association",
    ]


def test_options_nobody_chose_and_items_nobody_answered_are_left_out(accueil):
    report = report_of(accueil, [("motif", "titre_sejour", 4), ("motif", "autre", 1)])
    assert [c.item_key for c in report.choice_sections] == ["motif"]
    assert [value for value, _, _ in report.choice_sections[0].lines] == ["titre_sejour", "autre"]


def test_overall_split_shows_the_rate_and_its_parts_as_the_tables_do(accueil):
    # 73,4 % + 23,4 % = 96,8 %: at one decimal like the tables (it used to read «97 % (74 %
    # très satisfaits et 23 % satisfaits)» beside 96,8 %, 73,4 % and 23,4 % in the tables).
    report = report_of(accueil, rated("satisfaction_globale", 734, 234, 32))
    assert report.overall == (
        f"Taux de satisfaction global{NBSP}: 96,8{NBSP}% "
        f"(73,4{NBSP}% très satisfaits et 23,4{NBSP}% satisfaits)."
    )


def test_no_opinion_answers_are_not_part_of_the_rate(accueil):
    report = report_of(accueil, rated("satisfaction_globale", 0, 3, 1, no_opinion=50))
    assert report.overall.startswith(f"Taux de satisfaction global{NBSP}: 75{NBSP}%")


def test_positive_points_keep_the_questionnaire_order_and_end_like_a_french_list(accueil):
    rows = (
        rated("horaires", 30, 60, 10)  # 90 %
        + rated("courtoisie", 734, 234, 32)  # 96,8 %, split
        + rated("confort", 40, 45, 15)  # 85 %
    )
    report = report_of(accueil, rows)
    assert report.positive_points == (
        f"90{NBSP}% des usagers sont satisfaits des horaires d'ouverture{NBSP};",
        f"85{NBSP}% des usagers apprécient le confort et la propreté des locaux{NBSP};",
        f"96,8{NBSP}% des usagers apprécient la courtoisie et la disponibilité des agents de "
        f"l'accueil (73,4{NBSP}% très satisfaits et 23,4{NBSP}% satisfaits).",
    )


def test_order_rate_lists_positive_points_highest_first_and_improvements_lowest_first(accueil):
    rows = (
        rated("horaires", 30, 60, 10)  # 90 %
        + rated("confort", 40, 45, 15)  # 85 %
        + rated("courtoisie", 96, 4)  # 100 %
        + rated("langage", 30, 45, 25)  # 75 %
        + rated("file_attente", 20, 30, 50)  # 50 %
    )

    def rates(sentences):
        return [s.split(NBSP)[0] for s in sentences]

    by_rate = report_of(accueil, rows, order="rate")
    assert rates(by_rate.positive_points) == ["100", "90", "85"]
    assert rates(by_rate.improvements) == ["50", "75"]
    in_order = report_of(accueil, rows)
    assert rates(in_order.positive_points) == ["90", "85", "100"]
    assert rates(in_order.improvements) == ["75", "50"]
    with pytest.raises(ValueError, match="order"):
        report_of(accueil, rows, order="alphabet")


def test_linked_choice_is_quoted_after_the_sentence(accueil):
    rows = rated("file_attente", 40, 50, 10) + [
        ("attente", "moins_10", 73),
        ("attente", "10_20", 20),
        ("attente", "plus_30", 7),
    ]
    (sentence,) = report_of(accueil, rows).positive_points
    assert sentence == (
        f"90{NBSP}% des usagers apprécient la gestion de la file d'attente au pré-accueil, "
        f"73{NBSP}% ont attendu moins de 10 minutes."
    )


def test_improvement_axes_are_below_the_threshold_in_order_with_avis_and_interval(accueil):
    rows = (
        rated("file_attente", 20, 30, 30, 20)
        + rated("horaires", 30, 45, 25)
        + rated("courtoisie", 90, 10)
    )
    report = report_of(accueil, rows)
    assert report.improvements == (
        f"75{NBSP}% des usagers sont satisfaits des horaires d'ouverture (100 avis, "
        f"intervalle de confiance à 95{NBSP}%{NBSP}: de 65,7{NBSP}% à 82,5{NBSP}%){NBSP};",
        f"50{NBSP}% des usagers apprécient la gestion de la file d'attente au pré-accueil "
        f"(100 avis, intervalle de confiance à 95{NBSP}%{NBSP}: de 40,4{NBSP}% "
        f"à 59,6{NBSP}%).",
    )
    assert [s[:8] for s in report.positive_points] == [f"100{NBSP}% de"]


def test_the_threshold_is_configurable(accueil):
    rows = rated("horaires", 30, 45, 25) + rated("courtoisie", 90, 10)
    assert len(report_of(accueil, rows, threshold=0.7).improvements) == 0
    assert len(report_of(accueil, rows, threshold=1).improvements) == 1
    with pytest.raises(ValueError, match="threshold"):
        report_of(accueil, rows, threshold=80)


def test_small_samples_are_flagged_in_sentences_table_and_notes(accueil):
    report = report_of(accueil, rated("info_telephone", 5, 4, 1))
    (sentence,) = report.positive_points
    assert sentence.endswith(f"(faible effectif{NBSP}: 10 avis).")
    row = next(r for r in report.items if r.item_key == "info_telephone")
    assert row.result.is_small_sample
    assert any(note.startswith("Faible effectif") for note in report.notes)


def test_overall_item_is_not_repeated_among_positive_points(accueil):
    report = report_of(accueil, rated("satisfaction_globale", 90, 10))
    assert report.overall and report.positive_points == () and report.improvements == ()


def test_engagements_pool_their_items_named_and_counted_in_avis(accueil):
    # 10 réponses, but courtoisie and confidentialité both serve engagement 1: 200 avis
    rows = rated("courtoisie", 45, 45, 10) + rated("confidentialite", 50, 50)
    report = report_of(accueil, rows)
    assert (
        f"Engagement 1 «{NBSP}Dans le respect mutuel, vous êtes accueillis avec courtoisie et "
        "bienveillance et dans les conditions prévues par la loi, vous avez le droit à "
        f"l'erreur{NBSP}»{NBSP}: 95{NBSP}% d'avis satisfaits (200 avis)."
    ) in report.engagements
    assert (
        f"Engagement 3 «{NBSP}Vous bénéficiez d'un accompagnement adapté à votre situation "
        f"personnelle{NBSP}»{NBSP}: aucun avis exprimé."
    ) in report.engagements
