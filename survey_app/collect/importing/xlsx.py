"""XLSX files read in bounded memory and time: sizes checked in the zip's directory before
openpyxl parses anything, rows streamed (read-only mode), XML attacks refused in one line.

defusedxml (a dependency) makes openpyxl refuse any entity declaration: a billion-laughs or
XXE workbook stops at its first part with DefusedXmlException, reported like any refusal.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from .errors import ImportCheckError
from .limits import MB, ImportLimits, check_row, refuse

SHARED_STRINGS = "xl/sharedStrings.xml"


def check_parts(path: Path, name: str, limits: ImportLimits) -> None:
    """Refuse a workbook whose parts unpack past the limits, before parsing any of them."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportCheckError([f"{name}: not a readable XLSX file ({exc})"]) from None
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limits.max_unpacked_mb * MB:
        raise refuse(
            name,
            f"unpacks to {unpacked / MB:,.0f} MB, more than {limits.max_unpacked_mb} MB "
            "(IMPORT_MAX_UNPACKED_MB): save it as CSV, or split it",
        )
    strings = sum(p.file_size for p in parts if p.filename.lower() == SHARED_STRINGS.lower())
    if strings > limits.max_shared_strings_bytes:
        raise refuse(
            name,
            f"its text cells unpack to {strings / MB:,.0f} MB, more than "
            f"{limits.max_shared_strings_bytes // MB} MB (a fifth of IMPORT_MAX_UNPACKED_MB)",
        )


def _unreadable() -> tuple[type[Exception], ...]:
    from openpyxl.utils.exceptions import InvalidFileException

    errors: tuple[type[Exception], ...] = (
        zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, ParseError,
        zlib.error, EOFError, TypeError, AttributeError, IndexError,
    )  # fmt: skip
    try:
        from lxml.etree import LxmlError

        errors += (LxmlError,)
    except ImportError:  # pragma: no cover - lxml is optional for openpyxl
        pass
    return errors


def _why(exc: BaseException) -> str:
    """What went wrong, in a few words; openpyxl wraps the parser's error in its own."""
    from defusedxml import DefusedXmlException

    cause: BaseException | None = exc
    while cause is not None:
        text = str(cause)
        if isinstance(cause, DefusedXmlException) or "entit" in text.lower():
            return "its XML declares entities (a billion-laughs or XXE attack, never in an export)"
        cause = cause.__cause__ or cause.__context__
    text = str(exc)
    return text.splitlines()[0][:200] if text else type(exc).__name__


def xlsx_rows(path: Path, name: str, limits: ImportLimits) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet, streamed; ImportCheckError (one line) if
    the file is not a workbook, declares or holds too many rows or columns, or attacks."""

    check_parts(path, name, limits)
    unreadable = _unreadable()
    try:
        handle = open(path, "rb")  # closed below even when openpyxl gives up half-way
    except OSError as exc:
        raise ImportCheckError([f"{name}: cannot read file: {exc.strerror}"]) from None
    with handle:
        yield from _sheet_rows(handle, name, limits, unreadable)


def _sheet_rows(handle, name: str, limits: ImportLimits, unreadable) -> Iterator[tuple]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # Files saved by other tools often lack openpyxl's default style: harmless here.
            warnings.simplefilter("ignore", UserWarning)
            book = load_workbook(handle, read_only=True, data_only=True)
    except unreadable as exc:
        raise ImportCheckError([f"{name}: not a readable XLSX file ({_why(exc)})"]) from None
    try:
        sheet = book.worksheets[0]
        # The size the sheet declares refuses a huge one before reading a row; it may be
        # wrong (some tools write none, or a wrong one), so rows are counted as well.
        check_row(name, sheet.max_row or 0, sheet.max_column or 0, limits)
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            check_row(name, number, len(row), limits)
            yield number, list(row)
    except unreadable as exc:
        raise ImportCheckError([f"{name}: not a readable XLSX file ({_why(exc)})"]) from None
    finally:
        book.close()
