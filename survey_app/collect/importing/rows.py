"""One row of the previous tool's export turned into answers, or into messages saying why not.

Pure (no database): `survey import` runs it over the whole file before writing anything,
so a file is loaded entirely or not at all.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl.utils import get_column_letter

from questionnaires import AnswerError, Questionnaire, split_answers
from questionnaires.model import Item

from .files import cell_text
from .mapping import NOT_ASKED, ChannelColumn, ImportMapping, label_key, normalise

NOT_ASKED_KEYS = frozenset(label_key(label) for label in NOT_ASKED)
LEGACY_CHANNEL = "import"
"""The channel of rows whose mapping says nothing about it (before channels were read)."""
IMPORT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "survey-app:import")
DATE_ONLY_HOUR = 12
"""A date without a time is placed at noon (the hour-of-day chart then means nothing)."""


def response_id(slug: str, row_number: int, cells: dict[str, str]) -> str:
    """The same row of the same file into the same campaign always gets the same id.

    The slug keeps two campaigns apart (ids are global). The row number keeps apart two
    respondents who answered alike. The row's cells (every non-empty one, ignored columns
    included, by column name; the date as parsed, so a CSV and its XLSX twin agree) keep
    apart two different files of the same length. A mapping changed since the last import
    gives the same ids with other answers: record_response reports a conflict.
    """
    canonical = json.dumps(sorted(cells.items()), ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return str(uuid.uuid5(IMPORT_NAMESPACE, f"{slug}\n{row_number}\n{digest}"))


@dataclass(frozen=True)
class ImportRow:
    number: int
    response_id: str
    answers: dict[str, str]
    collected_at: datetime | None
    """Naive UTC, as record_response takes it; None when the mapping names no date column."""
    channel: str = LEGACY_CHANNEL
    kept_apart: frozenset[str] = frozenset()
    """The rules ("hidden", "required") some of its answers break: stored kept apart."""


class RowReader:
    """Reads the rows under one header against one mapping and questionnaire."""

    def __init__(
        self,
        file_name: str,
        header_number: int,
        header: list[Any],
        mapping: ImportMapping,
        questionnaire: Questionnaire,
        slug: str,
        timezone: str,
    ):
        self.file_name = file_name
        self.header_number = header_number
        self.header = [normalise(cell_text(c)) for c in header]
        self.mapping = mapping
        self.questionnaire = questionnaire
        self.slug = slug
        self.zone = ZoneInfo(timezone)
        self.column_of = {c.item.key: c.column for c in mapping.columns.values()}

    def where(self, row: int, column: str | int) -> str:
        name = f"column '{column}'" if isinstance(column, str) else column_name(column)
        return f"{self.file_name}: row {row}, {name}"

    def header_errors(self) -> list[str]:
        """Unmapped, duplicated and missing columns: reported before any row."""
        errors, seen = [], set()
        for column in self.header:
            if column and column in seen:
                errors.append(f"{self.where(self.header_number, column)}: appears twice")
            elif column and column not in self.mapping.known_columns:
                errors.append(f"{self.where(self.header_number, column)}: not in the mapping "
                              "(map it under columns, or list it under ignore)")  # fmt: skip
            seen.add(column)
        for column in sorted(self.mapping.known_columns - seen):
            errors.append(f"{self.file_name}: column '{column}' of {self.mapping.name} is not "
                          f"in the file (its header is row {self.header_number})")  # fmt: skip
        return errors

    def read(self, number: int, cells: list[Any]) -> tuple[ImportRow | None, list[str]]:
        """The row's answers, or the messages saying what to fix; (None, []) for a blank row."""
        texts = [cell_text(c) for c in cells]
        if not any(texts):
            return None, []
        errors: list[str] = []
        named: dict[str, Any] = {}
        for index, text in enumerate(texts):
            column = self.header[index] if index < len(self.header) else ""
            if column:
                named[column] = cells[index]
            elif text:
                errors.append(f"{self.where(number, index + 1)}: a value under no column name")
        answers: dict[str, str] = {}
        not_asked: list[Item] = []
        for column, mapped in self.mapping.columns.items():
            text = cell_text(named.get(column))
            if not text:
                continue
            key = label_key(text)
            if not mapped.item.has_options:
                answers[mapped.item.key] = text
            elif key in NOT_ASKED_KEYS:
                not_asked.append(mapped.item)
                if (code := mapped.labels.get(key)) is not None:
                    answers[mapped.item.key] = code
            elif key not in mapped.labels:
                shown = [*mapped.shown, *([] if NOT_ASKED_KEYS & mapped.labels.keys() else
                                          [NOT_ASKED[0]])]  # fmt: skip
                accepted = ", ".join(f"'{label}'" for label in shown)
                errors.append(f"{self.where(number, column)}: unknown label '{text}' (accepted: "
                              f"{accepted} or an empty cell)")  # fmt: skip
            elif (code := mapped.labels[key]) is not None:
                answers[mapped.item.key] = code
        for item in not_asked:  # «Non concerné» where the question was not asked: no answer
            if item.show_if is not None and not item.show_if.matches(answers):
                answers.pop(item.key, None)
        # As the visitor filled it in: answers breaking a rule are kept apart, not refused.
        _, kept, problems = split_answers(self.questionnaire, answers)
        errors += [self._answer_message(number, problem) for problem in problems]
        collected_at = self._collected_at(number, named, errors)
        channel = self._channel(number, named, errors)
        if errors:
            return None, errors
        texts_by_column = {
            (self.header[i] if i < len(self.header) else "") or column_name(i + 1): text
            for i, text in enumerate(texts)
            if text
        }
        if collected_at is not None:
            texts_by_column[self.mapping.collected_at.column] = collected_at.isoformat()
        identifier = response_id(self.slug, number, texts_by_column)
        rules = frozenset(code for code, _ in kept.values())
        return ImportRow(number, identifier, answers, collected_at, channel, rules), []

    def _channel(self, number: int, named: dict, errors: list[str]) -> str:
        spec = self.mapping.channel
        if not isinstance(spec, ChannelColumn):
            return spec or LEGACY_CHANNEL
        text = cell_text(named.get(spec.column))
        channel = spec.labels.get(label_key(text)) if text else None
        if channel is None:
            accepted = ", ".join(f"'{label}'" for label in spec.shown) or "kiosk, web, paper"
            problem = f"unknown channel '{text}'" if text else "no channel"
            errors.append(f"{self.where(number, spec.column)}: {problem} (accepted: {accepted})")
            return LEGACY_CHANNEL
        return channel

    def _answer_message(self, number: int, problem: AnswerError) -> str:
        where = self.where(number, self.column_of.get(problem.item, problem.item))
        if problem.code == "too_long":
            length, most = problem.params["length"], problem.params["max_length"]
            return f"{where}: {length} characters, {most} at most"
        return f"{where}: {problem.code.replace('_', ' ')}"

    def _collected_at(self, number: int, named: dict, errors: list[str]) -> datetime | None:
        spec = self.mapping.collected_at
        if spec is None:
            return None
        value = named.get(spec.column)
        local = parse_moment(value, spec.formats)
        if local is None:
            shown = cell_text(value)
            problem = f"unreadable date '{shown}'" if shown else "no date"
            errors.append(f"{self.where(number, spec.column)}: {problem} "
                          f"(expected {' or '.join(spec.formats[:2])})")  # fmt: skip
            return None
        return local.replace(tzinfo=self.zone).astimezone(UTC).replace(tzinfo=None)


def parse_moment(value: Any, formats: tuple[str, ...]) -> datetime | None:
    """A local date and time from an XLSX date cell or text in one of `formats`.

    A spreadsheet date without a time reads as midnight: like a text date alone, it is
    placed at noon (nobody answers at the reception desk at midnight).
    """
    if isinstance(value, datetime):
        if value.time() == time():
            return value.replace(hour=DATE_ONLY_HOUR, tzinfo=None)
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, DATE_ONLY_HOUR)
    text = cell_text(value)
    for fmt in formats:
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return moment if "%H" in fmt else moment.replace(hour=DATE_ONLY_HOUR)
    return None


def column_name(position: int) -> str:
    """A column with no header name, as a spreadsheet shows it: «column C (no name)»."""
    return f"column {get_column_letter(position)} (no name)"
