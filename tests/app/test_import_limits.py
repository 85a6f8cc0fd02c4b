"""`survey import` reads any file in bounded memory and time: zip bombs, huge sheets and
XML attacks end in one line naming the file and the limit (no database: pure reading)."""

from __future__ import annotations

import pytest

from survey_app.collect.importing import ImportCheckError, open_table
from survey_app.collect.importing.limits import ImportLimits
from tests.app.import_samples import (
    BILLION_LAUGHS,
    SHEET,
    STRINGS,
    XXE,
    shared_strings,
    sheet,
    workbook,
)


def refusal(path, limits=None, delimiter=None) -> str:
    with pytest.raises(ImportCheckError) as caught:
        for _ in open_table(path, delimiter, limits).rows():
            pass
    assert len(caught.value.messages) == 1
    message = caught.value.messages[0]
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


def test_a_workbook_unpacking_past_the_limit_is_refused_before_anything_is_parsed(tmp_path):
    path = workbook(tmp_path / "bomb.xlsx", {SHEET: sheet(200_000)})
    assert path.stat().st_size < 100_000  # 5 MB of XML, a few kilobytes on disk
    message = refusal(path, ImportLimits(max_unpacked_mb=2))
    assert "unpacks to 5 MB, more than 2 MB (IMPORT_MAX_UNPACKED_MB)" in message


def test_a_huge_shared_strings_part_is_refused_before_openpyxl_loads_it(tmp_path):
    path = workbook(tmp_path / "strings.xlsx", {STRINGS: shared_strings(30 * 1024 * 1024)})
    message = refusal(path)  # the default 100 MB: 30 MB of text cells is past its fifth
    assert "text cells unpack to 30 MB, more than 20 MB" in message


def test_a_sheet_declaring_more_rows_than_the_limit_is_refused_before_reading_one(tmp_path):
    path = workbook(tmp_path / "declared.xlsx", {SHEET: sheet(10, dimension="A1:C5000000")})
    message = refusal(path)
    assert "more than 1,000,000 rows (IMPORT_MAX_ROWS)" in message


def test_rows_past_the_limit_are_refused_while_reading_when_the_sheet_hides_its_size(tmp_path):
    path = workbook(tmp_path / "undeclared.xlsx", {SHEET: sheet(120)})
    assert "more than 100 rows (IMPORT_MAX_ROWS)" in refusal(path, ImportLimits(max_rows=100))
    assert len(list(open_table(path, limits=ImportLimits(max_rows=120)).rows())) == 120


def test_a_row_wider_than_the_column_limit_is_refused(tmp_path):
    path = workbook(tmp_path / "wide.xlsx", {SHEET: sheet(3, cells=50)})
    message = refusal(path, ImportLimits(max_columns=20))
    assert "row 1 has 50 cells, more than 20 (IMPORT_MAX_COLUMNS)" in message


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
@pytest.mark.parametrize("part", [SHEET, STRINGS])
def test_xml_attacks_end_in_the_same_one_line_refusal(tmp_path, attack, part):
    path = workbook(tmp_path / "attack.xlsx", {part: [attack]})
    message = refusal(path)
    assert "its XML declares entities" in message
    assert "root:" not in message  # nothing of /etc/passwd


def test_a_csv_past_the_row_limit_is_refused_while_streaming(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("Q1;Q2\n" + "a;b\n" * 150, encoding="utf-8")
    assert "more than 100 rows (IMPORT_MAX_ROWS)" in refusal(path, ImportLimits(max_rows=100))


def test_a_csv_row_wider_than_the_column_limit_is_refused(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(";".join(["x"] * 30) + "\n", encoding="utf-8")
    message = refusal(path, ImportLimits(max_columns=20), delimiter=";")
    assert "row 1 has 30 cells, more than 20 (IMPORT_MAX_COLUMNS)" in message


def test_a_csv_field_of_megabytes_is_refused_in_one_line(tmp_path):
    path = tmp_path / "field.csv"
    path.write_text('Q1;Q2\na;"' + "x" * 300_000 + '"\n', encoding="utf-8")
    assert "line 2: field larger than field limit" in refusal(path, delimiter=";")


def test_the_limits_are_settings_the_import_command_passes_on(app, run, make_campaign, tmp_path):
    from tests.app.test_import_cli import MAPPING

    make_campaign("accueil-2024", status="closed")
    path = workbook(tmp_path / "declared.xlsx", {SHEET: sheet(10, dimension="A1:C200")})
    app.config["IMPORT_MAX_ROWS"] = 150
    result = run("import", path, "--campaign", "accueil-2024", "--mapping", MAPPING)
    assert result.exit_code == 1
    assert f"{path}: refused: more than 150 rows (IMPORT_MAX_ROWS): split the file" in result.output
