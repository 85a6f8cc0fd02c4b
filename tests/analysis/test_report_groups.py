"""Overall satisfaction by channel, language, reason for visit, and by weekday and hour."""

from __future__ import annotations

from analysis.campaign import campaign_results
from analysis.report import build_report
from analysis.report.tables import heatmap_table
from analysis.tally import GroupedTally, Tally
from questionnaires import bundled_path, load_questionnaire

NBSP = "\u00a0"
Q = load_questionnaire(bundled_path())


def report_with(grouped=None, by_weekday_hour=None):
    results = campaign_results(Q, Tally({"kiosk": 10}))
    return build_report(Q, results, title="2026", grouped=grouped, by_weekday_hour=by_weekday_hour)


def test_breakdowns_name_groups_in_french_most_answers_first():
    by_channel = GroupedTally.from_rows(
        [
            ("web", "satisfaction_globale", "satisfait", 3),
            ("kiosk", "satisfaction_globale", "satisfait", 40),
            ("kiosk", "satisfaction_globale", "peu_satisfait", 10),
            ("paper", "courtoisie", "satisfait", 5),  # another item: not the overall, no row
        ],
        ("channel",),
    )
    by_reason = GroupedTally.from_rows(
        [("titre_sejour", "satisfaction_globale", "tres_satisfait", 2)], ("motif",)
    )
    by_lang = GroupedTally.from_rows([("uk", "satisfaction_globale", "satisfait", 1)], ("lang",))
    report = report_with({"channel": by_channel, "motif": by_reason, "lang": by_lang})
    channel, reason, lang = report.breakdowns
    assert channel.title == "Satisfaction globale par canal"
    assert [(r.label, r.n, r.rate) for r in channel.rows] == [
        ("Accueil (tablette)", 50, 0.8),
        ("Site internet", 3, 1.0),
    ]
    assert channel.rows[1].is_small_sample
    assert reason.title == (
        f"Satisfaction globale selon la réponse à «{NBSP}Quel est le motif de votre "
        f"venue{NBSP}?{NBSP}»"
    )
    assert reason.rows[0].label == "Titre de séjour (étrangers)"
    assert (lang.title, lang.rows[0].label) == ("Satisfaction globale par langue", "ukrainien")


def test_heatmap_keeps_only_hours_and_days_with_answers_and_prints_rate_and_n():
    grouped = GroupedTally.from_rows(
        [
            (0, 9, "satisfaction_globale", "satisfait", 3),
            (0, 9, "satisfaction_globale", "peu_satisfait", 1),
            (4, 16, "satisfaction_globale", "satisfait", 2),
            (4, 16, "satisfaction_globale", "sans_avis", 7),
            (2, 11, "satisfaction_globale", "sans_avis", 4),  # no expressed answer: no cell
        ],
        ("weekday", "hour"),
    )
    heatmap = report_with(by_weekday_hour=grouped).heatmap
    assert (heatmap.weekdays, heatmap.hours) == ((0, 4), (9, 16))
    assert heatmap.weekday_names == ("lundi", "vendredi")
    header, rows = heatmap_table(heatmap)
    # hours down the page (up to 24 of them), the week across: an A4 page holds it
    assert header == ["Heure", "lundi", "vendredi"]
    assert rows == [[f"9{NBSP}h", f"75{NBSP}% (4)", ""], [f"16{NBSP}h", "", f"100{NBSP}% (2)"]]
