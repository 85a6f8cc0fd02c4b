"""`survey import`: past results exported from the previous tool (SPHINX), loaded as a campaign.

mapping.py reads the mapping file, files.py the CSV or XLSX export, rows.py turns a row into
answers (all three pure); load.py checks the whole file, then records it through the one
write path, so year-over-year comparison works from the first year.
"""

from .errors import ImportCheckError
from .files import Table, open_table
from .load import FilePreview, LoadResult, check_file, load_file, preview_file
from .mapping import ImportMapping, load_mapping

__all__ = [
    "FilePreview",
    "ImportCheckError",
    "ImportMapping",
    "LoadResult",
    "Table",
    "check_file",
    "load_file",
    "load_mapping",
    "open_table",
    "preview_file",
]
