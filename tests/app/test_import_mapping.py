"""The import mapping file and the reading of one row against it (pure, no database)."""

from __future__ import annotations

from datetime import datetime

import pytest

from questionnaires import bundled_path, load_questionnaire
from survey_app.collect.importing import ImportCheckError, load_mapping
from survey_app.collect.importing.bundled import bundled_mappings
from survey_app.collect.importing.rows import RowReader, response_id

DOCS_MAPPING = bundled_mappings()["sphinx-qualepref-accueil"].path
QUESTIONNAIRE = load_questionnaire(bundled_path())


def mapping_from(tmp_path, text: str):
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    return path, load_mapping(path, QUESTIONNAIRE)


def problems(tmp_path, text: str) -> list[str]:
    with pytest.raises(ImportCheckError) as caught:
        mapping_from(tmp_path, text)
    return caught.value.messages


MINIMAL = 'columns:\n  "Q1 Vous êtes": profil\n'


def test_the_documented_sphinx_mapping_is_valid_for_the_bundled_questionnaire():
    mapping = load_mapping(DOCS_MAPPING, QUESTIONNAIRE)
    courtoisie = mapping.columns["Q7 Accueil"]
    assert courtoisie.item.key == "courtoisie"
    assert courtoisie.labels["plutôt satisfait"] == "satisfait"
    assert courtoisie.labels["non réponse"] is None
    assert mapping.collected_at.column == "Date de saisie"
    assert "N°" in mapping.ignored


def test_mapping_errors_name_the_file_and_the_path_all_at_once(tmp_path):
    path = tmp_path / "mapping.yaml"
    found = problems(
        tmp_path,
        "lang: de\n"
        "colums: {}\n"
        "labels:\n  satisfaction: {'Très satisfait': tres_satisfait}\n"
        "columns:\n"
        '  "Q1": profil\n'
        '  "Q2": {item: courtoisy}\n'
        '  "Q3": {item: courtoisie, labels: {"Bof": moyen}}\n'
        '  "Q4": {item: horaires, labels: satisfation}\n'
        '  "Q5": {item: commentaire, labels: satisfaction}\n'
        '  "Q6": {item: profil}\n',
    )
    assert found == [
        f"{path}: colums: unknown field",
        f"{path}: lang: language 'de' is not offered by the questionnaire",
        f"{path}: columns[\"Q2\"].item: unknown item 'courtoisy'",
        f"{path}: columns[\"Q3\"].labels[\"Bof\"]: 'moyen' is not a value of 'courtoisie' "
        "(tres_satisfait, satisfait, peu_satisfait, pas_du_tout_satisfait, sans_avis)",
        f"{path}: columns[\"Q4\"].labels: unknown label table 'satisfation' "
        "(declared: satisfaction)",
        f"{path}: columns[\"Q5\"].labels: 'commentaire' is a free-text item: its text is taken "
        "as is",
        f"{path}: columns[\"Q6\"].item: item 'profil' is already mapped to column 'Q1'",
    ]


def test_a_required_item_without_a_column_is_reported(tmp_path):
    path = tmp_path / "mapping.yaml"
    assert problems(tmp_path, 'columns:\n  "Q7": courtoisie\n') == [
        f"{path}: columns: no column for the required item 'profil'"
    ]


def test_a_shared_label_table_is_checked_against_each_item_using_it(tmp_path):
    path = tmp_path / "mapping.yaml"
    found = problems(
        tmp_path,
        "labels:\n  satisfaction: {'Plutôt satisfait': satisfait}\n"
        + MINIMAL
        + '  "Q11": {item: appel_prealable, labels: satisfaction}\n',
    )
    assert found == [
        f"{path}: labels.satisfaction[\"Plutôt satisfait\"]: 'satisfait' is not a value of "
        "'appel_prealable' (oui, non)"
    ]


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    path = tmp_path / "mapping.yaml"
    assert problems(tmp_path, "columns: [\n")[0].startswith(f"{path}: line 2")


def test_a_column_both_mapped_and_ignored_is_reported(tmp_path):
    found = problems(tmp_path, MINIMAL + 'ignore: ["Q1 Vous êtes"]\n')
    assert found == [f"{tmp_path / 'mapping.yaml'}: ignore: column 'Q1 Vous êtes' is both "
                     "mapped and ignored"]  # fmt: skip


def test_the_questionnaire_labels_and_codes_match_without_being_listed(tmp_path):
    _, mapping = mapping_from(tmp_path, MINIMAL + '  "Q7": courtoisie\n')
    labels = mapping.columns["Q7"].labels
    assert labels["très satisfait"] == "tres_satisfait"
    assert labels["sans avis / non concerné"] == "sans_avis"
    assert labels["peu_satisfait"] == "peu_satisfait"


