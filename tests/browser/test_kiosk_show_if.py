"""show_if on the tablet (kiosk/answers.js) decides exactly as on the server (questionnaires)."""

from __future__ import annotations

import itertools

import pytest

from questionnaires import (
    bundled_path,
    clean_answers,
    is_visible,
    load_questionnaire,
    parse_questionnaire,
)

pytestmark = pytest.mark.browser
CHAINED = """
key: chained
title: {fr: Chaîne}
languages: [fr]
pages: [{key: p, title: {fr: Page}}]
items:
  - {key: a, type: yesno, page: p, label: {fr: A}}
  - key: b
    type: choice
    page: p
    label: {fr: B}
    show_if: {item: a, equals: oui}
    options: [{value: x, label: {fr: X}}, {value: y, label: {fr: Y}}, {value: z, label: {fr: Z}}]
  - {key: c, type: rating, scale: satisfaction, page: p, label: {fr: C},
     show_if: {item: b, in: [x, y]}}
  - {key: d, type: text, page: p, label: {fr: D}, show_if: {item: c, equals: satisfait}}
  - {key: e, type: yesno, page: p, label: {fr: E}, show_if: {item: a, equals: non}}
"""
MISSING = object()
TEXTS = [  # free text the server normalises: the tablet must clean it the same way
    "  texte ",
    "Tre\u0300s",
    "\u202eenrevers\u202c",
    "a\r\nb\rc",
    "\ufeff",
    "\x85",
    "\u00a0\u2003",
    "x\x00y",
    "\x07bip",
    "é" * 2001,
]


def server_view(questionnaire, answers):
    cleaned, _ = clean_answers(questionnaire, answers)
    visible = [i.key for i in questionnaire.items if is_visible(i, cleaned)]
    return {"visible": visible, "cleaned": cleaned}


def combinations(questionnaire, keys, extra):
    """Every mix of: no answer, each option, a bogus value, for the given items."""
    choices = []
    for key in keys:
        item = questionnaire.item(key)
        choices.append([MISSING, "", "bogus", *item.values, *extra.get(key, [])])
    for values in itertools.product(*choices):
        yield {k: v for k, v in zip(keys, values, strict=True) if v is not MISSING}


@pytest.mark.parametrize("name", ["chained", "bundled"])
def test_tablet_and_server_agree_on_every_combination(live_server, page, name):
    if name == "chained":
        questionnaire = parse_questionnaire(CHAINED, "chained.yaml")
        cases = list(combinations(questionnaire, ["a", "b", "c", "d", "e"], {}))
        shown = {"a": "oui", "b": "x", "c": "satisfait"}
        cases += [{**shown, "d": text} for text in TEXTS] + [{"d": text} for text in TEXTS]
    else:
        questionnaire = load_questionnaire(bundled_path())
        cases = list(combinations(questionnaire, ["appel_prealable", "info_telephone"], {}))
    page.goto(f"{live_server.url}/kiosk/version.json")
    tablet = page.evaluate(
        """async ([q, cases]) => {
             const { walk } = await import('/kiosk/answers.js');
             return cases.map((answers) => {
               const { visible, cleaned } = walk(q, answers);
               return { visible: visible.map((i) => i.key), cleaned };
             });
           }""",
        [questionnaire.source, cases],
    )
    assert len(cases) > 20
    for answers, seen in zip(cases, tablet, strict=True):
        assert seen == server_view(questionnaire, answers), answers
