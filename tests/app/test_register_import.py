"""`survey requests import`: an existing register from CSV (Windows-1252, `;`) or XLSX with a
mapping; every bad row named before anything is stored; importing twice stores once."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from sqlalchemy import func, select

from survey_app.core.db import db
from survey_app.core.models import RegisterEntry

MAPPING = """\
columns:
  received_on: Date de réception
  channel: Canal
  kind: Nature
  summary: Objet
  contact: Coordonnées
  themes: Thèmes
  in_scope: Dans le champ
  replied_on: Date de réponse
labels:
  channel: {Mail: courriel, Lettre: courrier, Urne: fiche_hall}
  kind: {Plainte: reclamation}
"""
HEADER = "Date de réception;Canal;Nature;Objet;Coordonnées;Thèmes;Dans le champ;Date de réponse"
ROWS = [
    "06/01/2025;Mail;Plainte;Attente trop longue;a@example.org;attente;oui;10/01/2025",
    "07/01/2025;Lettre;Demande d'information;Horaires ?;;horaires, accueil;oui;",
    "08/01/2025;Urne;Suggestion;Des chaises;;;non;",
]


def _files(tmp_path, rows=ROWS):
    csv_file = tmp_path / "registre.csv"
    csv_file.write_bytes("\n".join([HEADER, *rows]).encode("cp1252"))
    mapping = tmp_path / "registre.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return csv_file, mapping


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(RegisterEntry))


def test_a_csv_register_is_imported_once_with_due_dates_and_replies(run, campaign, tmp_path):
    csv_file, mapping = _files(tmp_path)
    dry = run("requests", "import", csv_file, "--mapping", mapping, "--dry-run")
    assert dry.exit_code == 0 and "Would import 3 entries" in dry.output and _count() == 0
    result = run("requests", "import", csv_file, "--mapping", mapping)
    assert result.exit_code == 0, result.output
    assert "Imported 3 entries into the register of prefecture (0 already there)" in result.output
    again = run("requests", "import", csv_file, "--mapping", mapping)
    assert "Imported 0 entries" in again.output and "(3 already there)" in again.output
    entries = db.session.scalars(select(RegisterEntry).order_by(RegisterEntry.received_on)).all()
    first, second, third = entries
    assert (first.channel, first.kind, first.status, first.replied_on) == (
        "courriel", "reclamation", "answered", date(2025, 1, 10))  # fmt: skip
    assert first.due_on == date(2025, 1, 27)  # 6 January + 15 working days
    assert (second.kind, second.status, second.themes) == ("information", "open",
                                                           ["horaires", "accueil"])  # fmt: skip
    assert (third.channel, third.is_in_scope) == ("fiche_hall", False)


def test_every_bad_row_is_named_with_its_column_and_nothing_is_stored(run, campaign, tmp_path):
    rows = [ROWS[0], "32/01/2025;Pigeon;Plainte;x;;;peut-être;", ROWS[1]]
    csv_file, mapping = _files(tmp_path, rows)
    result = run("requests", "import", csv_file, "--mapping", mapping)
    assert result.exit_code != 0
    name = str(csv_file)
    assert f"{name}: row 3: column 'Date de réception': not a date: '32/01/2025'" in result.output
    assert (
        f"{name}: row 3: column 'Canal': unknown value 'Pigeon' (add it under labels.channel)"
        in result.output
    )  # noqa: E501
    assert f"{name}: row 3: column 'Dans le champ': expected oui or non" in result.output
    assert "nothing imported" in result.output and _count() == 0


def test_an_xlsx_register_and_a_bad_mapping(run, campaign, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Date de réception", "Canal", "Nature"])
    sheet.append([date(2025, 2, 3), "Courriel", "Réclamation"])
    path = tmp_path / "registre.xlsx"
    book.save(path)
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  received_on: Date de réception\n  channel: Canal\n"
                       "  kind: Nature\n", encoding="utf-8")  # fmt: skip
    assert run("requests", "import", path, "--mapping", mapping).exit_code == 0
    assert db.session.scalar(select(RegisterEntry.channel)) == "courriel"
    mapping.write_text("columns:\n  recu: Date\n", encoding="utf-8")
    result = run("requests", "import", path, "--mapping", mapping)
    assert "columns.recu: unknown field" in result.output
    assert "columns.received_on: missing (required)" in result.output
