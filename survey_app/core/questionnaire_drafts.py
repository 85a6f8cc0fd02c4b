"""Questionnaire drafts: create, save, check, publish as a frozen version, YAML in and out.

A draft holds the questionnaire document in the YAML's structure. Every check of the
loader runs on it, each problem named by its path (`items[3].options[1].value`) and
worded in French; publishing goes through the same loader and `freeze_version`, so a
draft published unchanged is the version it came from.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import yaml
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from analysis.french import format_size
from questionnaires import QuestionnaireError, from_dict
from questionnaires.document import get_at, line_numbers, line_of, to_yaml
from questionnaires.messages_fr import in_french, yaml_problem
from questionnaires.translations import initial_sources

from .campaigns import freeze_version
from .clock import utcnow
from .drafts_model import QuestionnaireDraft
from .models import QuestionnaireVersion

MAX_YAML_BYTES = 200 * 1024
"""An uploaded questionnaire file is refused above this size (the bundled one is ~25 kB,
in 8 languages); a request past MAX_REQUEST_BYTES is refused before (413)."""
TRANSLATION_GAP = "incomplete translation:"
"""The loader's message for a text missing a language: the translations page's business."""


class DraftError(ValueError):
    """A draft cannot be published or a file read as one; `problems` says where and why."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{p}: {m}" if p else m for p, m in problems))


def create_draft(
    session: Session,
    *,
    key: str,
    content: dict[str, Any],
    based_on: QuestionnaireVersion | None = None,
    user: Any = None,
) -> QuestionnaireDraft:
    """A new draft holding a copy of `content`; every translation in it counts as up to date."""
    content = copy.deepcopy(content)
    draft = QuestionnaireDraft(
        key=key,
        label=_label(content, key),
        based_on=based_on,
        content=content,
        translation_sources=current_sources(content),
        updated_by_id=getattr(user, "id", None),
    )
    session.add(draft)
    session.flush()
    return draft


def save_draft(
    session: Session, draft: QuestionnaireDraft, content: dict[str, Any], user: Any = None
) -> None:
    """Store the edited document, even when `content` is `draft.content` changed in place."""
    draft.content = copy.deepcopy(content)
    flag_modified(draft, "content")
    if isinstance(content.get("key"), str) and content["key"]:
        draft.key = content["key"][:64]
    draft.label = _label(content, draft.key)
    draft.updated_at = utcnow()
    draft.updated_by_id = getattr(user, "id", draft.updated_by_id)
    session.flush()


def current_sources(content: dict[str, Any]) -> dict[str, dict[str, str]]:
    """{lang: {path: hash of its French}} for every translation present in `content`.

    Paths name texts by keys (questionnaires/translations.py), so reordering never makes
    a translation stale; a text identical to the French (a past fallback) stays missing."""
    return initial_sources(content)


def draft_problems(content: Any, *, with_translations: bool = True) -> list[tuple[str, str]]:
    """Every loader problem of the document as (path, French message); [] when publishable.

    `with_translations=False` leaves out texts missing a language (the translations page)."""
    problems, gaps = problems_and_gaps(content)
    return problems + gaps if with_translations else problems


def problems_and_gaps(content: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the problems other than missing translations, the texts missing a language), both
    as (path, French message), from one run of the loader."""
    try:
        from_dict(content, "brouillon")
    except QuestionnaireError as exc:
        problems: list[tuple[str, str]] = []
        gaps: list[tuple[str, str]] = []
        for path, message in exc.problems:
            is_gap = message.startswith(TRANSLATION_GAP)
            (gaps if is_gap else problems).append((path, in_french(message)))
        return problems, gaps
    return [], []


def publish_draft(session: Session, draft: QuestionnaireDraft, user: Any = None):
    """Freeze the draft as a version (the existing one if its content is unchanged) and
    delete the draft; refuse with DraftError while the loader finds a problem."""
    problems = draft_problems(draft.content)
    if problems:
        raise DraftError(problems)
    questionnaire = from_dict(draft.content, f"brouillon {draft.key}")
    version = freeze_version(session, questionnaire)
    session.delete(draft)
    session.flush()
    return version


def draft_to_yaml(content: dict[str, Any]) -> str:
    """The document as a YAML file that `survey questionnaire check` accepts."""
    return to_yaml(content)


def draft_from_yaml(data: str | bytes, filename: str) -> dict[str, Any]:
    """A document read from an uploaded file, or DraftError naming each problem's line.

    Texts missing a language are accepted (the translations page completes them);
    anything else the loader refuses, the file too."""
    if len(data) > MAX_YAML_BYTES:
        raise DraftError(
            [
                (
                    "",
                    f"{filename}{_Q}: fichier trop gros ({format_size(len(data))}, "
                    f"{format_size(MAX_YAML_BYTES)} au plus)",
                )
            ]
        )
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            message = (
                f"le fichier n'est pas en UTF-8 (octet {exc.start}){_Q}; enregistrez-le en UTF-8"
            )
            raise DraftError([("", f"{filename}{_Q}: {message}")]) from None
    document = _parse(data, filename)
    lines = line_numbers(data)
    problems = []
    for path, message in _loader_problems(document):
        if message.startswith(TRANSLATION_GAP):
            continue
        line = line_of(lines, path)
        where = f"ligne {line}{_Q}: " if line else ""
        problems.append(
            (path, f"{filename}{_Q}: {where}{path + _Q + ': ' if path else ''}{in_french(message)}")
        )
    if problems:
        raise DraftError(problems)
    return json.loads(json.dumps(document, ensure_ascii=False, default=str))


_Q = "\u00a0"


def _parse(text: str, filename: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        if any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text, Loader=loader)):
            raise DraftError([("", f"{filename}{_Q}: les alias YAML (*nom) ne sont pas acceptés")])
        document = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"ligne {mark.line + 1}, colonne {mark.column + 1}{_Q}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        message = f"{filename}{_Q}: {where}YAML invalide{_Q}: {yaml_problem(problem)}"
        raise DraftError([("", message)]) from None
    if not isinstance(document, dict):
        raise DraftError([("", f"{filename}{_Q}: ce n'est pas un questionnaire (champs attendus)")])
    return document


def _loader_problems(document: Any) -> list[tuple[str, str]]:
    try:
        from_dict(document, "fichier")
    except QuestionnaireError as exc:
        return exc.problems
    return []


def _label(content: dict[str, Any], key: str) -> str:
    title = get_at(content, "title.fr")
    return (title if isinstance(title, str) and title.strip() else key)[:200]
