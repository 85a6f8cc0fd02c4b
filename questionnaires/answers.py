"""Check a set of answers against a questionnaire version.

Pure and shared by every channel: the write path calls it, the web form shows
its errors next to each field, the API returns them per field.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import Item, Questionnaire

# Bidirectional embeddings/overrides/isolates can make a comment display as something
# else than it is (e.g. reverse a phone number): dropped. LRM/RLM marks stay, Arabic
# text legitimately uses them. Other control characters go too, except tab and newline.
# Lone surrogates (a JSON "\ud800" escape) cannot be encoded for any database: dropped too.
_DROPPED = {
    **{cp: None for cp in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
    **{cp: None for cp in range(0x20) if cp not in (0x09, 0x0A)},
    0x7F: None,
    **{cp: None for cp in range(0xD800, 0xE000)},
}


@dataclass(frozen=True)
class AnswerError:
    """One problem with one answer; `code` is stable, the app translates it."""

    item: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


def is_visible(item: Item, answers: Mapping[str, str]) -> bool:
    """An item is shown when it has no show_if or its condition holds."""
    return item.show_if is None or item.show_if.matches(answers)


def clean_answers(
    questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> tuple[dict[str, str], list[AnswerError]]:
    """Return (normalised answers, errors). Empty values count as not answered."""
    errors: list[AnswerError] = []
    cleaned: dict[str, str] = {}
    for key in answers:
        if questionnaire.item(key) is None:
            errors.append(AnswerError(str(key), "unknown_item"))
    for item in questionnaire.items:
        raw = answers.get(item.key)
        if isinstance(raw, str) and item.type == "text" and "\x00" not in raw:
            raw = _normalise_text(raw)
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            if item.required and is_visible(item, cleaned):
                errors.append(AnswerError(item.key, "required"))
            continue
        if not is_visible(item, cleaned):
            assert item.show_if is not None
            errors.append(AnswerError(item.key, "hidden", {"depends_on": item.show_if.item}))
            continue
        value, error = _clean_value(item, raw)
        if error:
            errors.append(error)
        else:
            cleaned[item.key] = value
    return cleaned, errors


def _normalise_text(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).translate(_DROPPED).strip()


def _clean_value(item: Item, raw: Any) -> tuple[str, AnswerError | None]:
    if not isinstance(raw, str):
        return "", AnswerError(item.key, "not_text")
    if item.type != "text":
        if raw not in item.values:
            return "", AnswerError(item.key, "invalid_option", {"value": raw[:100]})
        return raw, None
    if "\x00" in raw:
        return "", AnswerError(item.key, "nul_byte")
    value = _normalise_text(raw)
    assert item.max_length is not None
    if len(value) > item.max_length:
        return "", AnswerError(
            item.key, "too_long", {"max_length": item.max_length, "length": len(value)}
        )
    return value, None


KEPT_APART_CODES = ("hidden", "required")
"""The rules a paper form or a past year's row may break and still be stored (kept apart)."""


def split_answers(
    questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> tuple[dict[str, str], dict[str, tuple[str, str | None]], list[AnswerError]]:
    """(counted answers, kept apart, errors) for a form taken as the visitor filled it in.

    Kept apart, by item key: ("hidden", value) for an answer to an item its show_if hides,
    ("required", None) for a required item left unanswered. Anything else (an unknown item,
    a value that is not an option, text too long) stays an error, as in clean_answers.
    """
    cleaned, errors = clean_answers(questionnaire, answers)
    kept: dict[str, tuple[str, str | None]] = {}
    remaining: list[AnswerError] = []
    for error in errors:
        item = questionnaire.item(error.item)
        if error.code == "required" and item is not None:
            kept[item.key] = ("required", None)
        elif error.code == "hidden" and item is not None:
            raw = answers[item.key]
            if isinstance(raw, str) and item.type == "text" and "\x00" not in raw:
                raw = _normalise_text(raw)
            value, problem = _clean_value(item, raw)
            if problem is not None:
                remaining.append(problem)
            else:
                kept[item.key] = ("hidden", value)
        else:
            remaining.append(error)
    return cleaned, kept, remaining
