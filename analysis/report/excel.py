"""XLSX (openpyxl): a summary sheet and one sheet per table, numbers kept as numbers.

Rates are stored as shares (0.968) with a percent format, so the spreadsheet computes with
them; every text cell is neutralised so nothing in it runs as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from .data import neutralise
from .model import Report
from .sentences import (
    CHANNEL_NAMES,
    ENGAGEMENT_HEADING,
    IMPROVEMENT_HEADING,
    POSITIVE_HEADING,
    WEEKDAYS,
)

PERCENT = "0.0%"
POINTS = "+0.0;-0.0;0"
BOLD = Font(bold=True)


def _cell(value):
    return neutralise(value) if isinstance(value, str) else value


def _sheet(
    sheet: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence],
    percent_columns: Iterable[int] = (),
    points_columns: Iterable[int] = (),
) -> None:
    """A table from A1: bold header, frozen first row, number formats by column (1-based)."""
    sheet.append([_cell(h) for h in header])
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for column, fmt in [(c, PERCENT) for c in percent_columns] + [
        (c, POINTS) for c in points_columns
    ]:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = fmt
    sheet.freeze_panes = "A2"
    for column_cells in sheet.columns:
        width = max(len(str(c.value)) if c.value is not None else 0 for c in column_cells)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(60, max(10, width + 2))


def _summary(sheet: Worksheet, report: Report) -> None:
    sheet.title = "Synthèse"
    lines = [report.title, report.period, report.participation, *report.participation_rates]
    for line in filter(None, lines):
        sheet.append([_cell(line)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    start = sheet.max_row + 1
    sheet.append(["Canal", "Réponses", "Visites", "Taux de participation"])
    for cell in sheet[start]:
        cell.font = BOLD
    for channel in report.channels:
        sheet.append(
            [
                CHANNEL_NAMES.get(channel.channel, channel.channel),
                channel.responses,
                channel.visits,
                channel.participation_rate,
            ]
        )
        sheet.cell(sheet.max_row, 4).number_format = PERCENT
    sheet.append(["Total", report.responses])
    sheet.cell(sheet.max_row, 1).font = BOLD
    sections = [(c.heading, [line for _, _, line in c.lines]) for c in report.choice_sections]
    sections += [
        ("", [report.overall] if report.overall else []),
        (POSITIVE_HEADING, report.positive_points),
        (IMPROVEMENT_HEADING, report.improvements),
        (ENGAGEMENT_HEADING, report.engagements),
    ]
    for heading, lines in sections:
        if lines:
            sheet.append([])
            if heading:
                sheet.append([_cell(heading)])
                sheet.cell(sheet.max_row, 1).font = BOLD
            for line in lines:
                sheet.append([_cell(line)])
    sheet.column_dimensions["A"].width = 28
    for column in "BCD":
        sheet.column_dimensions[column].width = 22


def _items(sheet: Worksheet, report: Report) -> None:
    labels = [label for _, label, _ in report.items[0].distribution] if report.items else []
    header = [
        "Clé", "Élément", "Engagement", "Réponses exprimées", "Satisfaits", "Sans avis",
        "Taux de satisfaction", "Borne basse (95 %)", "Borne haute (95 %)", "Faible effectif",
        *labels,
    ]  # fmt: skip
    compared = report.compared_with is not None
    if compared:
        header += ["Réponses (précédent)", "Taux précédent", "Évolution (points)", "Significatif"]
    rows = []
    for row in report.items:
        result = row.result
        low, high = result.interval or (None, None)
        cells = [
            row.item_key, row.label, row.engagement, result.n, result.satisfied,
            result.no_opinion, result.satisfaction_rate, low, high,
            "oui" if result.is_small_sample else "non", *(c for _, _, c in row.distribution),
        ]  # fmt: skip
        if compared:
            previous = row.previous
            significant = {True: "oui", False: "non", None: None}[row.is_significant]
            cells += [
                previous.n if previous else None,
                previous.satisfaction_rate if previous else None,
                row.difference_points,
                significant,
            ]
        rows.append(cells)
    first_extra = 11 + len(labels)
    _sheet(
        sheet,
        header,
        rows,
        percent_columns=[7, 8, 9] + ([first_extra + 1] if compared else []),
        points_columns=[first_extra + 2] if compared else [],
    )


def render_xlsx(report: Report) -> bytes:
    """The workbook: Synthèse, Éléments, Choix, Groupes and Jour et heure."""
    book = Workbook()
    _summary(book.active, report)
    _items(book.create_sheet("Éléments"), report)
    choices = []
    for choice in report.results.choices if report.results else ():
        item = report.questionnaire.item(choice.item_key) if report.questionnaire else None
        for value, count in choice.counts.items():
            option = item.option(value) if item else None
            share = count / choice.n if choice.n else None
            choices.append(
                [
                    item.label["fr"] if item else choice.item_key,
                    option.label["fr"] if option else value,
                    count,
                    choice.n,
                    share,
                ]
            )
    _sheet(
        book.create_sheet("Choix"),
        ["Question", "Réponse", "Nombre", "Répondants", "Part"],
        choices,
        percent_columns=[5],
    )
    _sheet(
        book.create_sheet("Groupes"),
        ["Regroupement", "Groupe", "Réponses exprimées", "Taux de satisfaction", "Borne basse",
         "Borne haute"],
        [
            [b.title, r.label, r.n, r.rate, *(r.interval or (None, None))]
            for b in report.breakdowns
            for r in b.rows
        ],
        percent_columns=[4, 5, 6],
    )  # fmt: skip
    cells = report.heatmap.cells if report.heatmap else ()
    _sheet(
        book.create_sheet("Jour et heure"),
        ["Jour", "Heure", "Réponses exprimées", "Satisfaits", "Taux de satisfaction"],
        [[WEEKDAYS[c.weekday], c.hour, c.n, c.satisfied, c.rate] for c in cells],
        percent_columns=[5],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
