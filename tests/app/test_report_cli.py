"""`survey report` on real responses, through the one write path, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import random
import uuid
from collections import Counter
from datetime import date, datetime

import pytest

from survey_app.collect.recording import record_response
from survey_app.core.db import db
from survey_app.core.models import CampaignVisits
from survey_app.counts.breakdowns import (
    breakdown_tallies,
    tally_by_answer,
    tally_by_channel,
    tally_by_weekday_hour,
)
from survey_app.counts.reading import campaign_tally
from tests.app.hardening_helpers import flag_stored
from tests.helpers import valid_answers

NBSP = "\u00a0"
RATING = ("tres_satisfait", "satisfait", "peu_satisfait", "pas_du_tout_satisfait", "sans_avis")


def record(campaign, channel="web", collected_at=None, **answers):
    response, _ = record_response(
        db.session,
        campaign,
        response_id=str(uuid.uuid4()),
        channel=channel,
        lang="fr",
        answers=valid_answers(**answers),
        collected_at=collected_at,
    )
    return response


def random_answers(rng: random.Random) -> dict:
    answers = {
        key: rng.choice(RATING)
        for key in ("horaires", "courtoisie", "file_attente", "satisfaction_globale")
    }
    answers["motif"] = rng.choice(["titre_sejour", "cni_passeport", "autre", None])
    answers["profil"] = rng.choice(["particulier", "professionnel"])
    answers["langage"] = rng.choice([*RATING, None])
    return answers


def test_report_text_gives_the_bilan_sentences_from_recorded_responses(run, campaign):
    for _ in range(5):
        record(campaign, "kiosk", courtoisie="tres_satisfait")
    record(campaign, "web", courtoisie="satisfait")
    record(campaign, "web", courtoisie="peu_satisfait")
    db.session.add_all(
        [  # daily counts win over a typed-in total for the same channel
            CampaignVisits(
                campaign_id=campaign.id, channel="kiosk", day=date(2026, 3, 2), visits=7
            ),
            CampaignVisits(
                campaign_id=campaign.id, channel="kiosk", day=date(2026, 3, 3), visits=5
            ),
            CampaignVisits(campaign_id=campaign.id, channel="kiosk", day=None, visits=999),
        ]
    )
    db.session.commit()
    result = run("report", "--campaign", campaign.slug)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        f"7 réponses collectées{NBSP}: 5 réponses à l'accueil sur 12 visites "
        "et 2 réponses sur le site internet."
    ) in lines
    assert f"Qui sont les usagers interrogés{NBSP}?" in lines
    assert f"- 100{NBSP}% sont des particuliers" in lines
    courtoisie = next(line for line in lines if "la courtoisie" in line)
    # 6 of 7 satisfied = 85,7 %: 71,4 % + 14,3 %, the figures of the tables (the sentence
    # used to round them to 72 % + 14 % = 86 %); 7 avis, the item's answers
    assert courtoisie.startswith(f"- 85,7{NBSP}% des usagers apprécient la courtoisie")
    assert (
        f"(71,4{NBSP}% très satisfaits et 14,3{NBSP}% satisfaits, faible effectif{NBSP}: 7 avis)"
        in courtoisie
    )


def test_sql_tally_equals_an_independent_count_of_what_was_recorded(app_ctx, campaign):
    rng = random.Random(4)
    expected: Counter = Counter()
    channels: Counter = Counter()
    by_channel: Counter = Counter()
    by_reason: Counter = Counter()
    for index in range(60):
        channel = ("kiosk", "web", "paper")[index % 3]
        answers = valid_answers(**random_answers(rng))
        record(campaign, channel, **{k: answers.get(k) for k in valid_answers()})
        channels[channel] += 1
        for key, value in answers.items():
            if key == "commentaire":
                continue  # free text is not tallied by value
            expected[(key, value)] += 1
            if key == "satisfaction_globale":
                by_channel[(channel, value)] += 1
                if "motif" in answers:
                    by_reason[(answers["motif"], value)] += 1
    db.session.commit()
    tally = campaign_tally(db.session, campaign)
    assert dict(tally.counts) == dict(expected)
    assert dict(tally.responses_by_channel) == dict(channels)
    grouped = tally_by_channel(db.session, campaign, ["satisfaction_globale"])
    assert {
        (group[0], value): n
        for group in grouped.groups
        for (_, value), n in grouped.counts_by_group[group].items()
    } == dict(by_channel)
    reasons = tally_by_answer(db.session, campaign, "motif", ["satisfaction_globale"])
    assert {
        (group[0], value): n
        for group in reasons.groups
        for (_, value), n in reasons.counts_by_group[group].items()
    } == dict(by_reason)

    # The report reads each answer once: the overall item with its breakdowns, the rest apart.
    overall = ["satisfaction_globale"]
    counts, breakdowns, heatmap = breakdown_tallies(db.session, campaign, overall)
    rest = campaign_tally(db.session, campaign, skip_items=overall)
    assert not any(key in overall for key, _ in rest.counts)
    assert {**rest.counts, **counts.counts} == dict(expected)
    for name, expected_groups in (("channel", by_channel), ("motif", by_reason)):
        grouped = breakdowns[name]
        assert {
            (group[0], value): n
            for group in grouped.groups
            for (_, value), n in grouped.counts_by_group[group].items()
        } == dict(expected_groups), name
    assert sum(sum(c.values()) for c in heatmap.counts_by_group.values()) == 60


def test_weekday_and_hour_are_in_the_sites_time_zone(app_ctx, campaign):
    record(campaign, collected_at=datetime(2026, 1, 15, 8))  # Thursday 08:00 UTC = 9 h in Paris
    record(campaign, collected_at=datetime(2026, 7, 15, 8))  # Wednesday, summer time: 10 h
    record(campaign, collected_at=datetime(2026, 3, 1, 23))  # Sunday 23:00 UTC = Monday 0 h
    db.session.commit()
    grouped = tally_by_weekday_hour(db.session, campaign, item_keys=["satisfaction_globale"])
    assert sorted(grouped.groups) == [(0, 0), (2, 10), (3, 9)]


def test_heatmap_in_the_json_report_uses_local_hours(run, campaign):
    record(campaign, collected_at=datetime(2026, 1, 15, 8), satisfaction_globale="satisfait")
    db.session.commit()
    result = run("report", "--campaign", campaign.slug, "--format", "json")
    assert result.exit_code == 0, result.output
    (cell,) = json.loads(result.stdout)["heatmap"]["cells"]
    assert (cell["weekday_name"], cell["hour"], cell["n"]) == ("jeudi", 9, 1)


def test_compare_shows_last_years_rate_and_the_change(run, make_campaign):
    previous = make_campaign("accueil-2025", title="Enquête accueil 2025")
    current = make_campaign("accueil-2026")
    for _ in range(4):
        record(previous, courtoisie="peu_satisfait")
        record(current, courtoisie="satisfait")
    db.session.commit()
    result = run(
        "report", "--campaign", "accueil-2026", "--compare", "accueil-2025", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    courtoisie = next(line for line in result.stdout.splitlines() if line.startswith("courtoisie"))
    assert ",4,0,100," in courtoisie  # previous n, previous rate, +100 points
    markdown = run("report", "--campaign", "accueil-2026", "--compare", "accueil-2025",
                   "--format", "markdown").stdout  # fmt: skip
    assert f"Comparaison avec{NBSP}: Enquête accueil 2025" in markdown


def test_threshold_and_excluded_flagged_responses_change_the_report(run, campaign):
    kept = [record(campaign, horaires="satisfait", file_attente="satisfait") for _ in range(3)]
    flagged = record(campaign, horaires="peu_satisfait", file_attente="satisfait")
    flag_stored([flagged.id])
    assert kept
    default = json.loads(run("report", "--campaign", campaign.slug, "--format", "json").stdout)
    assert default["responses"] == 4 and len(default["text"]["improvements"]) == 1  # 75 %
    lenient = run("report", "--campaign", campaign.slug, "--format", "json", "--threshold", "0.7")
    assert json.loads(lenient.stdout)["text"]["improvements"] == []
    clean = run("report", "--campaign", campaign.slug, "--format", "json", "--exclude-flagged")
    data = json.loads(clean.stdout)
    assert data["responses"] == 3
    assert next(i for i in data["items"] if i["item"] == "horaires")["satisfaction_rate"] == 1


def test_unknown_campaign_is_a_one_line_error(run, app_ctx):
    result = run("report", "--campaign", "nope")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: no campaign 'nope' (see `survey campaign list`)"
    ]
    compare = run("report", "--campaign", "nope", "--compare", "other")
    assert compare.exit_code == 1


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "xlsx"])
def test_file_formats_need_an_output_file(run, campaign, fmt):
    result = run("report", "--campaign", campaign.slug, "--format", fmt)
    assert result.exit_code == 1
    assert f"--format {fmt} writes a file: add --output" in result.stderr
    assert result.stdout == ""


def test_html_docx_and_xlsx_files_are_written_and_open(run, campaign, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    for _ in range(3):
        record(campaign, "kiosk", courtoisie="tres_satisfait")
    db.session.commit()
    html_file, docx_file, xlsx_file = (tmp_path / f"bilan.{x}" for x in ("html", "docx", "xlsx"))
    for fmt, path, options in [
        ("html", html_file, []),
        ("docx", docx_file, ["--no-charts"]),
        ("xlsx", xlsx_file, []),
    ]:
        result = run(
            "report", "--campaign", campaign.slug, "--format", fmt, "--output", str(path), *options
        )
        assert result.exit_code == 0, result.output
        assert f"Wrote the {fmt} report of 3 responses" in result.stderr
    page = html_file.read_text(encoding="utf-8")
    assert "Plotly.newPlot(" in page and 'src="http' not in page and "<link" not in page
    document = Document(str(docx_file))
    assert "3 réponses collectées à l'accueil." in [p.text for p in document.paragraphs]
    items = load_workbook(str(xlsx_file))["Éléments"]
    row = next(r for r in items.iter_rows(min_row=2, values_only=True) if r[0] == "courtoisie")
    assert row[3:7] == (3, 3, 0, 1)  # n, satisfied, no opinion, rate 100 % as a number


def test_docx_and_pdf_carry_their_charts_on_a_fresh_install(run, campaign, tmp_path):
    """No optional extra and no browser: the charts are drawn on the server (matplotlib)."""
    from docx import Document
    from pypdf import PdfReader

    for answer in ("tres_satisfait", "satisfait", "peu_satisfait"):
        record(campaign, "kiosk", courtoisie=answer, satisfaction_globale=answer)
    db.session.commit()
    docx_file, pdf_file = tmp_path / "bilan.docx", tmp_path / "bilan.pdf"
    for fmt, path in (("docx", docx_file), ("pdf", pdf_file)):
        result = run("report", "--campaign", campaign.slug, "--format", fmt, "--output", str(path))
        assert result.exit_code == 0, result.output
        assert result.stderr.strip() == f"Wrote the {fmt} report of 3 responses to {path}."
    document = Document(str(docx_file))
    assert len(document.inline_shapes) >= 3  # channels, overall, rates, distribution...
    assert document.paragraphs[0].text == campaign.site.name.upper()
    pdf = PdfReader(str(pdf_file))
    assert sum(len(page.images) for page in pdf.pages) == len(document.inline_shapes)
    assert round(float(pdf.pages[0].mediabox.height)) == 842  # A4


def test_an_unchanged_report_reuses_its_kept_charts_and_new_figures_draw_again(
    app, run, campaign, tmp_path
):
    """The charts are kept in the instance folder by content: the PDF after the DOCX shows
    the charts kept for it; a new response changes the figures and the charts drawn."""
    import zipfile

    from docx import Document

    from survey_app.outputs.reporting import chart_folder

    def images(path):
        with zipfile.ZipFile(path) as archive:
            return sorted(archive.read(n) for n in archive.namelist() if "/media/" in n)

    def kept():
        folder = chart_folder(app)
        files = sorted(folder.glob("*.charts.zip")) if folder.is_dir() else []
        return {p.name: sorted(zipfile.ZipFile(p).read(n) for n in zipfile.ZipFile(p).namelist())
                for p in files}  # fmt: skip

    for answer in ("tres_satisfait", "satisfait", "peu_satisfait"):
        record(campaign, "kiosk", courtoisie=answer, satisfaction_globale=answer)
    db.session.commit()
    first, again = tmp_path / "first.docx", tmp_path / "again.docx"
    for path in (first, tmp_path / "bilan.pdf", again):
        result = run("report", "--campaign", campaign.slug, "--format", path.suffix[1:],
                     "--output", path)  # fmt: skip
        assert result.exit_code == 0, result.output
    (charts,) = kept().values()
    assert images(first) == images(again) == charts and len(Document(first).inline_shapes) >= 3

    record(campaign, "web", courtoisie="satisfait", satisfaction_globale="satisfait")
    db.session.commit()
    changed = tmp_path / "changed.docx"
    assert run("report", "--campaign", campaign.slug, "--format", "docx", "--output",
               changed).exit_code == 0  # fmt: skip
    assert len(kept()) == 2 and images(changed) != images(first)
    assert images(changed) in list(kept().values())


def test_text_report_of_a_campaign_without_responses(run, campaign):
    result = run("report", "--campaign", campaign.slug, "--format", "text")
    assert result.exit_code == 0, result.output
    assert "Aucune réponse collectée." in result.stdout
    assert io.StringIO(result.stdout).readline().strip() == "Enquête accueil 2026"
