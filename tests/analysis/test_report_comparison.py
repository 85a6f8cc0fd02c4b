"""Year-over-year comparison in the report: only items present in both questionnaires."""

from __future__ import annotations

from analysis.campaign import campaign_results
from analysis.report import build_report
from analysis.report.tables import item_table
from analysis.tally import Tally

NBSP = "\u00a0"


def rated(item, satisfied, unhappy):
    return [(item, "satisfait", satisfied), (item, "peu_satisfait", unhappy)]


def reports(build):
    current_q = build.questionnaire(
        build.rating("courtoisie"),
        build.rating("langage"),
        build.rating("globale", is_overall=True),
    )
    previous_q = build.questionnaire(
        build.rating("courtoisie"),
        build.rating("horaires"),
        build.rating("globale", is_overall=True),
    )
    current = campaign_results(
        current_q,
        Tally.from_rows(
            rated("courtoisie", 180, 20) + rated("langage", 90, 10) + rated("globale", 81, 19)
        ),
    )
    previous = campaign_results(
        previous_q,
        Tally.from_rows(
            rated("courtoisie", 150, 50) + rated("horaires", 50, 50) + rated("globale", 80, 20)
        ),
    )
    return current_q, current, previous


def test_only_items_present_in_both_questionnaires_are_compared(build):
    questionnaire, current, previous = reports(build)
    report = build_report(
        questionnaire, current, title="2026", previous=previous, previous_title="Enquête 2025"
    )
    by_key = {row.item_key: row for row in report.items}
    assert set(by_key) == {"courtoisie", "langage", "globale"}  # horaires (2025 only) is absent
    assert by_key["langage"].is_compared is False
    assert by_key["langage"].difference_points is None and by_key["langage"].is_significant is None
    assert by_key["courtoisie"].previous.satisfaction_rate == 0.75


def test_difference_in_points_and_significance_are_shown_per_item(build):
    questionnaire, current, previous = reports(build)
    report = build_report(
        questionnaire, current, title="2026", previous=previous, previous_title="Enquête 2025"
    )
    header, rows = item_table(report)
    assert header[4:7] == ["Taux précédent", "Évolution", "Significative"]
    cells = {row[0]: row for row in rows}
    # 90 % against 75 % on 200 answers each: z = 4.0, clearly significant.
    assert cells["courtoisie"][4:7] == [f"75{NBSP}%", f"+15{NBSP}points", "oui"]
    # 81 % against 80 % on 100 answers each: within chance.
    assert cells["Satisfaction globale"][4:7] == [f"80{NBSP}%", f"+1{NBSP}point", "non"]
    assert cells["langage"][4:7] == ["non mesuré", "—", "—"]


def test_without_comparison_the_table_has_no_previous_columns(build):
    questionnaire, current, _ = reports(build)
    report = build_report(questionnaire, current, title="2026")
    header, _ = item_table(report)
    assert "Taux précédent" not in header and report.compared_with is None
