"""Automatic masking of what identifies a person in a free comment, before display or export.

E-mail addresses, phone numbers (French and international) and file numbers — AGDREF
foreign-resident numbers (10 digits), social security numbers, any run of 8+ digits —
are replaced by a bracketed word. Masking is applied on the way out, never stored, so
improving a pattern masks old comments too.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+'-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*\.\s*[\w-]+)+", re.IGNORECASE)
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d{2}){4}"
    r"|0\d(?:[\s.-]?\d{2}){4})(?!\w)"
)
FILE_NUMBER = re.compile(r"(?<!\w)\d(?:[\s.-]?\d){7,}(?!\w)")
"""AGDREF (10 digits), NIR (13 or 15), passport or case numbers: 8 digits or more."""
PASSPORT = re.compile(r"(?<!\w)\d{2}[A-Z]{2}\d{5}(?!\w)")
"""French passport numbers: 2 digits, 2 letters, 5 digits."""

MASKS = (
    (EMAIL, "[courriel masqué]"),
    (PHONE, "[téléphone masqué]"),
    (PASSPORT, "[numéro masqué]"),
    (FILE_NUMBER, "[numéro masqué]"),
)


def mask(text: str) -> str:
    """The comment with personal identifiers replaced; the rest untouched."""
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text
