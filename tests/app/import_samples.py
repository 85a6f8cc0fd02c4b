"""Hostile spreadsheets made in the test, small on disk: zip bombs, huge sheets, XML attacks.

A real workbook saved by openpyxl gives the other parts; the sheet and the shared strings
are written as streams, so a part of hundreds of megabytes never sits in memory and
compresses to a few hundred kilobytes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def workbook(path: Path, parts: dict[str, Iterable[bytes]]) -> Path:
    """An XLSX at `path` whose parts named in `parts` are replaced by the chunks given."""
    from openpyxl import Workbook

    base = path.with_suffix(".base.xlsx")
    book = Workbook()
    book.active["A1"] = "Q1 Vous êtes"
    book.save(base)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename not in parts:
                data = source.read(info.filename)
                if info.filename == "[Content_Types].xml" and STRINGS in parts:
                    data = data.replace(b"</Types>", STRINGS_TYPE + b"</Types>")
                out.writestr(info, data)
        for name, chunks in parts.items():
            with out.open(name, "w", force_zip64=True) as handle:
                for chunk in chunks:
                    handle.write(chunk)
    base.unlink()
    return path


def sheet(rows: int, dimension: str | None = None, cells: int = 1) -> Iterator[bytes]:
    """A sheet of `rows` rows of `cells` numbers (no coordinates: openpyxl counts them)."""
    yield HEAD + f"<worksheet {MAIN}>".encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    row = b"<row>" + b"<c><v>1</v></c>" * cells + b"</row>"
    block = row * 10_000
    for _ in range(rows // 10_000):
        yield block
    yield row * (rows % 10_000)
    yield b"</sheetData></worksheet>"


def shared_strings(unpacked_bytes: int) -> Iterator[bytes]:
    """A shared-strings part of about `unpacked_bytes`, one long repeated string."""
    yield HEAD + f'<sst {MAIN} count="1" uniqueCount="1"><si><t>'.encode()
    block = b"A" * (1024 * 1024)
    for _ in range(unpacked_bytes // len(block)):
        yield block
    yield b"</t></si></sst>"


BILLION_LAUGHS = (
    HEAD + b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
        for n in range(1, 10)
    )
    + f"]><worksheet {MAIN}><sheetData><row><c t=\"inlineStr\"><is><t>&lol9;</t></is></c>"
    "</row></sheetData></worksheet>".encode()
)  # fmt: skip
XXE = (
    HEAD + b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    + f'<worksheet {MAIN}><sheetData><row><c t="inlineStr"><is><t>&xxe;</t></is></c>'
    "</row></sheetData></worksheet>".encode()
)  # fmt: skip
