"""`survey import`'s problems in French for the admin page: each message the library writes
about a row, the file or the mapping reads in French, placed by row and column (pure)."""

from __future__ import annotations

import re

from questionnaires import bundled_path, load_questionnaire
from survey_app.collect.importing import ImportCheckError, load_mapping
from survey_app.collect.importing.bundled import bundled_mappings
from survey_app.collect.importing.messages_fr import Problem, in_french
from survey_app.collect.importing.rows import RowReader

QUESTIONNAIRE = load_questionnaire(bundled_path())
MAPPING = load_mapping(bundled_mappings()["sphinx-qualepref-accueil"].path, QUESTIONNAIRE)
NBSP = "\u00a0"
ENGLISH = re.compile(r"\b(row|column|unknown|accepted|expected|refused|not|the|file)\b")


def french(message: str) -> str:
    problem = in_french(message, "h.csv", "ma-correspondance.yaml")
    assert isinstance(problem, Problem), message
    assert not ENGLISH.search(problem.what), problem
    return str(problem)


def test_row_messages_read_in_french_with_their_row_and_column():
    header = ["Date de saisie", "Q1 Vous êtes", "Mode de recueil", "Colonne en trop", "N°"]
    reader = RowReader("h.csv", 1, header, MAPPING, QUESTIONNAIRE, "a-2023", "Europe/Paris")
    found = [french(m) for m in reader.header_errors()]
    assert f"Ligne 1, colonne «{NBSP}Colonne en trop{NBSP}»{NBSP}: colonne absente" in found[0]
    assert any(f"la colonne «{NBSP}Q7 Accueil{NBSP}» de la correspondance n'est pas" in f
               for f in found)  # fmt: skip
    _, messages = reader.read(4, ["31/02/2024", "Martien", "Minitel", "", "", "x"])
    shown = [french(m) for m in messages]
    label = f"Ligne 4, colonne «{NBSP}Q1 Vous êtes{NBSP}»{NBSP}: libellé «{NBSP}Martien{NBSP}» "
    assert any(s.startswith(label + "inconnu (acceptés") for s in shown)
    assert any("Ligne 4, colonne F (sans titre)" in s for s in shown)
    assert any(f"date «{NBSP}31/02/2024{NBSP}» illisible (attendu{NBSP}: jj/mm/aaaa hh:mm ou "
               "jj/mm/aaaa)" in s for s in shown)  # fmt: skip
    assert any(f"canal «{NBSP}Minitel{NBSP}» inconnu" in s for s in shown)


def test_mapping_messages_name_the_mapping_in_french(tmp_path):
    path = tmp_path / "ma-correspondance.yaml"
    path.write_text('colums: {}\ncolumns:\n  "Q2": {item: courtoisy}\n', encoding="utf-8")
    try:
        load_mapping(path, QUESTIONNAIRE)
    except ImportCheckError as exc:
        messages = [m.replace(str(path), "ma-correspondance.yaml") for m in exc.messages]
    shown = [french(m) for m in messages]
    assert shown[0] == f"Correspondance «{NBSP}ma-correspondance.yaml{NBSP}»{NBSP}: " \
        f"colums{NBSP}: champ inconnu"  # fmt: skip
    assert f"question «{NBSP}courtoisy{NBSP}» inconnue du questionnaire" in shown[1]
    assert f"aucune colonne pour la question obligatoire «{NBSP}profil{NBSP}»" in shown[2]


def test_the_problems_not_listed_are_a_number():
    assert in_french("h.csv: 12,345 more problems, not listed", "h.csv", "m.yaml") == 12345


def test_a_message_without_a_pattern_is_kept_as_it_is():
    problem = in_french("h.csv: something new", "h.csv", "m.yaml")
    assert problem == Problem("Fichier", "something new")
