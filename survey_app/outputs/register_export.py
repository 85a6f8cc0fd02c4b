"""The register's export: one row per entry (CSV, JSON, XLSX) or its figures as text.

Contacts and free text are personal data: masked unless the caller asks for them (the
contact replaced, the summary through analysis.masking), and gone anyway once purged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from analysis.masking import mask
from analysis.register import CHANNELS, KINDS, REPLY_CHANNELS, STATUSES, RegisterFigures
from analysis.report.data import neutralise
from analysis.report.outline import requests_blocks
from analysis.report.text import text_of

from ..core.models import RegisterEntry

EXPORT_FORMATS = ("csv", "json", "xlsx", "text")
COLUMNS = (
    "numero", "recue_le", "canal", "nature", "dans_le_champ", "motif_hors_champ", "service",
    "themes", "objet", "contact", "echeance", "statut", "repondue_le", "canal_reponse",
    "repondu_par", "donnees_effacees_le",
)  # fmt: skip
CONTACT_MASK = "[coordonnées masquées]"


def entry_row(entry: RegisterEntry, with_personal_data: bool) -> list:
    """The entry's cells, labels in French, dates as ISO text."""
    summary = entry.summary or ""
    contact = entry.contact or ""
    if not with_personal_data:
        summary = mask(summary)
        contact = CONTACT_MASK if contact else ""
    return [
        entry.id,
        entry.received_on.isoformat(),
        CHANNELS.get(entry.channel, entry.channel),
        KINDS.get(entry.kind, entry.kind),
        "oui" if entry.is_in_scope else "non",
        entry.out_of_scope_reason or "",
        entry.service or "",
        " ; ".join(entry.themes or ()),
        summary,
        contact,
        entry.due_on.isoformat(),
        STATUSES.get(entry.status, entry.status),
        entry.replied_on.isoformat() if entry.replied_on else "",
        REPLY_CHANNELS.get(entry.reply_channel or "", entry.reply_channel or ""),
        entry.replied_by or "",
        entry.purged_at.date().isoformat() if entry.purged_at else "",
    ]


def render_entries(
    entries: Sequence[RegisterEntry],
    figures: RegisterFigures,
    fmt: str,
    with_personal_data: bool = False,
) -> str | bytes:
    """The export in `fmt`: text is the figures as the bilan's section; the others carry
    the entries (and JSON and XLSX the figures too)."""
    rows = [entry_row(e, with_personal_data) for e in entries]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows([neutralise(c) if isinstance(c, str) else c for c in r] for r in rows)
        return out.getvalue()
    if fmt == "json":
        entries_data = [dict(zip(COLUMNS, r, strict=True)) for r in rows]
        data = {"figures": figures.to_dict(), "entries": entries_data}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "xlsx":
        return _xlsx(rows, figures)
    if fmt == "text":
        return figures_text(figures)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")


def figures_text(figures: RegisterFigures) -> str:
    """The bilan's section as plain text (the same blocks as the report's)."""
    return text_of(requests_blocks(figures))


def _xlsx(rows: list[list], figures: RegisterFigures) -> bytes:
    from openpyxl import Workbook

    from analysis.report.excel import requests_sheet, table_sheet

    book = Workbook(write_only=True)
    requests_sheet(book.create_sheet("Bilan"), figures)
    table_sheet(book.create_sheet("Registre"), COLUMNS, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
