"""How much `survey import` reads at most, whatever the file: memory and time stay bounded.

A spreadsheet is a zip of XML parts: a 1.8 MB file can unpack to gigabytes (a zip bomb), and
openpyxl holds the whole shared-strings part in memory. Sizes are read from the zip's
directory and checked before any part is parsed (zipfile never inflates a part past the
size its directory declares), rows and columns are checked before reading (the sheet's
declared size) and while reading (the real count). Each refusal is one line naming the
file and the limit, and the setting that raises it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ImportCheckError

MB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    max_rows: int = 1_000_000
    """IMPORT_MAX_ROWS: rows of the file, header included."""
    max_columns: int = 1_000
    """IMPORT_MAX_COLUMNS: cells of any row."""
    max_unpacked_mb: int = 100
    """IMPORT_MAX_UNPACKED_MB: an XLSX file's parts together, unpacked."""

    @property
    def max_shared_strings_bytes(self) -> int:
        """The one part openpyxl loads whole: a fifth of the rest, a few times that in memory."""
        return self.max_unpacked_mb * MB // 5

    @classmethod
    def from_config(cls, config) -> ImportLimits:
        return cls(
            config["IMPORT_MAX_ROWS"],
            config["IMPORT_MAX_COLUMNS"],
            config["IMPORT_MAX_UNPACKED_MB"],
        )


def refuse(name: str, message: str) -> ImportCheckError:
    return ImportCheckError([f"{name}: refused: {message}"])


def check_row(name: str, number: int, width: int, limits: ImportLimits) -> None:
    """Raise when row `number` (1-based) is past the row limit or `width` past the columns."""
    if number > limits.max_rows:
        raise refuse(name, f"more than {limits.max_rows:,} rows (IMPORT_MAX_ROWS): split the file")
    if width > limits.max_columns:
        raise refuse(
            name,
            f"row {number} has {width:,} cells, more than {limits.max_columns:,} "
            "(IMPORT_MAX_COLUMNS)",
        )
