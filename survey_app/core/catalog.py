"""The questionnaire files the app knows: the bundled ones, checked at start-up."""

from __future__ import annotations

from pathlib import Path

from questionnaires import Questionnaire, QuestionnaireError, bundled_dir, load_questionnaire

NOT_QUESTIONNAIRES = {"scales.yaml"}


def questionnaire_files(directory: Path | None = None) -> list[Path]:
    directory = directory or bundled_dir()
    return sorted(p for p in directory.glob("*.yaml") if p.name not in NOT_QUESTIONNAIRES)


def check_files(paths: list[Path]) -> tuple[dict[str, Questionnaire], list[str]]:
    """Load every file; return the valid ones by key and every error message."""
    loaded: dict[str, Questionnaire] = {}
    errors: list[str] = []
    for path in paths:
        try:
            questionnaire = load_questionnaire(path)
        except QuestionnaireError as exc:
            errors.extend(exc.messages)
            continue
        if questionnaire.key in loaded:
            errors.append(f"{path}: key '{questionnaire.key}' is already used by another file")
        loaded[questionnaire.key] = questionnaire
    return loaded, errors


def check_bundled() -> dict[str, Questionnaire]:
    """Refuse to start when a bundled questionnaire is invalid."""
    loaded, errors = check_files(questionnaire_files())
    if errors:
        raise QuestionnaireError(errors)
    return loaded


def bundled_file(key: str) -> Path | None:
    """The bundled file whose questionnaire has this key, if any."""
    for path in questionnaire_files():
        try:
            if load_questionnaire(path).key == key:
                return path
        except QuestionnaireError:
            continue
    return None
