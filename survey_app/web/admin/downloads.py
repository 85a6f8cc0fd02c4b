"""Files the workspace hands out: results, the national table, comments, the register."""

from __future__ import annotations

from flask import request

from analysis.excel_csv import for_french_excel

PLAIN = "plain"
"""`?format=plain`: the CSV as written for tools (`,`, decimal points), not for Excel."""
PLAIN_LABEL = ", format brut pour les outils (virgules, point décimal)"


def attachment(content: str | bytes, content_type: str, filename: str):
    """A download, never cached. Text is UTF-8, with a byte-order mark for CSV so that a
    spreadsheet opened by double-click reads the accents right. A CSV is for a French Excel
    (`;`, decimal commas) unless `?format=plain` asks for the form tools read."""
    if isinstance(content, str):
        if filename.endswith(".csv"):
            if request.args.get("format") != PLAIN:
                content = for_french_excel(content)
            content = "\ufeff" + content.lstrip("\ufeff")
        content = content.encode("utf-8")
    headers = {
        "Content-Type": content_type,
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    }
    return content, 200, headers
