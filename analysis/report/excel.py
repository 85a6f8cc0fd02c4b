"""XLSX (openpyxl, write-only): a summary sheet and one sheet per table, numbers kept as numbers.

Rates are stored as shares rounded as every other format shows them (0.971, «97,1 %»;
rounding.shown_share), with a number format that writes the same text, so the spreadsheet
computes with them and reads like the report; every text cell is neutralised so nothing in
it runs as a formula. The workbook is written in openpyxl's streaming mode: with the raw
responses sheet (excel_raw), a campaign of a million responses goes to disk row by row
instead of living in memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ..formulas import neutralise
from ..french import NBSP
from ..register import CHANNEL_REPORT_NAMES, RegisterFigures
from ..rounding import round_half_away, shown_share
from . import requests
from .excel_page import (
    HEADER,
    LINE_HEIGHT,
    TOP,
    WRAPPED,
    SheetText,
    header_height,
    narrowed,
    print_setup,
    text_rows,
)
from .model import Report
from .sentences import (
    CHANNEL_NAMES,
    ENGAGEMENT_HEADING,
    IMPROVEMENT_HEADING,
    POSITIVE_HEADING,
    WEEKDAYS,
)

PERCENT = '0.0"\u00a0"%'
WHOLE_PERCENT = '0"\u00a0"%'
POINTS = '+0.0;"\u2212"0.0;0'
WHOLE_POINTS = '+0;"\u2212"0;0'
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def shown(value: Decimal | float | None, is_points: bool = False) -> tuple[float | None, str]:
    """(value, number format) of a share (or a change in points) as the report shows it:
    0.971 with «0.0 %» reads «97,1 %», 0.97 with «0 %» reads «97 %», never «97,0 %»."""
    if value is None:
        return None, ""
    if is_points:
        rounded = round_half_away(value, 1)
        return float(rounded), WHOLE_POINTS if rounded == int(rounded) else POINTS
    rounded = shown_share(value)
    return float(rounded), WHOLE_PERCENT if rounded * 100 == int(rounded * 100) else PERCENT


def cell(sheet: WriteOnlyWorksheet, value, font: Font | None = None, number_format: str = ""):
    """A streamed cell: text neutralised, optional font and number format; PERCENT or POINTS
    as the format store the share or change as shown (see shown())."""
    if number_format in (PERCENT, POINTS) and not isinstance(value, str):
        value, number_format = shown(value, is_points=number_format == POINTS)
    written = WriteOnlyCell(sheet, value=neutralise(value) if isinstance(value, str) else value)
    if font is not None:
        written.font = font
    if number_format:
        written.number_format = number_format
    return written


def table_sheet(
    sheet: WriteOnlyWorksheet,
    header: Sequence[str],
    rows: Iterable[Sequence],
    percent_columns: Iterable[int] = (),
    points_columns: Iterable[int] = (),
) -> None:
    """A table from A1: bold header, frozen first row, number formats by column (1-based).

    The rows are few (items, groups): they are gathered first to size the columns, which a
    streamed sheet only accepts before its first row.
    """
    rows = [list(row) for row in rows]
    formats = {c: PERCENT for c in percent_columns} | {c: POINTS for c in points_columns}
    widths, text_columns = [], set()
    for index, name in enumerate(header):
        values = [r[index] for r in rows if index < len(r) and r[index] is not None]
        if index + 1 in formats:  # a share shows as «97,1 %», a change as «+17,1»
            lengths = [len("100,0 %")]
        else:
            lengths = [len(str(value)) for value in values]
            if any(isinstance(value, str) for value in values):
                text_columns.add(index)
        width = max([*(len(word) for word in name.split(" ")), *lengths])  # the header wraps
        widths.append(min(60, max(10, width + 2)))
    fitted = narrowed(widths, text_columns)
    wrapped = {i for i, (w, f) in enumerate(zip(widths, fitted, strict=True)) if f < w}
    for index, width in enumerate(fitted, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    print_setup(sheet, len(header), title_rows=1)
    sheet.row_dimensions[1].height = header_height(header, fitted)
    titles = [cell(sheet, name, BOLD) for name in header]
    for title in titles:
        title.alignment = HEADER
    sheet.append(titles)
    for number, row in enumerate(rows, 2):
        cells = [cell(sheet, v, number_format=formats.get(i, "")) for i, v in enumerate(row, 1)]
        if wrapped:  # the narrowed labels wrap; the row is as tall as the longest needs
            lines = max(text_rows(str(row[i] or ""), fitted[i]) for i in wrapped if i < len(row))
            if lines > 1:
                sheet.row_dimensions[number].height = lines * LINE_HEIGHT
            for index, written in enumerate(cells):
                written.alignment = WRAPPED if index in wrapped else TOP
        sheet.append(cells)


def _summary(sheet: WriteOnlyWorksheet, report: Report) -> None:
    sheet.column_dimensions["A"].width = 28
    for column in "BCD":
        sheet.column_dimensions[column].width = 22
    print_setup(sheet, 4)
    text = SheetText(sheet, 4)  # the sentences wrap across the table's four columns
    lines = [report.title, report.period, report.participation, *report.participation_rates]
    for index, line in enumerate(filter(None, lines)):
        text.line(line, TITLE if index == 0 else None)
    text.row([])
    text.row([cell(sheet, h, BOLD) for h in ("Canal", "Réponses", "Visites",
                                              "Taux de participation")])  # fmt: skip
    for channel in report.channels:
        text.row(
            [
                cell(sheet, CHANNEL_NAMES.get(channel.channel, channel.channel)),
                channel.responses,
                channel.visits,
                cell(sheet, channel.participation_rate, number_format=PERCENT),
            ]
        )
    text.row([cell(sheet, "Total", BOLD), report.responses])
    sections = [(c.heading, [line for _, _, line in c.lines]) for c in report.choice_sections]
    sections += [
        ("", [report.overall] if report.overall else []),
        (POSITIVE_HEADING, report.positive_points),
        (IMPROVEMENT_HEADING, report.improvements),
        (ENGAGEMENT_HEADING, report.engagements),
        ("Remarques", report.notes),  # e.g. how many forms had answers kept apart
    ]
    for heading, lines in sections:
        if lines:
            text.row([])
            if heading:
                text.line(heading, BOLD)
            for line in lines:
                text.line(line)


def _items(sheet: WriteOnlyWorksheet, report: Report) -> None:
    labels = [label for _, label, _ in report.items[0].distribution] if report.items else []
    header = [
        "Clé", "Élément", "Engagement", "Avis exprimés", "Satisfaits", "Sans avis",
        "Taux de satisfaction", f"Borne basse (95{NBSP}%)", f"Borne haute (95{NBSP}%)",
        "Faible effectif",
        *labels,
    ]  # fmt: skip
    compared = report.compared_with is not None
    if compared:
        previous = f"Taux {report.previous_year}" if report.previous_year else "Taux précédent"
        header += ["Avis exprimés (précédent)", previous, "Évolution (points)", "Significative"]
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
                row.shown_points,
                significant,
            ]
        rows.append(cells)
    first_extra = 11 + len(labels)
    table_sheet(
        sheet,
        header,
        rows,
        percent_columns=[7, 8, 9] + ([first_extra + 1] if compared else []),
        points_columns=[first_extra + 2] if compared else [],
    )


def distribution_rows(report: Report) -> tuple[list[str], list[list]]:
    """The distribution table (tables.distribution_table) with shares as numbers."""
    if not report.items:
        return ["Élément"], []
    labels = [label for _, label, _ in report.items[0].distribution]
    rows = [
        [row.label, *row.result.shown_distribution().values(), row.result.no_opinion]
        for row in report.items
    ]
    return ["Élément", *labels, "Sans avis"], rows


def _choices(report: Report) -> list[list]:
    rows = []
    for choice in report.results.choices if report.results else ():
        item = report.questionnaire.item(choice.item_key) if report.questionnaire else None
        for value, count in choice.counts.items():
            option = item.option(value) if item else None
            share = count / choice.n if choice.n else None
            question = item.label["fr"] if item else choice.item_key
            rows.append([question, option.label["fr"] if option else value, count, choice.n, share])
    return rows


def requests_sheet(sheet: WriteOnlyWorksheet, figures: RegisterFigures) -> None:
    """The register's table by channel (shares as numbers, whole percents as in the bilan),
    then the section's sentences, wrapped across the table's width."""
    sheet.column_dimensions["A"].width = 56
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 12
    print_setup(sheet, 3)
    text = SheetText(sheet, 3)
    header = [requests.channel_caption(figures), "Nombre", "Part"]
    text.row([cell(sheet, name, BOLD) for name in header])
    for line in figures.channels:
        name = CHANNEL_REPORT_NAMES.get(line.channel, line.channel.upper())
        share = cell(sheet, float(line.share), number_format="0%")
        text.row([cell(sheet, name), line.n, share])
    text.row([cell(sheet, "TOTAL", BOLD), figures.total])
    if figures.previous_total is not None:
        text.row([cell(sheet, f"TOTAL {figures.year - 1}"), figures.previous_total])
    lines = [requests.comparison_sentence(figures), *requests.deadline_sentences(figures)]
    lines += [*requests.kind_lines(figures), *requests.theme_lines(figures)]
    lines.append(requests.scope_note(figures))
    text.row([])
    for line in filter(None, lines):
        text.line(line)


def render_xlsx(
    report: Report, responses: Iterable[dict] | None = None, responses_limit: int | None = None
) -> bytes:
    """The workbook: Synthèse, Éléments, Choix, Groupes, Jour et heure (and Demandes when
    the report has the register's figures).

    With `responses` (dicts as survey_app.counts.reading.iter_responses streams them), also
    «Réponses» (one row per response, French labels) and «Dictionnaire des codes»; when the
    report counts more than `responses_limit` responses, «Réponses» only says where they are.
    """
    book = Workbook(write_only=True)
    _summary(book.create_sheet("Synthèse"), report)
    _items(book.create_sheet("Éléments"), report)
    header, rows = distribution_rows(report)
    table_sheet(book.create_sheet("Répartition"), header, rows, range(2, len(header)))
    table_sheet(
        book.create_sheet("Choix"),
        ["Question", "Réponse", "Nombre", "Répondants", "Part"],
        _choices(report),
        percent_columns=[5],
    )
    table_sheet(
        book.create_sheet("Groupes"),
        ["Regroupement", "Groupe", "Avis exprimés", "Taux de satisfaction", "Borne basse",
         "Borne haute"],
        [
            [b.title, r.label, r.n, r.rate, *(r.interval or (None, None))]
            for b in report.breakdowns
            for r in b.rows
        ],
        percent_columns=[4, 5, 6],
    )  # fmt: skip
    cells = report.heatmap.cells if report.heatmap else ()
    table_sheet(
        book.create_sheet("Jour et heure"),
        ["Jour", "Heure", "Avis exprimés", "Satisfaits", "Taux de satisfaction"],
        [[WEEKDAYS[c.weekday], c.hour, c.n, c.satisfied, c.rate] for c in cells],
        percent_columns=[5],
    )
    if report.requests is not None:
        requests_sheet(book.create_sheet("Demandes"), report.requests)
    if responses is not None:
        from .excel_raw import codebook_sheet, left_out_sheet, response_sheets

        if report.questionnaire is None:
            raise ValueError("the raw responses sheet needs the report's questionnaire")
        kept_apart = bool(report.results is not None and report.results.kept_apart)
        if responses_limit is not None and report.responses > responses_limit:
            left_out_sheet(book, report.responses, responses_limit)
        else:
            response_sheets(book, report.questionnaire, responses, has_kept_apart=kept_apart)
        codebook_sheet(book.create_sheet("Dictionnaire des codes"), report.questionnaire)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
