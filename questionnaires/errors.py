"""Errors that name the file and the path inside it."""

from __future__ import annotations


class QuestionnaireError(Exception):
    """A questionnaire file is invalid; `messages` lists every problem found, and
    `problems` the same as (path inside the document, message) for the browser editor."""

    def __init__(self, messages: list[str], problems: list[tuple[str, str]] | None = None):
        self.messages = messages
        self.problems = problems if problems is not None else [("", m) for m in messages]
        super().__init__("\n".join(messages))
