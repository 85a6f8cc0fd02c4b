"""Roles a questionnaire declares: the reason for the visit, the overall item, the options
counted as satisfied or «sans avis» and their names in the report; and how a version
frozen before roles were declared is read."""

from __future__ import annotations

import copy
import json
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from questionnaires import (
    QuestionnaireError,
    bundled_path,
    from_dict,
    from_version,
    load_questionnaire,
)
from tests.questionnaires.test_loader import VALID, errors_of, load

BEFORE_ROLES = (
    Path(__file__).parents[1] / "app" / "samples" / "qualepref-accueil-frozen-before-roles.json"
)


def with_item_field(text: str, key: str, field: str) -> str:
    """VALID with `field` (a YAML line) added to item `key`."""
    return text.replace(f"  - key: {key}\n", f"  - key: {key}\n    {field}\n")


def before_roles() -> dict:
    return json.loads(BEFORE_ROLES.read_text(encoding="utf-8"))


def test_bundled_questionnaire_declares_every_role():
    questionnaire = load_questionnaire(bundled_path())
    assert questionnaire.reason_item.key == "motif"
    assert questionnaire.overall_item.key == "satisfaction_globale"
    options = questionnaire.overall_item.options
    assert [(o.value, o.report_phrase) for o in options if o.is_satisfied] == [
        ("tres_satisfait", "très satisfaits"),
        ("satisfait", "satisfaits"),
    ]
    assert [(o.value, o.report_phrase) for o in options if o.is_no_opinion] == [
        ("sans_avis", "sans avis")
    ]


def test_an_item_is_the_reason_for_the_visit_only_when_declared():
    assert load(VALID).reason_item is None  # no key is special, 'motif' included
    renamed = VALID.replace("key: profil", "key: motif").replace("item: profil", "item: motif")
    assert load(renamed).reason_item is None
    declared = load(with_item_field(VALID, "profil", "reason: true"))
    assert declared.reason_item.key == "profil"
    assert declared.source["items"][0]["reason"] is True  # frozen with the version


def test_reason_on_a_free_text_item_is_refused_with_its_path():
    assert errors_of(with_item_field(VALID, "commentaire", "reason: true")) == [
        "questionnaires/x.yaml: items[4].reason: a free-text item cannot be the reason "
        "for the visit"
    ]


def test_only_one_reason_for_the_visit():
    text = with_item_field(VALID, "profil", "reason: true")
    text = with_item_field(text, "appel", "reason: true")
    assert errors_of(text) == [
        "questionnaires/x.yaml: items: only one item may be 'reason', found profil, appel"
    ]


def test_reason_must_be_true_or_false():
    assert errors_of(with_item_field(VALID, "profil", "reason: motif")) == [
        "questionnaires/x.yaml: items[0].reason: expected true or false, got a string"
    ]


def test_an_option_cannot_be_both_satisfied_and_no_opinion():
    text = VALID + textwrap.dedent("""\
        scales:
          avis:
            options:
              - {value: oui, label: {fr: Oui, en: Yes}, is_satisfied: true, is_no_opinion: true}
              - {value: non, label: {fr: Non, en: No}}
        """)
    assert (
        "questionnaires/x.yaml: scales.avis.options[0]: an option is either satisfied or no "
        "opinion, not both"
    ) in errors_of(text)


def test_a_scale_names_its_options_for_the_report():
    text = VALID + textwrap.dedent("""\
        scales:
          contentement:
            options:
              - {value: ravi, label: {fr: Ravi, en: Delighted}, is_satisfied: true,
                 report_phrase: ravis}
              - {value: decu, label: {fr: Déçu, en: Disappointed}}
        """)
    accueil = "\n    page: p1\n    label: {fr: L'"
    text = text.replace(f"scale: satisfaction{accueil}", f"scale: contentement{accueil}")
    assert load(text).item("accueil").option("ravi").report_phrase == "ravis"
    bad = text.replace("report_phrase: ravis", "report_phrase: ''")
    assert (
        "questionnaires/x.yaml: scales.contentement.options[0].report_phrase: expected a "
        "non-empty French string"
    ) in errors_of(bad)


def test_a_frozen_version_reads_back_with_its_roles_and_format():
    questionnaire = load_questionnaire(bundled_path())
    assert questionnaire.source["format"] == 2
    assert from_version(copy.deepcopy(questionnaire.source), "v2") == questionnaire


def test_an_unknown_format_is_refused():
    assert errors_of("format: 3\n" + VALID) == [
        "questionnaires/x.yaml: format: unknown format 3: expected 2 or none"
    ]


def test_a_version_frozen_before_roles_reads_as_the_bundled_questionnaire_declares_them():
    content = before_roles()
    assert "format" not in content and '"reason"' not in json.dumps(content)
    old = from_version(content, "questionnaire version qualepref-accueil v1")
    # the bundled file has named its engagements since (and renumbered them as Services
    # Publics + numbers them): everything else reads the same
    bundled = load_questionnaire(bundled_path())
    assert old.engagements == {} and bundled.engagements
    items = tuple(replace(i, engagement=old.item(i.key).engagement) for i in bundled.items)
    assert old == replace(bundled, engagements={}, items=items)
    assert content == before_roles()  # the stored content is left as it is


def test_the_rule_for_versions_before_roles_stops_at_what_was_assumed_then():
    content = before_roles()
    motif = next(i for i in content["items"] if i["key"] == "motif")
    motif["type"], motif["max_length"] = "text", 100  # a free text was no dimension
    for field in ("options", "report_heading"):
        del motif[field]
    profil = next(i for i in content["items"] if i["key"] == "profil")
    profil["options"][0] = {"value": "satisfait", "label": profil["options"][0]["label"]}
    old = from_version(content, "v1")
    assert old.reason_item is None
    assert old.item("profil").option("satisfait").report_phrase is None  # a choice: not named
    # The same content frozen in format 2 declares no reason: nothing is assumed.
    assert from_version({**before_roles(), "format": 2}, "v3").reason_item is None
    with pytest.raises(QuestionnaireError):
        from_dict({**before_roles(), "format": 1}, "v0")
