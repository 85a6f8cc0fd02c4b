"""Query parameters that several pages read, checked before any query runs: a value a user
typed in the address bar gets a 400 that says what is expected, never a 500."""

from __future__ import annotations

from flask import abort, request

MAX_PAGE = 10**9
"""Far past any real page, and a LIMIT/OFFSET every database takes."""


def page_number(name: str = "page") -> int:
    """The page asked for (1 when absent); 400 for anything but a whole number 1..MAX_PAGE.

    `str.isdigit` alone lets «²» or Arabic-Indic digits through, which int() refuses or
    reads: only ASCII digits count here.
    """
    text = request.args.get(name, "").strip() or "1"
    if not (text.isascii() and text.isdecimal() and len(text) <= 10 and 1 <= int(text) <= MAX_PAGE):
        abort(400, description="Numéro de page illisible\u00a0: un nombre entier à partir de 1.")
    return int(text)
