"""The report names a scale's options as the scale declares them, whatever their values."""

from __future__ import annotations

from analysis.campaign import campaign_results
from analysis.report.sentences import overall_sentence, rate_definition
from analysis.tally import Tally
from questionnaires import bundled_path, load_questionnaire
from questionnaires.model import Item, Option

NBSP = "\u00a0"
CONTENTEMENT = (
    Option("c1", {"fr": "Ravi"}, is_satisfied=True, report_phrase="ravis"),
    Option("c2", {"fr": "Content"}, is_satisfied=True),
    Option("c3", {"fr": "Déçu"}),
    Option("c4", {"fr": "Ne se prononce pas"}, is_no_opinion=True),
)


def test_the_split_names_the_options_as_the_scale_declares_them(build):
    item = Item(
        key="g", type="rating", page="p", label={"fr": "G"}, options=CONTENTEMENT,
        scale="contentement", is_overall=True, report_split=True,
    )  # fmt: skip
    questionnaire = build.questionnaire(item)
    tally = Tally.from_rows([("g", "c1", 74), ("g", "c2", 23), ("g", "c3", 3), ("g", "c4", 9)])
    result = campaign_results(questionnaire, tally).rating("g")
    # No report_phrase on «Content»: its label in lower case, as before roles were declared.
    assert overall_sentence(item, result) == (
        f"Taux de satisfaction global{NBSP}: 97{NBSP}% (74{NBSP}% ravis et 23{NBSP}% content)."
    )


def test_the_rate_is_defined_by_the_options_the_scale_declares():
    overall = load_questionnaire(bundled_path()).overall_item
    assert rate_definition(overall) == (
        "Taux de satisfaction = avis « très satisfait » et « satisfait » divisés par les "
        "avis exprimés (les « sans avis » ne sont pas comptés)."
    )
    item = Item(key="g", type="rating", page="p", label={"fr": "G"}, options=CONTENTEMENT)
    assert rate_definition(item) == (
        "Taux de satisfaction = avis « ravi » et « content » divisés par les avis "
        "exprimés (les « ne se prononce pas » ne sont pas comptés)."
    )
    no_opinion_apart = Item(key="h", type="rating", page="p", label={"fr": "H"},
                            options=CONTENTEMENT[:3])  # fmt: skip
    assert rate_definition(no_opinion_apart) == (
        "Taux de satisfaction = avis « ravi » et « content » divisés par les avis exprimés."
    )
