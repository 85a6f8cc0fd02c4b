"""Read the previous tool's export, CSV or XLSX, as a header and numbered rows of text.

SPHINX and spreadsheets save CSV in UTF-8 (with or without a BOM), Windows-1252 (Latin-1)
or UTF-16 (Excel's «Texte Unicode»), with `;` (French Excel), `,` or a tab between columns:
all are detected. Row numbers are those a
spreadsheet shows (the header is row 1), so a message points at the line to fix.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from .errors import ImportCheckError

DELIMITERS = {";": ";", ",": ",", "tab": "\t"}
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SNIFF_BYTES = 64 * 1024


def cell_text(value: Any) -> str:
    """A cell as text: CSV cells are already; XLSX numbers and dates are written plainly."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


@dataclass
class Table:
    """A file to import: `rows()` can be walked twice (check everything, then load)."""

    name: str
    path: Path
    delimiter: str | None = None
    text: str | None = None

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number, cells) for every row, the header (row 1) included."""
        if self.text is not None:
            reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
            yield from enumerate(reader, start=1)
            return
        yield from _xlsx_rows(self.path, self.name)


def open_table(path: Path, delimiter: str | None = None) -> Table:
    """The file as a Table; an unreadable file raises ImportCheckError naming it."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return Table(name, path)
    if suffix not in TEXT_SUFFIXES:
        hint = "save it as .xlsx or .csv" if suffix == ".xls" else "use a .csv or .xlsx file"
        raise ImportCheckError([f"{name}: cannot read '{suffix or 'no extension'}' files: {hint}"])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportCheckError([f"{name}: cannot read file: {exc.strerror}"]) from None
    text = decode(raw, name)
    return Table(name, path, DELIMITERS.get(delimiter or "", "") or sniff(text), text)


def decode(raw: bytes, name: str) -> str:
    """UTF-16 with its BOM (Excel's «Texte Unicode»); else UTF-8 (a BOM is dropped) when it is
    valid, else Windows-1252, SPHINX's usual export (Latin-1 text reads the same)."""
    if raw.startswith(UTF16_BOMS):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportCheckError(
                [f"{name}: starts as UTF-16 text but is not (byte {exc.start}): "
                 "save it again as CSV UTF-8"]
            ) from None  # fmt: skip
    if b"\x00" in raw[:SNIFF_BYTES]:
        raise ImportCheckError(
            [f"{name}: looks like UTF-16 text without its byte-order mark, or is not text: "
             "save it again as CSV UTF-8"]
        )  # fmt: skip
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportCheckError(
            [f"{name}: neither UTF-8 nor Windows-1252 text (byte {exc.start}): "
             "save it again as CSV UTF-8"]
        ) from None  # fmt: skip


def sniff(text: str) -> str:
    """`;`, `,` or a tab: csv.Sniffer on the first lines, else whichever splits the header
    more."""
    sample = text[:SNIFF_BYTES]
    if len(text) > SNIFF_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        counts = {d: len(next(csv.reader([header], delimiter=d), [])) for d in ("\t", ";", ",")}
        return max(counts, key=lambda d: (counts[d], d == ","))  # a tie goes to the comma


def _xlsx_rows(path: Path, name: str) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # Files saved by other tools often lack openpyxl's default style: harmless here.
            warnings.simplefilter("ignore", UserWarning)
            book = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise ImportCheckError([f"{name}: cannot read file: {exc.strerror}"]) from None
    except (BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise ImportCheckError([f"{name}: not a readable XLSX file ({exc})"]) from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some tools write a wrong size: read every stored cell
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        book.close()
