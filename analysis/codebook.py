"""The codebook of a questionnaire: what every code of a raw export means.

Raw exports store codes (`tres_satisfait`), stable across years and languages; people read
labels («Très satisfait»). The codebook lists both, and `labeller` turns one response's
codes into labels for exports meant to be read rather than recomputed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from questionnaires.model import Questionnaire

CODEBOOK_COLUMNS = ("item_key", "type", "question", "value", "label")


@dataclass(frozen=True)
class CodebookRow:
    """One code of one item; a free-text item has one row with no value and no label."""

    item_key: str
    type: str
    question: str
    value: str
    label: str

    def cells(self) -> tuple[str, str, str, str, str]:
        return (self.item_key, self.type, self.question, self.value, self.label)


def check_language(questionnaire: Questionnaire, lang: str) -> None:
    """Refuse a language the questionnaire is not written in, naming the ones it is."""
    if lang not in questionnaire.languages:
        offered = ", ".join(questionnaire.languages)
        raise ValueError(f"language '{lang}' is not offered by this questionnaire ({offered})")


def _text(text: Mapping[str, str], lang: str) -> str:
    return text.get(lang) or text["fr"]


def codebook(questionnaire: Questionnaire, lang: str = "fr") -> list[CodebookRow]:
    """Every item in questionnaire order, each of its options in order, labels in `lang`."""
    check_language(questionnaire, lang)
    rows = []
    for item in questionnaire.items:
        question = _text(item.label, lang)
        if not item.has_options:
            rows.append(CodebookRow(item.key, item.type, question, "", ""))
        for option in item.options:
            rows.append(
                CodebookRow(item.key, item.type, question, option.value, _text(option.label, lang))
            )
    return rows


def labeller(
    questionnaire: Questionnaire, lang: str = "fr"
) -> Callable[[Mapping[str, str]], dict[str, str]]:
    """A function giving one response's answers with labels instead of codes.

    Built once per export (a dict lookup per answer), so a million rows cost no questionnaire
    walk each. Free text and codes the questionnaire does not know are kept as they are.
    """
    labels = {(row.item_key, row.value): row.label for row in codebook(questionnaire, lang)}

    def label_answers(answers: Mapping[str, str]) -> dict[str, str]:
        return {key: labels.get((key, value), value) for key, value in answers.items()}

    return label_answers


KEPT_APART_COLUMN = "kept_apart"
"""The exports' column of answers kept apart (paper forms and imports taken as filled in)."""


def kept_apart_describer(
    questionnaire: Questionnaire, lang: str | None = "fr"
) -> Callable[[Mapping[str, tuple[str, str | None]]], str]:
    """A function giving one response's kept-apart answers in one cell: «info_telephone =
    Très satisfait (question qui ne se posait pas, non comptée) ; profil : obligatoire, sans
    réponse»; values as codes when `lang` is None, as the export's other columns. Built once
    per export, like labeller."""
    rows = codebook(questionnaire, lang) if lang is not None else []
    labels = {(row.item_key, row.value): row.label for row in rows}

    def describe(kept: Mapping[str, tuple[str, str | None]]) -> str:
        parts = []
        for key, (code, given) in sorted(kept.items()):
            if code == "required":
                parts.append(f"{key}\u00a0: obligatoire, sans réponse")
            else:
                shown = labels.get((key, given), given)
                parts.append(f"{key} = {shown} (question qui ne se posait pas, non comptée)")
        return " ; ".join(parts)

    return describe