HEADER = ["N°", "Date de saisie", "Q1 Vous êtes", "Q7 Accueil", "Q11 Appel", "Q12 Téléphone"]


@pytest.fixture
def reader(tmp_path):
    _, mapping = mapping_from(
        tmp_path,
        'collected_at: {column: "Date de saisie", format: ["%d/%m/%Y %H:%M", "%d/%m/%Y"]}\n'
        'ignore: ["N°"]\n'
        "labels:\n  satisfaction: {'Plutôt satisfait': satisfait, 'Non réponse': ~}\n"
        + MINIMAL
        + '  "Q7 Accueil": {item: courtoisie, labels: satisfaction}\n'
        '  "Q11 Appel": appel_prealable\n'
        '  "Q12 Téléphone": {item: info_telephone, labels: satisfaction}\n',
    )
    return RowReader(
        "historique.csv", 1, HEADER, mapping, QUESTIONNAIRE, "accueil-2024", "Europe/Paris"
    )


def test_a_row_becomes_answers_with_its_local_time_stored_in_utc(reader):
    row, errors = reader.read(2, ["1", "04/03/2024 09:12", "Un particulier", "Plutôt satisfait",
                                  "Oui", "Non réponse"])  # fmt: skip
    assert errors == []
    assert row.answers == {"profil": "particulier", "courtoisie": "satisfait",
                           "appel_prealable": "oui"}  # fmt: skip
    assert row.collected_at == datetime(2024, 3, 4, 8, 12)  # Paris is UTC+1 in March
    summer, _ = reader.read(3, ["2", "04/07/2024", "Un particulier", "", "", ""])
    assert summer.collected_at == datetime(2024, 7, 4, 10, 0)  # a date alone: noon, UTC+2


def test_every_problem_of_a_row_names_its_row_and_column(reader):
    cells = ["12", "31/02/2024", "", "Tres satisfai", "Non", "Plutôt satisfait", "en trop"]
    row, errors = reader.read(12, cells)
    assert row is None
    assert errors == [
        "historique.csv: row 12, column G (no name): a value under no column name",
        "historique.csv: row 12, column 'Q7 Accueil': unknown label 'Tres satisfai' (accepted: "
        "'Très satisfait', 'Satisfait', 'Peu satisfait', 'Pas du tout satisfait', 'Sans avis / "
        "Non concerné', 'Plutôt satisfait', 'Non réponse', 'Non concerné' or an empty cell)",
        "historique.csv: row 12, column 'Date de saisie': unreadable date '31/02/2024' "
        "(expected %d/%m/%Y %H:%M or %d/%m/%Y)",
    ]


def test_a_row_breaking_a_questionnaire_rule_is_read_as_filled_in_with_the_rules_noted(reader):
    # Q1 (required) left blank, Q12 rated after «Non» to Q11: both kept apart, not refused.
    row, errors = reader.read(12, ["12", "01/02/2024", "", "", "Non", "Plutôt satisfait"])
    assert errors == []
    assert row.answers == {"appel_prealable": "non", "info_telephone": "satisfait"}
    assert row.kept_apart == {"hidden", "required"}


def test_a_blank_row_is_skipped_silently(reader):
    assert reader.read(5, ["", None, "  "]) == (None, [])


def test_the_header_must_match_the_mapping_both_ways(reader, tmp_path):
    reader.header = ["N°", "Date de saisie", "Q1 Vous êtes", "Q7 Accueil", "Q11 Appel", "Q9"]
    assert reader.header_errors() == [
        "historique.csv: row 1, column 'Q9': not in the mapping (map it under columns, or list "
        "it under ignore)",
        f"historique.csv: column 'Q12 Téléphone' of {tmp_path / 'mapping.yaml'} is not in the "
        "file (its header is row 1)",
    ]


def test_response_ids_repeat_for_the_same_row_and_differ_otherwise():
    cells = {"Q1": "Particulier", "Q7": "Très satisfait"}
    same = response_id("accueil-2024", 2, dict(cells))
    assert same == response_id("accueil-2024", 2, dict(reversed(cells.items())))
    assert same != response_id("accueil-2023", 2, cells)  # another campaign
    assert same != response_id("accueil-2024", 3, cells)  # another respondent, same answers
    assert same != response_id("accueil-2024", 2, {**cells, "N°": "2"})  # another file


def test_non_concerne_where_the_question_was_not_asked_is_no_answer(reader):
    cells = ["1", "04/03/2024", "Un particulier", "Plutôt satisfait", "Non", "Non concerné"]
    row, errors = reader.read(2, cells)
    assert errors == []
    assert "info_telephone" not in row.answers and row.answers["appel_prealable"] == "non"
    # Asked (a phone call was made) but «non concerné» in this mapping: not answered either.
    row, errors = reader.read(3, [*cells[:4], "Oui", "non  concerné"])
    assert errors == [] and "info_telephone" not in row.answers


