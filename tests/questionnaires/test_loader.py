"""Questionnaire files: the bundled one loads, broken ones are refused with file and path."""

from __future__ import annotations

import textwrap

import pytest

from questionnaires import (
    QuestionnaireError,
    bundled_path,
    from_dict,
    load_questionnaire,
    parse_questionnaire,
)

VALID = """\
key: test
title: {fr: Test, en: Test}
languages: [fr, en]
pages:
  - key: p1
    title: {fr: Page, en: Page}
items:
  - key: profil
    type: choice
    page: p1
    required: true
    label: {fr: Vous êtes, en: You are}
    options:
      - {value: particulier, label: {fr: Particulier, en: Individual}}
      - {value: pro, label: {fr: Professionnel, en: Professional}}
  - key: accueil
    type: rating
    scale: satisfaction
    page: p1
    label: {fr: L'accueil, en: The welcome}
  - key: appel
    type: yesno
    page: p1
    label: {fr: "Avez-vous appelé ?", en: "Did you call?"}
  - key: telephone
    type: rating
    scale: satisfaction
    page: p1
    show_if: {item: appel, equals: oui}
    label: {fr: Le téléphone, en: The phone}
  - key: commentaire
    type: text
    page: p1
    max_length: 50
    label: {fr: Commentaire, en: Comment}
"""


def load(text: str):
    return parse_questionnaire(text, "questionnaires/x.yaml")


