"""Reading an existing register (CSV or XLSX) with a mapping, for `survey requests import`.

The file is read by the responses' importer (collect/importing: encodings, `;` or `,`,
XLSX, row numbers as a spreadsheet shows them); the mapping says which column is which
field and, optionally, which label is which code (the French labels and the codes are
known anyway). Every row is checked before anything is stored; each entry gets an id
derived from the site and its row's content, so importing the same file twice stores
it once. Lives in cli/ because it joins two independent layers: collect/ and register/.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.register import CHANNELS, KINDS, REPLY_CHANNELS, STATUSES

from ..collect.importing import ImportCheckError, Table
from ..collect.importing.files import cell_text
from ..collect.importing.mapping import label_key, normalise
from ..core.clock import local_today
from ..core.models import RegisterEntry, Site
from ..register.entries import (
    EntryError,
    EntryFields,
    close_without_reply,
    create_entry,
    record_reply,
)
from ..register.rules import RegisterRules

FIELDS = ("received_on", "channel", "kind", "summary", "contact", "service", "themes",
          "in_scope", "out_of_scope_reason", "status", "replied_on", "reply_channel",
          "replied_by")  # fmt: skip
REQUIRED = ("received_on", "channel", "kind")
CODED = {"channel": CHANNELS, "kind": KINDS, "reply_channel": REPLY_CHANNELS, "status": STATUSES}
YES = {"oui", "o", "yes", "vrai", "true", "1", "x"}
NO = {"non", "n", "no", "faux", "false", "0", ""}
NAMESPACE = uuid.UUID("5d7c1c5e-2f1b-4a43-9a53-1c1a0c6f3e11")


@dataclass
class RegisterMapping:
    columns: dict[str, str]
    """field -> column name (normalised)."""
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    """field -> label_key(label) -> code."""
    date_formats: tuple[str, ...] = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%Y-%m-%d %H:%M:%S")


@dataclass
class ImportedRow:
    where: str
    """«FILE: row N», for messages."""
    fields: EntryFields
    status: str
    replied_on: date | None
    reply_channel: str | None
    replied_by: str | None
    client_id: str


def load_register_mapping(path: Path) -> RegisterMapping:
    """The mapping file, or ImportCheckError naming every problem in it."""
    name = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ImportCheckError([f"{name}: cannot read the mapping: {exc}"]) from None
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise ImportCheckError([f"{name}: expected a 'columns:' table (field: column name)"])
    problems = []
    columns = {}
    for key, column in data["columns"].items():
        if key not in FIELDS:
            problems.append(f"{name}: columns.{key}: unknown field (fields: {', '.join(FIELDS)})")
        elif not isinstance(column, str) or not column.strip():
            problems.append(f"{name}: columns.{key}: expected a column name")
        else:
            columns[key] = normalise(column)
    problems += [f"{name}: columns.{f}: missing (required)" for f in REQUIRED if f not in columns]
    labels: dict[str, dict[str, str]] = {}
    for key, table in (data.get("labels") or {}).items():
        if key not in CODED or not isinstance(table, dict):
            problems.append(f"{name}: labels.{key}: expected one of {', '.join(CODED)} "
                            "with «label: code» lines")  # fmt: skip
            continue
        for label, code in table.items():
            if code not in CODED[key]:
                problems.append(f"{name}: labels.{key}.{label}: unknown code {code!r} "
                                f"(codes: {', '.join(CODED[key])})")  # fmt: skip
            labels.setdefault(key, {})[label_key(str(label))] = code
    formats = data.get("date_formats")
    if problems:
        raise ImportCheckError(problems)
    mapping = RegisterMapping(columns, labels)
    if formats:
        mapping.date_formats = tuple(str(f) for f in formats)
    return mapping


def _code(mapping: RegisterMapping, key: str, text: str) -> str | None:
    known = {label_key(c): c for c in CODED[key]} | {label_key(v): c for c, v in CODED[key].items()}
    return (known | mapping.labels.get(key, {})).get(label_key(text))


def _date(mapping: RegisterMapping, value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for fmt in mapping.date_formats:
        try:
            return datetime.strptime(cell_text(value), fmt).date()
        except ValueError:
            continue
    return None


def read_register(table: Table, mapping: RegisterMapping, site_slug: str) -> list[ImportedRow]:
    """Every row as an entry to store, or ImportCheckError naming each problem's row."""
    problems: list[str] = []
    rows: list[ImportedRow] = []
    index: dict[str, int] = {}
    for number, cells in table.rows():
        if number == 1:
            header = [normalise(cell_text(c)) for c in cells]
            missing = [c for c in mapping.columns.values() if c not in header]
            if missing:
                raise ImportCheckError([f"{table.name}: row 1: no column {c!r}" for c in missing])
            index = {f: header.index(c) for f, c in mapping.columns.items()}
            continue
        raw = {f: (cells[i] if i < len(cells) else None) for f, i in index.items()}
        if all(cell_text(v) == "" for v in raw.values()):
            continue
        row, errors = _row(mapping, raw, number, table.name, site_slug)
        problems += errors
        if row:
            rows.append(row)
    if problems:
        raise ImportCheckError(problems)
    return rows


