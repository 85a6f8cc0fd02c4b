"""questionnaires/document.py and editing.py: paths, YAML written back unchanged, the edits
the browser editor makes, and the rule that a required item cannot be hidden."""

from __future__ import annotations

import copy
import json

import pytest
import yaml

from questionnaires import (
    QuestionnaireError,
    bundled_dir,
    from_dict,
    from_version,
    load_questionnaire,
)
from questionnaires.document import (
    delete_at,
    get_at,
    line_numbers,
    line_of,
    parse_path,
    set_at,
    text_paths,
    to_yaml,
)
from questionnaires.editing import duplicate_item, retype_item, set_flag, set_french

FILES = sorted(p for p in bundled_dir().glob("*.yaml") if p.name != "scales.yaml")


def test_paths_address_the_document_as_the_loader_names_them():
    document = {"items": [{"key": "a", "options": [{"value": "x"}]}], "engagements": {2: "E"}}
    assert parse_path("items[0].scale(satisfaction).options[1]") == [
        "items", 0, "scale", "options", 1]  # fmt: skip
    assert get_at(document, "items[0].options[0].value") == "x"
    assert get_at(document, "engagements.2") == "E"  # an int key in YAML
    assert get_at(document, "items[3].key", "absent") == "absent"
    set_at(document, "items[0].label.fr", "A")
    assert document["items"][0]["label"] == {"fr": "A"}
    delete_at(document, "items[0].options[0]")
    assert document["items"][0]["options"] == []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_yaml_written_back_reads_as_the_same_document(path):
    original = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert yaml.safe_load(to_yaml(original)) == original
    as_stored = json.loads(json.dumps(original))  # a draft's JSON column: engagement keys "1"
    assert yaml.safe_load(to_yaml(as_stored)) == original
    frozen = load_questionnaire(path).source
    text = to_yaml(json.loads(json.dumps(frozen)))
    assert (
        from_dict(yaml.safe_load(text), "x").content_hash == load_questionnaire(path).content_hash
    )
    assert to_yaml(yaml.safe_load(text)) == text  # stable: a second export is byte-identical


def test_line_numbers_point_at_the_field_or_its_nearest_parent():
    text = "key: a\nitems:\n  - key: b\n    options:\n      - value: x\n"
    lines = line_numbers(text)
    assert line_of(lines, "items[0].options[0].value") == 5
    assert line_of(lines, "items[0].options[0].label.fr") == 5
    assert line_of(lines, "items[0].scale(satisfaction).options[1]") == 3
    assert line_numbers("key: [") == {}


def test_text_paths_list_every_translated_text():
    document = yaml.safe_load(FILES[0].read_text(encoding="utf-8"))
    paths = text_paths(document)
    assert paths[:3] == ["title", "introduction", "thanks"]
    assert "items[0].options[2].label" in paths and "items[14].notice" in paths


def test_editor_edits_keep_what_they_do_not_touch():
    item = {"key": "a", "type": "rating", "page": "p", "label": {"fr": "A", "en": "A"},
            "scale": "satisfaction", "overall": True, "report_phrase": "x",
            "required": False}  # fmt: skip
    before = copy.deepcopy(item)
    set_french(item, "label", "A")
    set_flag(item, "required", False)  # an explicit false stays
    set_french(item, "help", "", optional=True)
    assert item == before
    set_french(item, "label", "B\r\nC")
    assert item["label"] == {"fr": "B\nC", "en": "A"}
    retype_item(item, "choice")
    assert item == {"key": "a", "type": "choice", "page": "p", "label": {"fr": "B\nC", "en": "A"},
                    "required": False, "options": []}  # fmt: skip
    document = {"items": [{**before, "reason": True}]}
    assert duplicate_item(document, 0) == 1
    copied = document["items"][1]
    assert copied["key"] == "a_copie" and "overall" not in copied and "reason" not in copied


REQUIRED_HIDDEN = """\
key: t
title: {fr: T}
languages: [fr]
pages: [{key: p, title: {fr: P}}]
items:
  - {key: appel, type: yesno, page: p, label: {fr: Appel}}
  - {key: tel, type: rating, scale: satisfaction, page: p, label: {fr: Tel}, required: true,
     show_if: {item: appel, equals: oui}}
"""


def test_a_required_item_cannot_be_hidden_by_a_condition_but_a_frozen_one_still_reads():
    data = yaml.safe_load(REQUIRED_HIDDEN)
    with pytest.raises(QuestionnaireError) as caught:
        from_dict(data, "x.yaml")
    message = "a required item cannot have show_if: it may be hidden"
    assert caught.value.messages == [f"x.yaml: items[1].required: {message}"]
    assert caught.value.problems == [("items[1].required", message)]
    frozen = from_version({**data, "format": 2}, "version t v1")  # campaigns stay readable
    assert frozen.item("tel").required and frozen.item("tel").show_if is not None


def _paths(node, segments=()):
    yield segments
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(
        node, list) else ()  # fmt: skip
    for key, value in children:
        yield from _paths(value, (*segments, key))


def test_any_value_of_the_wrong_kind_anywhere_is_a_problem_named_never_a_crash():
    """An uploaded file may put a list where a key goes: the loader names it (no 500)."""
    base = yaml.safe_load(FILES[0].read_text(encoding="utf-8"))
    base["items"] = [base["items"][i] for i in (0, 2, 10, 11, 14)]  # each type, a show_if
    for path in list(_paths(base))[1:]:
        for wrong in ([], {}, 7, None):
            document = copy.deepcopy(base)
            node = document
            for segment in path[:-1]:
                node = node[segment]
            node[path[-1]] = wrong
            try:
                from_dict(document, "x.yaml")
            except QuestionnaireError:
                pass