def errors_of(text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        load(text)
    return caught.value.messages


def test_the_minimal_example_is_valid():
    questionnaire = load(VALID)
    assert [i.key for i in questionnaire.items] == [
        "profil",
        "accueil",
        "appel",
        "telephone",
        "commentaire",
    ]
    assert questionnaire.item("appel").values == ("oui", "non")


def test_bundled_questionnaire_is_complete_in_french_english_and_arabic():
    questionnaire = load_questionnaire(bundled_path())
    assert {"fr", "en", "ar"} <= set(questionnaire.languages)
    for item in questionnaire.items:
        assert all(item.label[lang] for lang in questionnaire.languages)
        for option in item.options:
            assert all(option.label[lang] for lang in questionnaire.languages)
    assert questionnaire.item("info_telephone").show_if.item == "appel_prealable"


def test_satisfaction_scale_has_four_points_and_a_no_opinion_option():
    item = load(VALID).item("accueil")
    assert item.values == (
        "tres_satisfait",
        "satisfait",
        "peu_satisfait",
        "pas_du_tout_satisfait",
        "sans_avis",
    )
    assert [o.value for o in item.options if o.is_satisfied] == ["tres_satisfait", "satisfait"]
    assert [o.value for o in item.options if o.is_no_opinion] == ["sans_avis"]
    assert item.option("sans_avis").label["fr"] == "Sans avis / Non concerné"
    assert all(o.pictogram for o in item.options)


def test_frozen_content_reads_back_to_the_same_questionnaire():
    questionnaire = load_questionnaire(bundled_path())
    again = from_dict(questionnaire.source, "frozen")
    assert again == questionnaire
    assert again.content_hash == questionnaire.content_hash


def test_changing_a_label_changes_the_content_hash():
    changed = VALID.replace(
        "{fr: L'accueil, en: The welcome}", "{fr: L'accueil sur place, en: Welcome}"
    )
    assert changed != VALID
    assert load(changed).content_hash != load(VALID).content_hash


BROKEN = [
    (
        "duplicate key",
        lambda t: t.replace("key: commentaire", "key: profil"),
        "questionnaires/x.yaml: items[4].key: duplicate key 'profil'",
    ),
    (
        "unknown scale",
        lambda t: t.replace(
            "scale: satisfaction\n    page: p1\n    label: {fr: L'",
            "scale: stars\n    page: p1\n    label: {fr: L'",
        ),
        "questionnaires/x.yaml: items[1].scale: unknown scale 'stars'",
    ),
    (
        "show_if pointing forward",
        lambda t: t.replace(
            "show_if: {item: appel, equals: oui}", "show_if: {item: commentaire, equals: oui}"
        ),
        "questionnaires/x.yaml: items[3].show_if.item: 'commentaire' comes later",
    ),
    (
        "show_if pointing at a missing item",
        lambda t: t.replace("show_if: {item: appel,", "show_if: {item: nowhere,"),
        "questionnaires/x.yaml: items[3].show_if.item: 'nowhere' is not an item",
    ),
    (
        "show_if with a value the item does not offer",
        lambda t: t.replace("equals: oui}", "equals: peut_etre}"),
        "questionnaires/x.yaml: items[3].show_if: 'peut_etre' is not an option of 'appel'",
    ),
    (
        "missing French text",
        lambda t: t.replace("label: {fr: Commentaire, en: Comment}", "label: {en: Comment}"),
        "questionnaires/x.yaml: items[4].label: missing French text (fr)",
    ),
    (
        "incomplete translation",
        lambda t: t.replace("label: {fr: Commentaire, en: Comment}", "label: {fr: Commentaire}"),
        "questionnaires/x.yaml: items[4].label: incomplete translation: missing en",
    ),
    (
        "bad YAML syntax with its line number",
        lambda t: t.replace("  - key: appel\n", "  - key: appel\n   bad: [\n"),
        "questionnaires/x.yaml: line 2",
    ),
    (
        "unknown item type",
        lambda t: t.replace("type: yesno", "type: slider"),
        "questionnaires/x.yaml: items[2].type: unknown type 'slider'",
    ),
    (
        "unknown page",
        lambda t: t.replace("type: text\n    page: p1", "type: text\n    page: p9"),
        "questionnaires/x.yaml: items[4].page: unknown page 'p9'",
    ),
    (
        "text length cap out of range",
        lambda t: t.replace("max_length: 50", "max_length: 0"),
        "questionnaires/x.yaml: items[4].max_length: expected a whole number from 1 to 10000",
    ),
    (
        "duplicate option value",
        lambda t: t.replace("{value: pro,", "{value: particulier,"),
        "questionnaires/x.yaml: items[0].options[1].value: duplicate value 'particulier'",
    ),
    (
        "French not offered",
        lambda t: t.replace("languages: [fr, en]", "languages: [en]"),
        "questionnaires/x.yaml: languages: French (fr) must be offered",
    ),
    (
        "misspelt field",
        lambda t: t.replace("required: true", "requird: true"),
        "questionnaires/x.yaml: items[0].requird: unknown field",
    ),
    (
        "text in a language not offered",
        lambda t: t.replace("title: {fr: Test, en: Test}", "title: {fr: Test, en: Test, de: T}"),
        "questionnaires/x.yaml: title.de: language 'de' is not in languages",
    ),
]


@pytest.mark.parametrize("name,mutate,expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_is_refused_naming_file_and_path(name, mutate, expected):
    broken = mutate(VALID)
    assert broken != VALID, f"the {name} mutation did not apply"
    messages = errors_of(broken)
    assert any(m.startswith(expected) for m in messages), messages


def test_yaml_syntax_error_names_the_line_of_the_problem():
    text = VALID.replace("  - key: appel\n", "  - key: appel\n   bad: [\n")
    line = VALID.splitlines().index("  - key: appel") + 2
    messages = errors_of(text)
    assert len(messages) == 1
    assert "invalid YAML" in messages[0]
    reported = int(messages[0].split("line ")[1].split(",")[0])
    assert line <= reported <= line + 1


def test_every_error_of_a_file_is_reported_at_once():
    text = VALID.replace("type: yesno", "type: slider").replace("max_length: 50", "max_length: 0")
    assert len(errors_of(text)) == 2


def test_missing_file_is_named(tmp_path):
    with pytest.raises(QuestionnaireError, match="nowhere.yaml: cannot read file"):
        load_questionnaire(tmp_path / "nowhere.yaml")


def test_not_a_mapping_is_refused():
    assert errors_of("- just\n- a list\n") == [
        "questionnaires/x.yaml: expected a mapping, got a list",
    ]


def test_declared_scale_can_be_used_by_a_rating_item():
    text = VALID + textwrap.dedent("""\
        scales:
          frequency:
            options:
              - {value: souvent, label: {fr: Souvent, en: Often}}
              - {value: jamais, label: {fr: Jamais, en: Never}}
        """)
    text = text.replace(
        "scale: satisfaction\n    page: p1\n    label: {fr: L'",
        "scale: frequency\n    page: p1\n    label: {fr: L'",
    )
    assert load(text).item("accueil").values == ("souvent", "jamais")
