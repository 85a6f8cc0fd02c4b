"""Golden test: a fixed dataset's text report, compared line by line with the expected French.

The expected file writes each no-break space (U+00A0) as «~» so it can be read and reviewed;
it was checked by hand against the counts below (e.g. 77 + 24 of 104 = 97,1 %, split in
the sentence as 74 % très satisfaits and 23,1 % satisfaits, the distribution table's figures:
every share is rounded on its own to one decimal, docs/report.md).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from analysis.campaign import campaign_results
from analysis.report import build_report, render
from analysis.report.sentences import period_text
from analysis.tally import Tally
from questionnaires import bundled_path, load_questionnaire

GOLDEN = Path(__file__).parent / "golden" / "bilan-accueil.txt"


def rated(item, very, satisfied, unhappy=0, not_at_all=0, no_opinion=0):
    return [
        (item, "tres_satisfait", very),
        (item, "satisfait", satisfied),
        (item, "peu_satisfait", unhappy),
        (item, "pas_du_tout_satisfait", not_at_all),
        (item, "sans_avis", no_opinion),
    ]


def golden_report(**extra):
    questionnaire = load_questionnaire(bundled_path())
    rows = [
        ("profil", "particulier", 100),
        ("profil", "professionnel", 3),
        ("profil", "association", 1),
        ("motif", "titre_sejour", 52),
        ("motif", "cni_passeport", 26),
        ("motif", "renseignements", 20),
        ("motif", "autre", 6),
        ("attente", "moins_10", 73),
        ("attente", "10_20", 21),
        ("attente", "plus_30", 6),
        *rated("courtoisie", 77, 24, 3, 0),
        *rated("file_attente", 40, 50, 8, 2, 4),
        *rated("horaires", 30, 40, 20, 10, 4),
        *rated("info_telephone", 8, 4, 0, 0, 2),
        *rated("satisfaction_globale", 77, 24, 2, 1),
    ]
    current = Tally.from_rows(rows, {"kiosk": 95, "web": 9}, {"kiosk": 311})
    previous = Tally.from_rows(
        rated("courtoisie", 50, 30, 15, 5) + rated("satisfaction_globale", 60, 30, 10),
        {"kiosk": 100},
    )
    return build_report(
        questionnaire,
        campaign_results(questionnaire, current),
        title="Enquête accueil 2026",
        period=period_text(date(2026, 1, 5), date(2026, 12, 20)),
        previous=campaign_results(questionnaire, previous),
        previous_title="Enquête accueil 2025",
        previous_year=2025,
        year=2026,
        **extra,
    )


def test_text_report_matches_the_reviewed_french_text_line_by_line():
    expected = GOLDEN.read_text(encoding="utf-8").replace("~", "\u00a0").splitlines()
    assert render(golden_report(), "text").splitlines() == expected


def test_markdown_report_says_the_same_sentences():
    markdown = render(golden_report(), "markdown")
    text_lines = render(golden_report(), "text").splitlines()
    for sentence in [line for line in text_lines if line.startswith("- ")]:
        assert sentence in markdown.splitlines()
    assert "## Qui sont les usagers interrogés\u00a0?" in markdown
    assert "| Satisfaction globale | 104 | 97,1\u00a0% |" in markdown
