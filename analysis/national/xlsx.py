"""The national view as a workbook: every site, numbers kept as numbers, French display.

Rates are shares (0.962) with a percent format that puts a no-break space before «%», and
counts carry a thousands format: a French spreadsheet shows «96,2 %» and «1 234» while
still computing with them. Every text cell is neutralised (report.excel.cell), so a site
named «=HYPERLINK(...)» stays text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ..french import NBSP
from ..report.excel import BOLD, POINTS, TITLE, cell
from ..report.excel_page import print_setup
from .output import POSITIONS
from .sites import NationalResults, SiteResult

PERCENT = f'0.0"{NBSP}"%'
"""«96,2 %» in a French spreadsheet (the decimal sign is the reader's own)."""
COUNT = "#,##0"
"""«1 234»: the thousands separator is the reader's own."""
P_VALUE = "0.0000"


def _table(
    sheet: WriteOnlyWorksheet, header: Sequence[str], rows: Iterable[Sequence], formats: dict
) -> None:
    """Bold header frozen on top, columns sized to their content, formats by 0-based column."""
    rows = [list(row) for row in rows]
    for index, name in enumerate(header):
        lengths = [len(str(r[index])) for r in rows if r[index] is not None]
        width = max([len(name), *lengths])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(50, max(9, width + 2))
    sheet.freeze_panes = "C2"
    print_setup(sheet, len(header), title_rows=1)
    sheet.append([cell(sheet, name, BOLD) for name in header])
    for row in rows:
        sheet.append([cell(sheet, v, number_format=formats.get(i, "")) for i, v in enumerate(row)])


def _site_row(site: SiteResult) -> list:
    main = site.main
    low, high = (main.interval if main else None) or (None, None)
    test = site.versus_rest
    return [
        site.rank,
        site.name,
        site.slug,
        " | ".join(site.campaigns),
        site.responses,
        main.n if main else 0,
        main.satisfied if main else 0,
        main.satisfaction_rate if main else None,
        low,
        high,
        "oui" if site.is_small_sample else "non",
        test.difference_points if test else None,
        site.adjusted_p_value,
        POSITIONS[site.position] if site.position else None,
    ]


SITE_HEADER = (
    "Rang", "Site", "Identifiant", "Enquêtes", "Réponses", "Avis exprimés", "Satisfaits",
    "Taux de satisfaction", f"Borne basse (95{NBSP}%)", f"Borne haute (95{NBSP}%)",
    "Faible effectif", "Écart avec les autres sites (points)", "p (Holm)",
    "Comparaison avec les autres sites",
)  # fmt: skip


def render_xlsx(results: NationalResults, heading: Sequence[str] = ()) -> bytes:
    """«Sites» (every site in the given order, then the total), «Par question» (each rating
    item's n and rate per site) and «Synthèse» (the heading and the national rates)."""
    book = Workbook(write_only=True)
    everyone = (*results.sites, results.total)
    _table(
        book.create_sheet("Sites"),
        SITE_HEADER,
        (_site_row(s) for s in everyone),
        {4: COUNT, 5: COUNT, 6: COUNT, 7: PERCENT, 8: PERCENT, 9: PERCENT, 11: POINTS,
         12: P_VALUE},
    )  # fmt: skip
    labels = ["Satisfaction globale" if i.is_overall else i.label["fr"] for i in results.items]
    per_item = ["Site", "Identifiant"]
    for label in labels:
        per_item += [f"{label}{NBSP}: avis exprimés", f"{label}{NBSP}: taux"]
    rows = []
    for site in everyone:
        row = [site.name, site.slug]
        for item in results.items:
            result = site.rating(item.key)
            row += [result.n if result else 0, result.satisfaction_rate if result else None]
        rows.append(row)
    formats = {2 + 2 * i: COUNT for i in range(len(labels))}
    formats |= {3 + 2 * i: PERCENT for i in range(len(labels))}
    _table(book.create_sheet("Par question"), per_item, rows, formats)
    summary = book.create_sheet("Synthèse")
    summary.column_dimensions["A"].width = 60
    print_setup(summary, 5)
    for index, line in enumerate(heading):
        summary.append([cell(summary, line, TITLE if index == 0 else None)])
    summary.append([])
    summary.append([cell(summary, h, BOLD) for h in ("Élément", "Avis exprimés", "Taux national",
                                                     "Borne basse", "Borne haute")])  # fmt: skip
    for label, result in zip(labels, results.total.ratings, strict=True):
        low, high = result.interval or (None, None)
        summary.append(
            [cell(summary, label), cell(summary, result.n, number_format=COUNT)]
            + [
                cell(summary, v, number_format=PERCENT)
                for v in (result.satisfaction_rate, low, high)
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
