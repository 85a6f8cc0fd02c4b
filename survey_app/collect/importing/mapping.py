"""The mapping file of `survey import`: which column is which item, which label which value.

Checked against the campaign's questionnaire before any row is read; every problem is
reported at once as "FILE: PATH: message", like the questionnaire loader does.
Format: docs/report.md, section «Importer les résultats des années passées».
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from questionnaires import Questionnaire
from questionnaires.model import Item

from .errors import ImportCheckError

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"})
NOT_ASKED = ("Non concerné", "Non concernée", "Sans objet")
"""Labels meaning «this question was not asked»: not answered when its show_if is not met."""


def normalise(text: str) -> str:
    """A column name or a label as compared: NFC, spaces collapsed, typographic apostrophes
    (’) read as straight ones (exports and hand-typed mappings vary in these)."""
    return " ".join(unicodedata.normalize("NFC", text).translate(APOSTROPHES).split())


def label_key(text: str) -> str:
    """Labels also match whatever their case: «très satisfait» is «Très satisfait»."""
    return normalise(text).casefold()


@dataclass(frozen=True)
class ColumnMapping:
    column: str
    item: Item
    labels: dict[str, str | None]
    """label_key(label) -> value code, None for a label that means «not answered»."""
    shown: tuple[str, ...] = ()
    """The accepted labels as written, for the message about an unknown one."""


@dataclass(frozen=True)
class DateColumn:
    column: str
    formats: tuple[str, ...]


IMPORT_CHANNELS = ("kiosk", "web", "paper")
"""Channels a past year's row may be recorded under (besides the legacy `import`)."""


@dataclass(frozen=True)
class ChannelColumn:
    """The column saying how each row was collected, and its labels: «Borne» -> kiosk."""

    column: str
    labels: dict[str, str]
    """label_key(label) -> channel."""
    shown: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportMapping:
    name: str
    columns: dict[str, ColumnMapping]
    """By normalised column name."""
    ignored: frozenset[str]
    lang: str = "fr"
    collected_at: DateColumn | None = None
    channel: str | ChannelColumn | None = None
    """The channel of every row (`channel: paper`), or the column that gives it per row;
    None: the legacy channel `import`."""

    @property
    def known_columns(self) -> frozenset[str]:
        dated = {self.collected_at.column} if self.collected_at else set()
        if isinstance(self.channel, ChannelColumn):
            dated.add(self.channel.column)
        return frozenset(self.columns) | self.ignored | dated


DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
)  # fmt: skip
TOP_FIELDS = {
    "title", "questionnaire", "lang", "collected_at", "channel", "labels", "columns", "ignore"
}  # fmt: skip
"""`title` only names the mapping where the admin page offers it (collect/importing/bundled)."""


