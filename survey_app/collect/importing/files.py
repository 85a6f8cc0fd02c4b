"""Read the previous tool's export, CSV or XLSX, as a header and numbered rows of text.

SPHINX and spreadsheets save CSV in UTF-8 (with or without a BOM), Windows-1252 (Latin-1)
or UTF-16 (Excel's «Texte Unicode»), with `;` (French Excel), `,` or a tab between columns:
all are detected. Row numbers are those a
spreadsheet shows (the header is row 1), so a message points at the line to fix.
"""

from __future__ import annotations

import codecs
import csv
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import ImportCheckError
from .limits import ImportLimits, check_row, refuse
from .xlsx import xlsx_rows

DELIMITERS = {";": ";", ",": ",", "tab": "\t"}
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SNIFF_BYTES = 64 * 1024
BLOCK_BYTES = 1024 * 1024


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
    """A file to import: `rows()` can be walked twice (check everything, then load), each
    walk streamed from the file, so memory stays flat whatever its length."""

    name: str
    path: Path
    delimiter: str | None = None
    encoding: str | None = None
    """None for an XLSX file."""
    limits: ImportLimits = field(default_factory=ImportLimits)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number, cells) for every row, the header (row 1) included."""
        if self.encoding is None:
            yield from xlsx_rows(self.path, self.name, self.limits)
            return
        with open(self.path, encoding=self.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            try:
                for number, cells in enumerate(reader, start=1):
                    check_row(self.name, number, len(cells), self.limits)
                    yield number, cells
            except csv.Error as exc:  # a field past csv's 128 KiB: no export has one
                raise refuse(self.name, f"line {reader.line_num}: {exc}") from None


def open_table(
    path: Path, delimiter: str | None = None, limits: ImportLimits | None = None
) -> Table:
    """The file as a Table; an unreadable file raises ImportCheckError naming it."""
    name = str(path)
    limits = limits or ImportLimits()
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return Table(name, path, limits=limits)
    if suffix not in TEXT_SUFFIXES:
        hint = "save it as .xlsx or .csv" if suffix == ".xls" else "use a .csv or .xlsx file"
        raise ImportCheckError([f"{name}: cannot read '{suffix or 'no extension'}' files: {hint}"])
    try:
        encoding = detect_encoding(path, name)
        with open(path, encoding=encoding, newline="") as handle:
            sample = handle.read(SNIFF_BYTES + 1)
    except OSError as exc:
        raise ImportCheckError([f"{name}: cannot read file: {exc.strerror}"]) from None
    chosen = DELIMITERS.get(delimiter or "", "") or sniff(sample)
    return Table(name, path, chosen, encoding, limits)


def detect_encoding(path: Path, name: str) -> str:
    """UTF-16 with its BOM (Excel's «Texte Unicode»); else UTF-8 (a BOM is dropped) when the
    whole file is valid UTF-8, else Windows-1252, SPHINX's usual export (Latin-1 text reads
    the same); decoded a block at a time, so memory stays flat."""
    with open(path, "rb") as handle:
        start = handle.read(SNIFF_BYTES)
    if start.startswith(UTF16_BOMS):
        return _checked_utf16(path, name)
    if b"\x00" in start:
        raise ImportCheckError(
            [f"{name}: looks like UTF-16 text without its byte-order mark, or is not text: "
             "save it again as CSV UTF-8"]
        )  # fmt: skip
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            _decode_all(path, encoding)
            return encoding
        except UnicodeDecodeError as exc:
            failure = exc.start
    raise ImportCheckError(
        [f"{name}: neither UTF-8 nor Windows-1252 text (byte {failure}): "
         "save it again as CSV UTF-8"]
    )  # fmt: skip


def _checked_utf16(path: Path, name: str) -> str:
    try:
        _decode_all(path, "utf-16")
    except UnicodeDecodeError as exc:
        raise ImportCheckError(
            [f"{name}: starts as UTF-16 text but is not (byte {exc.start}): "
             "save it again as CSV UTF-8"]
        ) from None  # fmt: skip
    return "utf-16"


def _decode_all(path: Path, encoding: str) -> None:
    """Decode the whole file a block at a time; UnicodeDecodeError names the file's byte."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with open(path, "rb") as handle:
        while block := handle.read(BLOCK_BYTES):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                raise UnicodeDecodeError(
                    exc.encoding, exc.object, offset + exc.start, offset + exc.end, exc.reason
                ) from None
            offset += len(block)
        decoder.decode(b"", final=True)


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
