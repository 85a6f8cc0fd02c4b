"""`survey visits set|import|list`: a queue system's counts per day, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.collect.recording import record_response
from survey_app.core.db import db
from survey_app.core.models import CampaignVisits
from tests.helpers import valid_answers

SAMPLE = Path(__file__).parent / "samples" / "visites-file-attente-mars-2026.csv"
MAPPING = Path(__file__).parents[2] / "docs" / "visits-mapping-example.yaml"
SAMPLE_DAYS = {date(2026, 3, 2): 329, date(2026, 3, 3): 341, date(2026, 3, 4): 352}
"""The sample's hourly lines of both services added up by hand, day by day."""
NBSP = "\u00a0"


@pytest.fixture
def mars(make_campaign):
    return make_campaign("mars", opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 27))


def stored(campaign, channel: str = "kiosk") -> dict:
    db.session.rollback()  # see what the command committed
    rows = db.session.scalars(
        select(CampaignVisits).filter_by(campaign_id=campaign.id, channel=channel)
    )
    return {row.day: row.visits for row in rows}


def write(tmp_path: Path, text: str, name: str = "visites.csv", encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_set_corrects_a_day_and_list_gives_days_channels_and_totals(run, mars):
    first = run(
        "visits", "set", "mars", "--channel", "kiosk", "--day", "2026-03-02", "--count", 412
    )
    assert first.exit_code == 0, first.output
    assert "'mars' kiosk 2026-03-02: 412 visits (new)." in first.output
    again = run("visits", "set", "mars", "--day", "2026-03-02", "--count", 400)  # kiosk: default
    assert "400 visits (was 412)" in again.output
    run("visits", "set", "mars", "--day", "2026-03-03", "--count", 380)
    run("visits", "set", "mars", "--channel", "web", "--count", 1000)  # a campaign total
    assert stored(mars) == {date(2026, 3, 2): 400, date(2026, 3, 3): 380}
    listed = run("visits", "list", "mars", "--format", "csv")
    assert listed.exit_code == 0, listed.output
    assert listed.output.splitlines() == [
        "day,kiosk,web,total",
        "2026-03-02,400,,400",
        "2026-03-03,380,,380",
        "campaign total,,1000,",
        "counted,780,1000,1780",  # what the participation rate counts, per channel
    ]
    text = run("visits", "list", "mars").output
    assert "Visits of 'mars' (2026-03-02 → 2026-03-27)" in text
    assert [line.split() for line in text.splitlines() if line.startswith("counted")] == [
        ["counted", "780", "1000", "1780"]
    ]


def test_set_refuses_a_day_outside_the_campaign_and_stores_nothing(run, mars):
    result = run("visits", "set", "mars", "--day", "2026-03-28", "--count", 5)
    assert result.exit_code == 1
    assert (
        "2026-03-28 is after the campaign's last day (2026-03-27); "
        "the campaign runs from 2026-03-02 to 2026-03-27. Nothing set." in result.output
    )
    assert stored(mars) == {}
    negative = run("visits", "set", "mars", "--day", "2026-03-02", "--count", -1)
    assert negative.exit_code == 2 and stored(mars) == {}


def test_an_hourly_export_is_summed_per_day_and_importing_it_again_changes_nothing(run, mars):
    result = run("visits", "import", "mars", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "48 lines under the header on line 5" in result.output  # title lines skipped
    assert "days from column 'Date', visits from 'Nombre de tickets'" in result.output
    assert "3 days from 2026-03-02 to 2026-03-04, 1022 visits" in result.output  # no «Total»
    assert "3 new days, 0 corrected, 0 unchanged" in result.output
    assert stored(mars) == SAMPLE_DAYS
    ids = {row.day: row.id for row in db.session.scalars(select(CampaignVisits))}
    again = run("visits", "import", "mars", SAMPLE)
    assert again.exit_code == 0, again.output
    assert "0 new days, 0 corrected, 3 unchanged" in again.output
    assert stored(mars) == SAMPLE_DAYS
    assert {row.day: row.id for row in db.session.scalars(select(CampaignVisits))} == ids


def test_a_corrected_export_replaces_its_days_and_keeps_the_other_days(run, mars, tmp_path):
    run("visits", "set", "mars", "--day", "2026-03-10", "--count", 50)
    run("visits", "import", "mars", SAMPLE)
    corrected = write(tmp_path, "Date;Visiteurs\n02/03/2026;300\n")
    result = run("visits", "import", "mars", corrected)
    assert result.exit_code == 0, result.output
    assert "0 new days, 1 corrected, 0 unchanged" in result.output
    assert "2026-03-02: 329 -> 300" in result.output
    assert stored(mars) == {**SAMPLE_DAYS, date(2026, 3, 2): 300, date(2026, 3, 10): 50}


def test_the_documented_mapping_reads_the_sample_export(run, mars):
    result = run("visits", "import", "mars", SAMPLE, "--mapping", MAPPING)
    assert result.exit_code == 0, result.output
    assert stored(mars) == SAMPLE_DAYS  # both services of the sample are kept


def test_dry_run_shows_the_days_and_stores_nothing(run, mars):
    result = run("visits", "import", "mars", SAMPLE, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would store (dry run, nothing stored) kiosk visits of 'mars': 3 new days" in (
        result.output
    )
    assert stored(mars) == {}


def test_only_keeps_one_service_from_the_options_or_a_mapping_file(run, mars, tmp_path):
    result = run("visits", "import", "mars", SAMPLE, "--only", "service=Titres de séjour")
    assert result.exit_code == 0, result.output
    assert "24 lines under the header on line 5, 24 other lines left out" in result.output
    titres = {date(2026, 3, 2): 133, date(2026, 3, 3): 151, date(2026, 3, 4): 132}
    assert stored(mars) == titres
    mapping = write(
        tmp_path,
        "channel: paper\ndate: Date\ncount: Nombre de tickets\n"
        "only:\n  Service: Titres de séjour\n",
        "file-attente.yaml",
    )
    result = run("visits", "import", "mars", SAMPLE, "--mapping", mapping)
    assert result.exit_code == 0, result.output
    assert stored(mars, "paper") == titres
    bad = write(tmp_path, "channel: phone\ncolumns: Date\n", "bad.yaml")
    refused = run("visits", "import", "mars", SAMPLE, "--mapping", bad)
    assert refused.exit_code == 1
    assert f"{bad}: 'columns': unknown field" in refused.output
    assert f"{bad}: channel: one of kiosk, web, paper" in refused.output


def test_utf8_with_bom_commas_iso_days_and_an_xlsx_workbook_are_read(run, mars, tmp_path):
    text = (
        "\ufeffJour,Heure,Visiteurs\n2026-03-05,09:00,12\n2026-03-05,10:00,\n2026-03-06,09:00,7\n"
    )
    result = run("visits", "import", "mars", write(tmp_path, text), "--channel", "web")
    assert result.exit_code == 0, result.output
    assert stored(mars, "web") == {date(2026, 3, 5): 12, date(2026, 3, 6): 7}  # blank: 0
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Date de passage", "Nombre de visiteurs"])
    sheet.append([datetime(2026, 3, 9, 8, 30), 40])
    sheet.append([datetime(2026, 3, 9, 14, 0), 2.0])
    book.save(tmp_path / "visites.xlsx")
    result = run("visits", "import", "mars", tmp_path / "visites.xlsx", "--channel", "paper")
    assert result.exit_code == 0, result.output
    assert stored(mars, "paper") == {date(2026, 3, 9): 42}


BAD_FILES = {
    "wrong date": (
        "Date;Visiteurs\n02/03/2026;10\n2026-13-01;5\n",
        (),
        "line 3: '2026-13-01' is not a date",
    ),
    "negative count": (
        "Date;Visiteurs\n02/03/2026;10\n03/03/2026;-4\n",
        (),
        "line 3: '-4' is negative",
    ),
    "not a count": ("Date;Visiteurs\n02/03/2026;douze\n", (), "line 2: 'douze' is not a whole"),
    "unknown column": (
        "Date;Visiteurs\n02/03/2026;10\n",
        ("--count-column", "Entrées"),
        "line 1: no column 'Entrées' in the header (columns seen: 'Date', 'Visiteurs')",
    ),
    "no count column": ("Date;Heure\n02/03/2026;09:00\n", (), "line 1: no count column"),
    "no date column": ("Jour J;Visiteurs\n02/03/2026;10\n", (), "line 1: no date column"),
    "empty": ("", (), "the file is empty"),
    "header only": ("Date;Visiteurs\n", (), "no line of visits under the header"),
    "day before the period": (
        "Date;Visiteurs\n02/03/2026;10\n01/03/2026;5\n01/03/2026;6\n",
        (),
        "line 3: 2026-03-01 is before the campaign's first day (2026-03-02)",
    ),
    "day after the period": (
        "Date;Visiteurs\n28/03/2026;10\n",
        (),
        "line 2: 2026-03-28 is after the campaign's last day (2026-03-27)",
    ),
}


@pytest.mark.parametrize("content,options,message", BAD_FILES.values(), ids=list(BAD_FILES))
def test_a_bad_file_is_refused_naming_file_and_line_and_nothing_is_lost(
    run, mars, tmp_path, content, options, message
):
    run("visits", "set", "mars", "--day", "2026-03-02", "--count", 77)
    path = write(tmp_path, content)
    result = run("visits", "import", "mars", path, *options)
    assert result.exit_code == 1
    assert f"{path}: {message}" in result.output
    assert f"nothing imported from {path}" in result.output
    assert stored(mars) == {date(2026, 3, 2): 77}


def test_a_day_outside_the_period_is_said_once_with_its_first_line(run, mars, tmp_path):
    path = write(tmp_path, "Date;Visiteurs\n" + "01/03/2026;5\n" * 3 + "28/03/2026;1\n")
    result = run("visits", "import", "mars", path)
    assert result.output.count("before the campaign's first day") == 1
    assert "line 2: 2026-03-01" in result.output and "line 5: 2026-03-28" in result.output
    assert "2 problems" in result.output


def _participation(run, slug: str) -> str:
    result = run("report", "--campaign", slug)
    assert result.exit_code == 0, result.output
    return next(line for line in result.output.splitlines() if "Taux de participation" in line)


def test_imported_visits_give_the_reports_participation_rate(run, mars, tmp_path):
    for _ in range(5):
        record_response(
            db.session,
            mars,
            response_id=str(uuid.uuid4()),
            channel="kiosk",
            lang="fr",
            answers=valid_answers(),
            collected_at=datetime(2026, 3, 2, 10),
            now=datetime(2026, 3, 2, 12),
        )
    db.session.commit()
    run("visits", "import", "mars", write(tmp_path, "Date;Visiteurs\n02/03/2026;50\n"))
    assert _participation(run, "mars") == f"Taux de participation à l'accueil{NBSP}: 10{NBSP}%."
    corrected = write(tmp_path, "Date;Visiteurs\n02/03/2026;60\n03/03/2026;40\n", "v2.csv")
    run("visits", "import", "mars", corrected)  # 5 responses / 100 visits
    assert _participation(run, "mars") == f"Taux de participation à l'accueil{NBSP}: 5{NBSP}%."
