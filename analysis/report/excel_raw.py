"""The raw responses and the codebook sheets of the XLSX report.

One row per response with French labels, not codes, so the quality officer can filter and
pivot without a lookup table; the codebook sheet still gives every code for those who
recompute. Rows are streamed from an iterable: this module never sees the database.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from questionnaires.model import Questionnaire

from ..codebook import codebook, kept_apart_describer, labeller
from ..formulas import neutralise
from ..french import NBSP, format_number
from .excel import BOLD, cell
from .excel_page import print_setup
from .sentences import CHANNEL_NAMES

RESPONSES_TITLE = "Réponses"
EXCEL_MAX_ROWS = 1_048_576
"""Rows in one sheet; a larger campaign continues on «Réponses (2)» and so on."""
DATETIME = "yyyy-mm-dd hh:mm"
KEPT_APART_HEADER = "Réponses mises à part (non comptées)"
FIXED_HEADER = ("Identifiant", "Canal", "Langue", "Collectée le (UTC)", "Reçue le (UTC)")
FIXED_WIDTHS = (38, 22, 8, 18, 18)
TYPE_NAMES = {
    "rating": "échelle de satisfaction",
    "choice": "choix unique",
    "yesno": "oui / non",
    "text": "texte libre",
}


def _plain(value):
    """A cell's value as openpyxl takes it fastest: text neutralised, no cell object (a
    WriteOnlyCell per value costs openpyxl a new object and a caught exception)."""
    return neutralise(value) if isinstance(value, str) else value


def _start(book: Workbook, number: int, header: list[str]) -> WriteOnlyWorksheet:
    title = RESPONSES_TITLE if number == 1 else f"{RESPONSES_TITLE} ({number})"
    sheet = book.create_sheet(title)
    for index, width in enumerate([*FIXED_WIDTHS, *(max(12, len(h) + 2) for h in header[5:])]):
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(40, width)
    sheet.freeze_panes = "B2"
    print_setup(sheet, len(header), title_rows=1)
    sheet.append([cell(sheet, name, BOLD) for name in header])
    return sheet


def response_sheets(
    book: Workbook,
    questionnaire: Questionnaire,
    responses: Iterable[dict],
    rows_per_sheet: int = EXCEL_MAX_ROWS - 1,
    has_kept_apart: bool = False,
) -> int:
    """Write «Réponses» (and its continuations); return the number of responses written.

    Columns: id, channel, language, times (UTC, to the hour as stored), then one column per
    item key, holding the French label of the answer (free text as typed, neutralised);
    with `has_kept_apart`, a last column lists the answers kept apart (not counted).
    """
    item_keys = [item.key for item in questionnaire.items]
    header = [*FIXED_HEADER, *item_keys, *([KEPT_APART_HEADER] if has_kept_apart else [])]
    label_answers = labeller(questionnaire, "fr")
    describe = kept_apart_describer(questionnaire, "fr")
    sheet = _start(book, 1, header)
    written = 0
    for response in responses:
        if written and written % rows_per_sheet == 0:
            sheet = _start(book, written // rows_per_sheet + 1, header)
        answers = label_answers(response["answers"])
        sheet.append(  # plain values: only the two dates need a styled cell
            [
                neutralise(response["id"]),
                neutralise(CHANNEL_NAMES.get(response["channel"], response["channel"])),
                neutralise(response["lang"]),
                cell(sheet, response["collected_at"], number_format=DATETIME),
                cell(sheet, response["received_at"], number_format=DATETIME),
                *(_plain(answers.get(key)) for key in item_keys),
                *(
                    [_plain(describe(response["kept_apart"]))]
                    if has_kept_apart and response.get("kept_apart")
                    else []
                ),
            ]
        )
        written += 1
    return written


def left_out_sheet(book: Workbook, responses: int, limit: int) -> None:
    """«Réponses» saying why the responses are not listed and where to find them: above
    `limit`, the workbook would take longer to build than a download may last."""
    sheet = book.create_sheet(RESPONSES_TITLE)
    sheet.column_dimensions["A"].width = 90
    print_setup(sheet, 1)
    lines = [  # short lines: the note stays within an A4 page when printed
        f"Les {format_number(responses)} réponses ne sont pas listées dans ce classeur.",
        f"Au-delà de {format_number(limit)} réponses, le classeur téléchargé depuis l’espace "
        "de gestion",
        "contient les résultats seulement, pour être prêt en quelques secondes.",
        f"Les réponses une à une{NBSP}: «{NBSP}CSV des réponses brutes{NBSP}» sur la page des "
        "résultats",
        "(ce classeur garde le dictionnaire des codes), ou le classeur complet avec la commande",
        f"«{NBSP}survey report --format xlsx --output FICHIER.xlsx{NBSP}» sur le serveur.",
    ]
    for index, line in enumerate(lines):
        sheet.append([cell(sheet, line, BOLD if index == 0 else None)])


def codebook_sheet(sheet: WriteOnlyWorksheet, questionnaire: Questionnaire) -> None:
    """«Dictionnaire des codes»: item key, type, question, value code and label, in French."""
    for letter, width in zip("ABCDE", (22, 24, 60, 24, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    print_setup(sheet, 5, title_rows=1)
    sheet.append([cell(sheet, h, BOLD) for h in ("Clé", "Type", "Question", "Code", "Libellé")])
    for row in codebook(questionnaire, "fr"):
        sheet.append(
            [
                cell(sheet, row.item_key),
                cell(sheet, TYPE_NAMES.get(row.type, row.type)),
                cell(sheet, row.question),
                cell(sheet, row.value or None),
                cell(sheet, row.label or None),
            ]
        )