def load_mapping(path: Path, questionnaire: Questionnaire) -> ImportMapping:
    """Read and check a mapping YAML file; raise ImportCheckError listing every problem."""
    name = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImportCheckError([f"{name}: cannot read file: {exc.strerror}"]) from None
    except UnicodeDecodeError as exc:
        raise ImportCheckError([f"{name}: not UTF-8 text (byte {exc.start})"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ImportCheckError([f"{name}: {where}invalid YAML: {problem}"]) from None
    checker = _Checker(name, questionnaire)
    mapping = checker.mapping(data)
    if checker.errors:
        raise ImportCheckError(checker.errors)
    return mapping


def _quoted(key: Any) -> str:
    return '"' + str(key).replace('"', '\\"') + '"'


class _Checker:
    def __init__(self, name: str, questionnaire: Questionnaire):
        self.name = name
        self.questionnaire = questionnaire
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{self.name}: {path}: {message}" if path else f"{self.name}: {message}")

    def mapping(self, data: Any) -> ImportMapping:
        if not isinstance(data, dict):
            self.error("", "expected a mapping with 'columns'")
            return ImportMapping(self.name, {}, frozenset())
        for key in data:
            if key not in TOP_FIELDS:
                self.error(str(key), "unknown field")
        expected = data.get("questionnaire")
        if expected is not None and expected != self.questionnaire.key:
            self.error("questionnaire", f"written for '{expected}', the campaign uses "
                       f"'{self.questionnaire.key}'")  # fmt: skip
        lang = data.get("lang", "fr")
        if lang not in self.questionnaire.languages:
            self.error("lang", f"language {lang!r} is not offered by the questionnaire")
        tables = self.tables(data.get("labels", {}))
        columns = self.columns(data.get("columns"), tables)
        ignored = self.names(data.get("ignore", []), "ignore")
        for column in sorted(ignored & set(columns)):
            self.error("ignore", f"column '{column}' is both mapped and ignored")
        channel = self.channel(data.get("channel"))
        if isinstance(channel, ChannelColumn) and channel.column in set(columns) | ignored:
            self.error("channel.column", f"column '{channel.column}' is also mapped or ignored")
        date = self.date(data.get("collected_at"))
        return ImportMapping(self.name, columns, ignored, lang, date, channel)

    def channel(self, value: Any) -> str | ChannelColumn | None:
        """`channel: paper` for the whole file, or `channel: {column: ..., labels: {...}}`."""
        if value is None:
            return None
        accepted = ", ".join(IMPORT_CHANNELS)
        if isinstance(value, str):
            if value not in IMPORT_CHANNELS:
                self.error("channel", f"unknown channel '{value}' (accepted: {accepted})")
            return value
        if not isinstance(value, dict) or not isinstance(value.get("column"), str):
            self.error("channel", "expected a channel (kiosk, web, paper), or a mapping with "
                       "'column' and 'labels'")  # fmt: skip
            return None
        for key in value:
            if key not in ("column", "labels"):
                self.error(f"channel.{key}", "unknown field")
        labels = value.get("labels")
        if not isinstance(labels, dict) or not labels:
            self.error("channel.labels", "expected a mapping of labels to channels, e.g. "
                       "{Borne: kiosk, Internet: web, Papier: paper}")  # fmt: skip
            labels = {}
        known: dict[str, str] = {}
        shown: list[str] = []
        for label, channel in labels.items():
            if channel not in IMPORT_CHANNELS:
                self.error(f"channel.labels[{_quoted(label)}]",
                           f"unknown channel {channel!r} (accepted: {accepted})")  # fmt: skip
                continue
            known[label_key(str(label))] = channel
            shown.append(normalise(str(label)))
        # The channels' own codes always match, as an option item's value codes do.
        known.update({c: c for c in IMPORT_CHANNELS if c not in known})
        return ChannelColumn(normalise(value["column"]), known, tuple(shown))

    def names(self, value: Any, path: str) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.error(path, "expected a list of column names")
            return frozenset()
        return frozenset(normalise(str(v)) for v in value)

    def tables(self, value: Any) -> dict[str, dict[str, Any]]:
        if not isinstance(value, dict):
            self.error("labels", "expected a mapping of label tables")
            return {}
        return {str(n): t for n, t in value.items() if self.table(t, f"labels.{n}") is not None}

    def table(self, value: Any, path: str) -> dict | None:
        if not isinstance(value, dict) or not value:
            self.error(path, "expected a mapping of labels to value codes")
            return None
        seen: dict[str, Any] = {}
        for label, code in value.items():
            key = label_key(str(label))
            if key in seen:
                self.error(f"{path}[{_quoted(label)}]", "duplicate label (case and spaces aside)")
            if code is not None and not isinstance(code, str):
                self.error(f"{path}[{_quoted(label)}]", f"expected a value code, got {code!r}")
            seen[key] = code
        return value

    def columns(self, value: Any, tables: dict[str, dict]) -> dict[str, ColumnMapping]:
        if not isinstance(value, dict) or not value:
            self.error("columns", "expected a mapping of column names to items")
            return {}
        columns: dict[str, ColumnMapping] = {}
        by_item: dict[str, str] = {}
        for raw_column, spec in value.items():
            column = normalise(str(raw_column))
            path = f"columns[{_quoted(raw_column)}]"
            if column in columns:
                self.error(path, "duplicate column (once repeated spaces are collapsed)")
            spec = {"item": spec} if isinstance(spec, str) else spec
            if not isinstance(spec, dict) or not isinstance(spec.get("item"), str):
                self.error(path, "expected an item key, or a mapping with 'item' and 'labels'")
                continue
            for key in spec:
                if key not in ("item", "labels"):
                    self.error(f"{path}.{key}", "unknown field")
            item = self.questionnaire.item(spec["item"])
            if item is None:
                self.error(f"{path}.item", f"unknown item '{spec['item']}'")
                continue
            if item.key in by_item:
                self.error(f"{path}.item", f"item '{item.key}' is already mapped to column "
                           f"'{by_item[item.key]}'")  # fmt: skip
            by_item[item.key] = column
            shown: dict[str, str] = {}
            labels = self.labels(item, spec.get("labels"), tables, f"{path}.labels", shown)
            columns[column] = ColumnMapping(column, item, labels, tuple(shown.values()))
        for item in self.questionnaire.items:
            if item.required and item.key not in by_item:
                self.error("columns", f"no column for the required item '{item.key}'")
        return columns

    def labels(
        self, item: Item, value: Any, tables: dict, path: str, shown: dict[str, str]
    ) -> dict[str, str | None]:
        """label_key -> code for a column; `shown` collects the accepted labels as written.

        `value` is a shared table's name, a table of the column's own, or a list of both
        («[satisfaction, {"Non concerné": ~}]»): later ones add to (or override) earlier ones.
        """
        if not item.has_options:
            if value is not None:
                self.error(path, f"'{item.key}' is a free-text item: its text is taken as is")
            return {}
        # The questionnaire's own French labels and codes always match; the tables add the
        # previous tool's wording (or override a label).
        known: dict[str, str | None] = {label_key(o.label["fr"]): o.value for o in item.options}
        shown.update({label_key(o.label["fr"]): o.label["fr"] for o in item.options})
        known.update({label_key(o.value): o.value for o in item.options})
        parts = value if isinstance(value, list) else [value]
        for index, part in enumerate(parts):
            part_path = f"{path}[{index}]" if isinstance(value, list) else path
            table_path = part_path
            if isinstance(part, str):
                if part not in tables:
                    declared = ", ".join(tables) or "none"
                    self.error(part_path, f"unknown label table '{part}' (declared: {declared})")
                    continue
                part, table_path = tables[part], f"labels.{part}"
            elif part is None and not isinstance(value, list):
                continue
            elif self.table(part, part_path) is None:
                continue
            for label, code in part.items():
                if code is not None and code not in item.values:
                    self.error(f"{table_path}[{_quoted(label)}]", f"'{code}' is not a value of "
                               f"'{item.key}' ({', '.join(item.values)})")  # fmt: skip
                known[label_key(str(label))] = code
                shown[label_key(str(label))] = normalise(str(label))
        return known

    def date(self, value: Any) -> DateColumn | None:
        if value is None:
            return None
        spec = {"column": value} if isinstance(value, str) else value
        if not isinstance(spec, dict) or not isinstance(spec.get("column"), str):
            self.error("collected_at", "expected a column name, or a mapping with 'column'")
            return None
        for key in spec:
            if key not in ("column", "format"):
                self.error(f"collected_at.{key}", "unknown field")
        formats = spec.get("format", list(DATE_FORMATS))
        formats = [formats] if isinstance(formats, str) else formats
        if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
            self.error("collected_at.format", "expected a date format such as '%d/%m/%Y %H:%M'")
            formats = list(DATE_FORMATS)
        return DateColumn(normalise(spec["column"]), tuple(formats))


def with_channel(mapping: ImportMapping, channel: str) -> ImportMapping:
    """The mapping with one channel for the whole file (`survey import --channel`): a channel
    column it reads is then ignored."""
    ignored = mapping.ignored
    if isinstance(mapping.channel, ChannelColumn):
        ignored = ignored | {mapping.channel.column}
    return replace(mapping, channel=channel, ignored=ignored)
