"""Errors that name the file and the path inside it."""

from __future__ import annotations


class QuestionnaireError(Exception):
    """A questionnaire file is invalid; `messages` lists every problem found."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))
