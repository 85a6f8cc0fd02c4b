"""`survey import`: past results through the one write path, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from survey_app.collect.importing.bundled import bundled_mappings
from survey_app.collect.recording import CampaignNotOpen, record_response
from survey_app.core.db import db
from survey_app.core.models import Response
from survey_app.counts.reading import campaign_tally
from tests.helpers import valid_answers

SAMPLE = Path(__file__).parent / "samples" / "sphinx-accueil-2024.csv"
MAPPING = bundled_mappings()["sphinx-qualepref-accueil"].path


@pytest.fixture
def past(make_campaign):
    """Last year's campaign, closed long ago, as historical campaigns are."""
    return make_campaign("accueil-2024", status="closed", title="Enquête accueil 2024")


def imported(campaign) -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(func.count()).select_from(Response).filter_by(campaign_id=campaign.id)
    )


def sample_rows() -> list[list[str]]:
    text = SAMPLE.read_bytes().decode("cp1252")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def write_csv(path: Path, rows: list[list[str]], encoding="utf-8-sig", delimiter=",") -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def test_record_response_takes_a_historical_row_into_a_closed_campaign(past):
    with pytest.raises(CampaignNotOpen):
        record_response(db.session, past, response_id=str(uuid.uuid4()), channel="import",
                        lang="fr", answers=valid_answers())  # fmt: skip
    response, created = record_response(
        db.session, past, response_id=str(uuid.uuid4()), channel="import", lang="fr",
        answers=valid_answers(), historical=True,
    )  # fmt: skip
    db.session.commit()
    assert created and response.channel == "import"


def test_the_sphinx_sample_loads_into_a_closed_campaign_on_the_channels_it_names(run, past):
    result = run("import", "--campaign", past.slug, SAMPLE, "--mapping", MAPPING)
    assert result.exit_code == 0, result.output
    assert f"Imported 12 responses into 'accueil-2024' from {SAMPLE} (0 already" in result.stdout
    tally = campaign_tally(db.session, past)
    assert tally.responses_by_channel == {"kiosk": 6, "web": 3, "paper": 3}  # Mode de recueil
    assert tally.count("courtoisie", "tres_satisfait") == 8
    assert tally.count("courtoisie", "satisfait") == 3  # «Plutôt satisfait»
    assert tally.count("motif", "titre_sejour") == 3  # row 4's «Non réponse» is unanswered
    assert sum(tally.count("motif", v) for v in ("titre_sejour", "cni_passeport",
               "permis_immatriculation", "renseignements", "autre")) == 11  # fmt: skip
    first = db.session.scalar(select(Response).order_by(Response.collected_at).limit(1))
    assert first.collected_at == datetime(2024, 3, 4, 8, 0)  # 09:12 in Paris, to the hour


def test_an_import_leaves_its_answers_counted_ahead_for_the_first_report(run, past):
    """The import folds what it loaded: the first report or dashboard after a large import
    must not fold it in a request (a million answers took minutes: past a worker's timeout)."""
    assert run("import", "--campaign", past.slug, SAMPLE, "--mapping", MAPPING).exit_code == 0
    campaign_id = past.id
    db.session.rollback()  # a read transaction begun before the import sees it unfolded
    folded = select(Response.is_folded, func.count()).filter_by(campaign_id=campaign_id)
    assert dict(db.session.execute(folded.group_by(Response.is_folded)).all()) == {True: 12}


def test_importing_the_same_file_again_loads_nothing_twice(run, past, tmp_path):
    assert run("import", "--campaign", past.slug, SAMPLE, "--mapping", MAPPING).exit_code == 0
    again = run("import", "--campaign", past.slug, SAMPLE, "--mapping", MAPPING)
    assert again.exit_code == 0, again.output
    assert "Imported 0 responses" in again.stdout and "(12 already imported)" in again.stdout
    # The same rows saved as UTF-8 with commas are the same respondents.
    twin = write_csv(tmp_path / "resaved.csv", sample_rows())
    assert "Imported 0 responses" in run("import", "--campaign", past.slug, twin,
                                         "--mapping", MAPPING).stdout  # fmt: skip
    assert imported(past) == 12


def test_the_xlsx_export_of_the_same_rows_loads_them_once(run, past, tmp_path):
    from openpyxl import Workbook

    header, *rows = sample_rows()
    book = Workbook()
    book.active.append(header)
    for row in rows:  # as a spreadsheet types them: numbers and dates, not text
        moment = datetime.strptime(row[1], "%d/%m/%Y %H:%M" if ":" in row[1] else "%d/%m/%Y")
        book.active.append([int(row[0]), moment, *row[2:]])
    for (comment,) in book.active.iter_rows(min_col=17, max_col=17):
        comment.data_type = "s"  # «=Personne…» is text in the export, not a formula
    xlsx = tmp_path / "historique.xlsx"
    book.save(xlsx)
    result = run("import", "--campaign", past.slug, xlsx, "--mapping", MAPPING)
    assert result.exit_code == 0, result.output
    assert imported(past) == 12
    csv_again = run("import", "--campaign", past.slug, SAMPLE, "--mapping", MAPPING)
    assert "(12 already imported)" in csv_again.stdout
    assert imported(past) == 12


