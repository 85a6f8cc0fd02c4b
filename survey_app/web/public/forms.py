"""The public survey form, built from a frozen questionnaire version.

The form only carries the answers: validating them is the questionnaire's job
(`clean_answers`, called by the write path), and its errors are put back on
the fields here, worded in the page's language.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, RadioField, SelectChoice, TextAreaField

from questionnaires import AnswerError, Item, Page, Questionnaire

from ..messages import message_for

RESERVED_NAMES = frozenset({"csrf_token", "lang", "response_id"})
"""Names of the form's own fields; an item with one of these keys gets another name."""


def field_name(item: Item) -> str:
    """The HTML name of an item's field: its key, unless the form uses that name already."""
    # A hyphen never occurs in an item key, so the fallback cannot collide either.
    return f"item-{item.key}" if item.key in RESERVED_NAMES else item.key


@dataclass(frozen=True)
class Question:
    """One item as the template shows it: texts in the page's language and its field."""

    item: Item
    field: Field
    label: str
    help: str | None
    notice: str | None
    condition: str | None
    """The "answer only if…" hint of an item with show_if, for visitors without JavaScript."""
    depends_on: str | None
    """HTML name of the field the condition reads (for survey.js)."""

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the first radio button, or the textarea."""
        return self.field.id if self.item.type == "text" else f"{self.field.id}-0"


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary; `anchor` is None for an error on no question."""

    message: str
    question: str | None = None
    anchor: str | None = None


class SurveyForm(FlaskForm):
    """Hidden fields shared by every questionnaire; answer fields are added per version."""

    response_id = HiddenField()
    lang = HiddenField()

    questionnaire: ClassVar[Questionnaire]
    language: ClassVar[str]

    def answer_field(self, item: Item) -> Field:
        return self[f"answer_{item.key}"]

    def is_french_copy(self, texts: dict[str, str] | None) -> bool:
        """A text shown in French on another language's page (published with the French
        for an untranslated text): marked lang="fr" so it reads and runs as French."""
        return bool(texts) and self.language != "fr" and texts.get(self.language) == texts["fr"]

    def questions(self, page: Page) -> Iterator[Question]:
        for item in self.questionnaire.items_on(page.key):
            yield self.question(item)

    def question(self, item: Item) -> Question:
        lang = self.language
        depends_on = None
        if item.show_if is not None:
            depends_on = field_name(self.questionnaire.item(item.show_if.item))
        return Question(
            item=item,
            field=self.answer_field(item),
            label=item.label[lang],
            help=item.help[lang] if item.help else None,
            notice=item.notice[lang] if item.notice else None,
            condition=condition_hint(self.questionnaire, item, lang),
            depends_on=depends_on,
        )

    def show_errors(self, errors: list[AnswerError]) -> list[ErrorLink]:
        """Put each error next to its field; return the error summary, in question order."""
        by_item: dict[str, list[str]] = {}
        general = []
        for error in errors:
            item = self.questionnaire.item(error.item)
            if item is None:
                general.append(ErrorLink(message_for(error)))
            else:
                by_item.setdefault(item.key, []).append(message_for(error))
        summary = []
        for item in self.questionnaire.items:
            if item.key in by_item:
                question = self.question(item)
                question.field.errors = by_item[item.key]
                # "Vous êtes :" reads "Vous êtes — Merci de répondre…" in the summary.
                label = question.label.rstrip(" :\u00a0")
                for message in by_item[item.key]:
                    summary.append(ErrorLink(message, label, question.anchor))
        return summary + general


def submitted_answers(questionnaire: Questionnaire, formdata: Mapping[str, str]) -> dict[str, str]:
    """The answers sent, by item key; unanswered items are left out. Read from the request
    as WTForms reads a field (its first value): building the form object was most of a
    POST's work, and is needed only to show the form again."""
    answers = {}
    for item in questionnaire.items:
        name = field_name(item)
        if name not in formdata:  # a MultiDict's get() raises and catches a KeyError
            continue
        value = formdata.get(name)
        if isinstance(value, str) and value.strip():
            answers[item.key] = value
    return answers


def submitted_response_id(value: str | None) -> str:
    """The response id the page was rendered with, or a fresh one if it is unusable."""
    try:
        return str(uuid.UUID(value or ""))
    except ValueError:
        return str(uuid.uuid4())


def condition_hint(questionnaire: Questionnaire, item: Item, lang: str) -> str | None:
    """«Répondez seulement si vous avez répondu « Oui » à la question : …», translated."""
    if item.show_if is None:
        return None
    source = questionnaire.item(item.show_if.item)
    labels = [
        _("«\u00a0%(answer)s\u00a0»", answer=option.label[lang])
        for option in source.options
        if option.value in item.show_if.values
    ]
    answers = labels[0]
    if len(labels) > 1:
        answers = _("%(first)s ou %(last)s", first=", ".join(labels[:-1]), last=labels[-1])
    return _(
        "Répondez seulement si vous avez répondu %(answers)s "
        "à la question\u00a0: «\u00a0%(question)s\u00a0»",
        answers=answers,
        question=source.label[lang],
    )


_form_classes: dict[tuple[str, str], type[SurveyForm]] = {}


def survey_form_class(
    questionnaire: Questionnaire, lang: str, cache: bool = True
) -> type[SurveyForm]:
    """The form class of one questionnaire version in one language (built once per process;
    `cache=False` for a draft's preview, whose content changes with every edit)."""
    cache_key = (questionnaire.content_hash, lang)
    form_class = _form_classes.get(cache_key)
    if form_class is None:
        fields = {f"answer_{item.key}": _answer_field(item, lang) for item in questionnaire.items}
        form_class = type(
            "SurveyForm",
            (SurveyForm,),
            {"questionnaire": questionnaire, "language": lang, **fields},
        )
        if cache:
            _form_classes[cache_key] = form_class
    return form_class


def _answer_field(item: Item, lang: str):
    common = {"label": item.label[lang], "name": field_name(item), "id": f"q-{item.key}"}
    if item.type == "text":
        return TextAreaField(**common)
    choices = [SelectChoice(option.value, option.label[lang]) for option in item.options]
    # Choices are checked by the write path, which words the error in the page's language.
    return RadioField(choices=choices, validate_choice=False, **common)
