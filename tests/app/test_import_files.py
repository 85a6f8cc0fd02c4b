"""Reading the previous tool's exports: encodings, separators, XLSX cells (no database)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from survey_app.collect.importing import ImportCheckError, open_table
from survey_app.collect.importing.files import cell_text

SAMPLE = Path(__file__).parent / "samples" / "sphinx-accueil-2024.csv"


def rows(table):
    return list(table.rows())


def test_the_sphinx_sample_in_windows_1252_with_semicolons_keeps_its_accents():
    assert SAMPLE.read_bytes().decode("cp1252")  # the sample really is Windows-1252
    with pytest.raises(UnicodeDecodeError):
        SAMPLE.read_bytes().decode("utf-8")
    table = open_table(SAMPLE)
    assert table.delimiter == ";"
    (_, header), *data = rows(table)
    assert header[2] == "Q1 Vous êtes" and len(header) == 18
    assert len(data) == 12
    comments = [cells[-2] for _, cells in data]  # the last column is «Mode de recueil»
    assert "Cœur sur l'agent du guichet 2 (bon accueil)" in comments  # œ only exists in cp1252
    assert "Timbre fiscal à 86 € introuvable sur le site" in comments
    assert "Trop d'attente ; le « point numérique » était fermé." in comments  # quoted ;


def test_utf8_with_a_bom_and_commas_is_read_without_the_bom(tmp_path):
    path = tmp_path / "export.csv"
    text = 'Q1 Vous êtes,Q15 Remarques\nParticulier,"Bien, très bien"\n'
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    table = open_table(path)
    assert table.delimiter == ","
    assert rows(table) == [
        (1, ["Q1 Vous êtes", "Q15 Remarques"]),
        (2, ["Particulier", "Bien, très bien"]),
    ]


def test_when_sniffing_fails_the_separator_splitting_the_header_most_wins(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a;b;c\n1;2\n3\n", encoding="utf-8")  # rows too uneven for csv.Sniffer
    assert open_table(path).delimiter == ";"


def test_the_separator_can_be_forced(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("a,b;c\n1,2;3\n", encoding="utf-8")
    assert rows(open_table(path, delimiter=";"))[0] == (1, ["a,b", "c"])


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused_naming_the_file(tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"Q1;Q2\n\x81\x8d;x\n")  # 0x81 is undefined in Windows-1252
    with pytest.raises(ImportCheckError) as caught:
        open_table(path)
    assert caught.value.messages[0].startswith(f"{path}: neither UTF-8 nor Windows-1252")


def test_old_excel_files_are_refused_with_what_to_do(tmp_path):
    path = tmp_path / "export.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportCheckError) as caught:
        open_table(path)
    assert caught.value.messages == [f"{path}: cannot read '.xls' files: save it as .xlsx or .csv"]


def test_a_file_named_xlsx_that_is_not_one_is_refused(tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_text("Q1;Q2\n", encoding="utf-8")
    with pytest.raises(ImportCheckError) as caught:
        rows(open_table(path))
    assert caught.value.messages[0].startswith(f"{path}: not a readable XLSX file")


def test_xlsx_rows_keep_the_spreadsheet_row_numbers_and_typed_cells(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Enquête 2024"  # a title row above the header, as some exports have
    sheet.append([])
    sheet.append(["N°", "Date de saisie", "Q1 Vous êtes"])
    sheet.append([1, datetime(2024, 3, 4, 9, 12), "Particulier"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    numbered = rows(open_table(path))
    assert [n for n, _ in numbered] == [1, 2, 3, 4]
    assert numbered[3][1] == [1, datetime(2024, 3, 4, 9, 12), "Particulier"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  Très   satisfait ", "Très   satisfait"),
        (3, "3"),
        (3.0, "3"),  # XLSX stores whole numbers as floats
        (2.5, "2.5"),
        (datetime(2024, 3, 4, 9, 12), "2024-03-04 09:12:00"),
        ("Cafe\u0301", "Café"),  # NFC: a decomposed accent matches the composed label
    ],
)
def test_cells_are_compared_as_plain_text(value, text):
    assert cell_text(value) == text


def test_a_tab_separated_file_is_read_without_being_told(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Q1 Vous êtes\tQ15 Remarques\nParticulier\tBien, très bien ; merci\n",
                    encoding="utf-8")  # fmt: skip
    table = open_table(path)
    assert table.delimiter == "\t"
    assert rows(table)[1] == (2, ["Particulier", "Bien, très bien ; merci"])


def test_excels_unicode_text_utf16_with_tabs_is_read(tmp_path):
    path = tmp_path / "export.txt"  # Excel's «Texte Unicode (*.txt)»
    path.write_bytes("Q1 Vous êtes\tQ15 Remarques\r\nParticulier\tCœur ✓\r\n".encode("utf-16"))
    table = open_table(path)
    assert table.delimiter == "\t"
    assert rows(table) == [(1, ["Q1 Vous êtes", "Q15 Remarques"]), (2, ["Particulier", "Cœur ✓"])]


def test_utf16_without_its_byte_order_mark_is_refused_saying_what_to_do(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("Q1;Q2\nOui;Non\n".encode("utf-16-le"))
    with pytest.raises(ImportCheckError) as caught:
        open_table(path)
    assert caught.value.messages == [
        f"{path}: looks like UTF-16 text without its byte-order mark, or is not text: "
        "save it again as CSV UTF-8"
    ]