def test_a_file_with_problems_loads_nothing_and_names_each_row_and_column(run, past, tmp_path):
    rows = sample_rows()
    rows[0].append("Q16 Autre")
    rows[4][4] = "Tres satisfai"  # row 5 as a spreadsheet numbers it
    rows[6][2] = ""  # a required answer left blank: kept apart, no longer a problem
    broken = write_csv(tmp_path / "historique.csv", rows, "cp1252", ";")
    result = run("import", "--campaign", past.slug, broken, "--mapping", MAPPING)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{broken}: row 1, column 'Q16 Autre': not in the mapping (map it under columns, or "
        "list it under ignore)",
        f"{broken}: row 5, column 'Q3 Horaires d'ouverture': unknown label 'Tres satisfai' "
        "(accepted: 'Très satisfait', 'Satisfait', 'Peu satisfait', 'Pas du tout satisfait', "
        "'Sans avis / Non concerné', 'Plutôt satisfait', 'Plutôt pas satisfait', 'Sans avis', "
        "'Non concerné', 'Non réponse' or an empty cell)",
        f"Error: nothing imported from {broken}: 2 problems",
    ]
    assert imported(past) == 0


def test_a_mapping_changed_since_the_last_import_is_refused_as_a_whole(run, past, tmp_path):
    assert run("import", "--campaign", past.slug, SAMPLE, "--mapping", MAPPING).exit_code == 0
    text = MAPPING.read_text(encoding="utf-8")
    changed = tmp_path / "mapping.yaml"
    changed.write_text(text.replace('"Plutôt satisfait": satisfait', '"Plutôt satisfait": '
                                    "tres_satisfait"), encoding="utf-8")  # fmt: skip
    extra = write_csv(tmp_path / "plus.csv", [*sample_rows(), ["13", "12/03/2024 10:00",
                      "Particulier", "Autre", *["Très satisfait"] * 7, "Moins de 10 mn", "Non", "",
                      "Très satisfait", "Très satisfait", "", "Papier"]])  # fmt: skip
    result = run("import", "--campaign", past.slug, extra, "--mapping", changed)
    assert result.exit_code == 1
    assert f"{extra}: row 2: imported before with other answers" in result.stderr
    assert imported(past) == 12  # not even the new row 13: one transaction


def test_dry_run_checks_everything_and_loads_nothing(run, past):
    result = run("import", "--campaign", past.slug, SAMPLE, "--mapping", MAPPING, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "12 responses ready to import" in result.stdout
    assert imported(past) == 0


def test_a_campaign_without_the_file_s_channels_is_refused(run, make_campaign):
    web_only = make_campaign("web-only", channels=["web"])
    result = run("import", "--campaign", web_only.slug, SAMPLE, "--mapping", MAPPING)
    assert result.exit_code == 1
    assert (
        f"{SAMPLE}: campaign 'web-only' does not take the 'kiosk' channel (its channels: web): "
        "6 rows use it (rows 2, 3, 4, 5, 6, ...); add the channel to the campaign or set another "
        "one with --channel"
    ) in result.stderr
    assert "does not take the 'paper' channel (its channels: web): 3 rows" in result.stderr
    assert imported(web_only) == 0


def test_mapping_problems_are_printed_and_nothing_is_loaded(run, past, tmp_path):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('columns:\n  "Q1 Vous êtes": profill\n', encoding="utf-8")
    result = run("import", "--campaign", past.slug, SAMPLE, "--mapping", mapping)
    assert result.exit_code == 1
    assert f"{mapping}: columns[\"Q1 Vous êtes\"].item: unknown item 'profill'" in result.stderr


def test_an_unknown_campaign_is_a_clear_error(run, app_ctx):
    result = run("import", "--campaign", "nope", SAMPLE, "--mapping", MAPPING)
    assert result.exit_code == 1
    assert "no campaign 'nope'" in result.stderr


def test_a_large_file_shows_a_progress_bar_and_loads_in_one_go(run, past, tmp_path):
    header, *rows = sample_rows()
    many = [[str(n), *rows[n % 12][1:]] for n in range(1, 601)]
    big = write_csv(tmp_path / "big.csv", [header, *many])
    result = run("import", "--campaign", past.slug, big, "--mapping", MAPPING)
    assert result.exit_code == 0, result.output
    assert "Importing" in result.stderr
    assert imported(past) == 600


def test_rows_added_at_the_end_load_alone_with_a_note_to_check_the_total(run, past, tmp_path):
    assert run("import", "--campaign", past.slug, SAMPLE, "--mapping", MAPPING).exit_code == 0
    header, *rows = sample_rows()
    longer = write_csv(tmp_path / "plus.csv", [header, *rows, ["13", *rows[0][1:]]])
    result = run("import", "--campaign", past.slug, longer, "--mapping", MAPPING)
    assert result.exit_code == 0, result.output
    assert "Imported 1 responses" in result.stdout and "(12 already imported)" in result.stdout
    assert "part of this file was already in the campaign" in result.stderr
    assert imported(past) == 13


@pytest.mark.parametrize("content", ["", "\n\n", "header-only"])
def test_an_empty_or_header_only_file_is_an_error_naming_it(run, past, tmp_path, content):
    path = tmp_path / "vide.csv"
    if content == "header-only":
        content = ";".join(sample_rows()[0]) + "\n"
    path.write_bytes(content.encode("utf-8"))
    result = run("import", "--campaign", past.slug, path, "--mapping", MAPPING)
    assert result.exit_code == 1
    assert str(path) in result.stderr and "nothing imported" in result.stderr
    assert imported(past) == 0


def test_the_sample_saved_as_excel_unicode_text_loads_as_the_same_responses(run, past, tmp_path):
    """UTF-16, tabs, typographic apostrophes in the header: the same 12 rows, same ids."""
    assert run("import", "--campaign", past.slug, SAMPLE, "--mapping", MAPPING).exit_code == 0
    header, *rows = sample_rows()
    header = [name.replace("'", "\u2019") for name in header]
    text = write_csv(tmp_path / "export.txt", [header, *rows], encoding="utf-16", delimiter="\t")
    result = run("import", "--campaign", past.slug, text, "--mapping", MAPPING)
    assert result.exit_code == 0, result.output
    assert "Imported 0 responses" in result.stdout and "(12 already imported)" in result.stdout