def _row(mapping, raw, number, name, site_slug) -> tuple[ImportedRow | None, list[str]]:
    text = {f: cell_text(v) for f, v in raw.items()}
    where = f"{name}: row {number}"
    errors = []

    def bad(key: str, message: str) -> None:
        errors.append(f"{where}: column {mapping.columns[key]!r}: {message}")

    received = _date(mapping, raw["received_on"])
    if received is None:
        bad("received_on", f"not a date: {text['received_on']!r}")
    codes = {}
    for key in ("channel", "kind", "reply_channel", "status"):
        if key in text and text[key]:
            codes[key] = _code(mapping, key, text[key])
            if codes[key] is None:
                bad(key, f"unknown value {text[key]!r} (add it under labels.{key})")
        elif key in REQUIRED:
            bad(key, "empty")
    in_scope = text.get("in_scope", "oui").casefold()
    if in_scope not in YES | NO:
        bad("in_scope", f"expected oui or non, got {text['in_scope']!r}")
    replied = _date(mapping, raw["replied_on"]) if text.get("replied_on") else None
    if text.get("replied_on") and replied is None:
        bad("replied_on", f"not a date: {text['replied_on']!r}")
    if errors:
        return None, errors
    status = codes.get("status") or ("answered" if replied else "open")
    themes = [t for t in text.get("themes", "").replace(",", ";").split(";") if t.strip()]
    fields = EntryFields(
        received_on=received, channel=codes["channel"], kind=codes["kind"],
        summary=text.get("summary"), contact=text.get("contact"), service=text.get("service"),
        themes=themes, is_in_scope=in_scope in YES,
        out_of_scope_reason=text.get("out_of_scope_reason") or (
            None if in_scope in YES else "hors champ (import)"),
    )  # fmt: skip
    content = "\x1f".join([site_slug, *(text.get(f, "") for f in FIELDS)])
    return ImportedRow(
        where, fields, status, replied, codes.get("reply_channel") or "autre",
        text.get("replied_by"), str(uuid.uuid5(NAMESPACE, content)),
    ), []  # fmt: skip


def store_rows(
    session: Session, site: Site, rows: list[ImportedRow], rules: RegisterRules
) -> tuple[int, int]:
    """Create the rows' entries (those already imported are skipped): (added, known).
    A row the register refuses raises ImportCheckError naming it; the caller rolls back."""
    known_ids = set(
        session.scalars(
            select(RegisterEntry.client_id).where(
                RegisterEntry.client_id.in_([r.client_id for r in rows])
            )
        )
    )
    problems = []
    added = 0
    today = local_today(site.timezone)
    for row in rows:
        if row.client_id in known_ids:
            continue
        known_ids.add(row.client_id)  # the same line twice in a file is one entry
        try:
            entry = create_entry(session, site, row.fields, rules, today, client_id=row.client_id)
            if row.status == "answered" and row.replied_on is not None:
                record_reply(entry, row.replied_on, row.reply_channel, row.replied_by or "", today)
            elif row.status == "closed":
                close_without_reply(entry)
        except EntryError as exc:
            problems.append(f"{row.where}: {exc}")
            continue
        added += 1
    if problems:
        raise ImportCheckError(problems)
    return added, len(rows) - added
