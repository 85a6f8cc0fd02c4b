"""A draft's translations written from the translations page, and publishing with the
officer's choice for each language whose translations are missing or stale.

A language is either complete or not offered: before a draft with work left becomes a
version, each such language is filled with the French («utiliser le français pour ces
éléments») or withdrawn («retirer cette langue»), as chosen; never silently.
"""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from questionnaires.translations import CHOICES, Sources, apply_choices, needs_work

from .drafts_model import QuestionnaireDraft
from .questionnaire_drafts import DraftError, draft_problems, publish_draft, save_draft


class ChoiceNeeded(DraftError):
    """Some languages have missing or stale texts and no choice was made for them."""

    def __init__(self, languages: list[str]):
        self.languages = languages
        super().__init__(
            [(f"languages.{lang}", "traductions à compléter : choisissez") for lang in languages]
        )


def save_translations(
    session: Session, draft: QuestionnaireDraft, content: dict[str, Any], sources: Sources,
    user: Any = None,
) -> None:  # fmt: skip
    """Store the document with its new translations and what they were written against."""
    draft.translation_sources = copy.deepcopy(sources)
    flag_modified(draft, "translation_sources")
    save_draft(session, draft, content, user)


def translation_work(draft: QuestionnaireDraft) -> dict[str, dict[str, list[str]]]:
    """{lang: {"missing": [paths], "stale": [paths]}} for the languages with work left."""
    return needs_work(draft.content, draft.translation_sources or {})


def publish_with_choices(
    session: Session, draft: QuestionnaireDraft, choices: dict[str, str], user: Any = None
):
    """Publish the draft once every language with work left has its choice applied.

    ChoiceNeeded names the languages left without one; DraftError any other problem.
    Nothing is stored unless the version is made (the caller rolls back on an error)."""
    sources = draft.translation_sources or {}
    try:
        content, sources = apply_choices(draft.content, sources, choices)
    except ValueError:
        work = needs_work(draft.content, sources)
        raise ChoiceNeeded([lang for lang in work if choices.get(lang) not in CHOICES]) from None
    problems = draft_problems(content)
    if problems:
        raise DraftError(problems)
    save_translations(session, draft, content, sources, user)
    return publish_draft(session, draft, user)
