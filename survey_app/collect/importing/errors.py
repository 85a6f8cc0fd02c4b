"""The one error of `survey import`: the file or its mapping is not clean, nothing was loaded."""

from __future__ import annotations


class ImportCheckError(Exception):
    """Every problem found, one message each, naming the file, row and column."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))