def test_non_concerne_keeps_the_value_a_table_gives_it_when_the_question_was_asked(tmp_path):
    columns = (
        '  "Q11": appel_prealable\n'
        '  "Q12": {item: info_telephone, labels: {"Non concerné": sans_avis}}\n'
    )
    _, mapping = mapping_from(tmp_path, MINIMAL + columns)
    header = ["Q1 Vous êtes", "Q11", "Q12"]
    reader = RowReader("h.csv", 1, header, mapping, QUESTIONNAIRE, "accueil-2024", "Europe/Paris")
    asked, _ = reader.read(2, ["Un particulier", "Oui", "Non concerné"])
    not_asked, errors = reader.read(3, ["Un particulier", "Non", "Non concerné"])
    assert asked.answers["info_telephone"] == "sans_avis"
    assert errors == [] and "info_telephone" not in not_asked.answers


def test_a_columns_own_labels_add_to_a_shared_table(tmp_path):
    _, mapping = mapping_from(
        tmp_path,
        "labels:\n  satisfaction: {'Plutôt satisfait': satisfait, 'Non réponse': ~}\n"
        + MINIMAL
        + '  "Q7": {item: courtoisie, labels: [satisfaction, {"Bof": peu_satisfait}]}\n',
    )
    labels = mapping.columns["Q7"].labels
    assert labels["plutôt satisfait"] == "satisfait"  # from the shared table
    assert labels["bof"] == "peu_satisfait"  # the column's own
    assert labels["non réponse"] is None
    assert "Bof" in mapping.columns["Q7"].shown


def test_a_list_of_tables_names_each_wrong_part(tmp_path):
    found = problems(tmp_path, MINIMAL + '  "Q7": {item: courtoisie, labels: [satisfation, 3]}\n')
    assert found == [
        f'{tmp_path / "mapping.yaml"}: columns["Q7"].labels[0]: unknown label table '
        "'satisfation' (declared: none)",
        f'{tmp_path / "mapping.yaml"}: columns["Q7"].labels[1]: expected a mapping of labels '
        "to value codes",
    ]


def test_typographic_apostrophes_and_odd_spaces_in_headers_match_the_mapping(tmp_path):
    columns = '  "Q9 File d\'attente": file_attente\n  "Q4 L’accueil": courtoisie\n'
    _, mapping = mapping_from(tmp_path, MINIMAL + columns)
    header = ["Q1\u00a0Vous êtes ", "Q9 File d\u2019attente", "Q4  L'accueil"]
    reader = RowReader("h.csv", 1, header, mapping, QUESTIONNAIRE, "accueil-2024", "Europe/Paris")
    assert reader.header_errors() == []
    row, errors = reader.read(2, ["Un particulier", "Satisfait", "Très satisfait"])
    assert errors == [] and row.answers["file_attente"] == "satisfait"


def test_the_channel_is_read_from_a_column_and_an_unknown_label_names_the_accepted_ones(tmp_path):
    _, mapping = mapping_from(
        tmp_path,
        'channel: {column: "Mode de recueil", labels: {Borne: kiosk, Papier: paper}}\n' + MINIMAL,
    )
    reader = RowReader("h.csv", 1, ["Q1 Vous êtes", "Mode de  recueil"], mapping, QUESTIONNAIRE,
                       "accueil-2024", "Europe/Paris")  # fmt: skip
    assert reader.header_errors() == []
    assert reader.read(2, ["Particulier", "borne"])[0].channel == "kiosk"
    assert reader.read(3, ["Particulier", "web"])[0].channel == "web"  # codes always match
    assert reader.read(4, ["Particulier", "Courrier"]) == (None, [
        "h.csv: row 4, column 'Mode de recueil': unknown channel 'Courrier' (accepted: "
        "'Borne', 'Papier')"])  # fmt: skip
    assert reader.read(5, ["Particulier", ""])[1] == [
        "h.csv: row 5, column 'Mode de recueil': no channel (accepted: 'Borne', 'Papier')"
    ]


def test_a_wrong_channel_in_the_mapping_is_named(tmp_path):
    assert problems(tmp_path, "channel: guichet\n" + MINIMAL) == [
        f"{tmp_path / 'mapping.yaml'}: channel: unknown channel 'guichet' (accepted: kiosk, "
        "web, paper)"
    ]
    assert problems(tmp_path, 'channel: {column: "Mode", labels: {Borne: borne}}\n' + MINIMAL) == [
        f"{tmp_path / 'mapping.yaml'}: channel.labels[\"Borne\"]: unknown channel 'borne' "
        "(accepted: kiosk, web, paper)"
    ]
    _, fixed = mapping_from(tmp_path, "channel: paper\n" + MINIMAL)
    assert fixed.channel == "paper"
