"""Files the workspace hands out: results, the national table."""

from __future__ import annotations


def attachment(content: str | bytes, content_type: str, filename: str):
    """A download, never cached. Text is UTF-8, with a byte-order mark for CSV so that a
    spreadsheet opened by double-click reads the accents right."""
    if isinstance(content, str):
        content = ("\ufeff" if filename.endswith(".csv") else "") + content
        content = content.encode("utf-8")
    headers = {
        "Content-Type": content_type,
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    }
    return content, 200, headers
