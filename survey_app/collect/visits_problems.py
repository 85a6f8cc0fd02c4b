"""What can be wrong in a file of daily visits, said in English (the `survey` commands) and
in French (the admin page), from one list of problems found by visits_file.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from analysis.french import NBSP, format_number

MESSAGES: dict[str, tuple[str, str]] = {
    "empty": ("the file is empty", "le fichier est vide."),
    "no_rows": (
        "no line of visits under the header",
        "aucune ligne de visites sous la ligne d'en-tête.",
    ),
    "no_date_column": (
        "no date column (looked for {expected}; columns seen: {seen}): name it with --date-column",
        "aucune colonne de dates (cherchée : {expected} ; colonnes du fichier : {seen}). "
        "Indiquez son nom dans « Colonne des dates ».",
    ),
    "no_count_column": (
        "no count column (looked for {expected}; columns seen: {seen}): name it with "
        "--count-column",
        "aucune colonne de nombres de visites (cherchée : {expected} ; colonnes du fichier : "
        "{seen}). Indiquez son nom dans « Colonne des nombres ».",
    ),
    "unknown_column": (
        "no column {column} in the header (columns seen: {seen})",
        "le fichier n'a pas de colonne {column} (colonnes du fichier : {seen}).",
    ),
    "unreadable": (
        "{why}",
        "le fichier n'a pas pu être lu : enregistrez-le à nouveau au format « CSV UTF-8 » "
        "(séparateur point-virgule) ou en classeur .xlsx.",
    ),
    "no_date": (
        "no date: every line of visits needs its day (fill the date column down)",
        "pas de date : chaque ligne de visites porte son jour (recopiez la date vers le bas).",
    ),
    "bad_date": (
        "{value} is not a date (expected day first: 02/03/2026, 2026-03-02)",
        "{value} n'est pas une date (attendu : jour d'abord, 02/03/2026 ou 2026-03-02).",
    ),
    "bad_count": (
        "{value} is not a whole number of visits",
        "{value} n'est pas un nombre entier de visites.",
    ),
    "negative_count": (
        "{value} is negative: a number of visits is 0 or more",
        "{value} est négatif : un nombre de visites vaut 0 ou plus.",
    ),
    "too_many": (
        "{day}: {value} visits in a day, more than {limit}",
        "{day} : {value} visites dans la journée, plus de {limit}.",
    ),
    "before_period": (
        "{day} is before the campaign's first day ({bound}): export only the campaign's days",
        "le {day} précède le premier jour de l'enquête ({bound}) : n'exportez que les jours "
        "de l'enquête.",
    ),
    "after_period": (
        "{day} is after the campaign's last day ({bound}): export only the campaign's days",
        "le {day} suit le dernier jour de l'enquête ({bound}) : n'exportez que les jours "
        "de l'enquête.",
    ),
    "no_match": (
        "no line has {column} = {value} (values seen: {seen})",
        "aucune ligne n'a {column} = {value} (valeurs du fichier : {seen}).",
    ),
    "more": ("{count} more problems, not listed", "et {count} autres problèmes, non listés."),
}


@dataclass(frozen=True)
class VisitsProblem:
    """One problem: its code in MESSAGES, the file's line (None: the whole file), values."""

    code: str
    line: int | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def english(self, name: str) -> str:
        """«FILE: line 7: ...», as the other import commands say it."""
        if self.code == "unreadable":  # importing/ names the file itself
            return str(self.values["why"])
        where = f"{name}: line {self.line}: " if self.line else f"{name}: "
        shown = {k: _shown(v, english=True) for k, v in self.values.items()}
        return where + MESSAGES[self.code][0].format(**shown)

    def french(self) -> str:
        """«Ligne 7 : ...», shown next to the file field of the admin page."""
        shown = {k: _shown(v, english=False) for k, v in self.values.items()}
        text = MESSAGES[self.code][1].format(**shown)
        if self.line is None:
            return text[0].upper() + text[1:]
        return f"Ligne {self.line}{NBSP}: {text}"


def _shown(value: Any, english: bool) -> str:
    """Text quoted ('x' or « x »), dates and numbers as each language writes them."""
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown(v, english) for v in value) or ("none" if english else "aucune")
    if isinstance(value, date):
        return value.isoformat() if english else value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return str(value) if english else format_number(value)
    text = str(value)
    if len(text) > 60:
        text = text[:59] + "…"
    return repr(text) if english else f"«{NBSP}{text}{NBSP}»"


class VisitsFileError(Exception):
    """The file is not a clean file of daily visits: nothing was stored."""

    def __init__(self, problems: list[VisitsProblem]):
        self.problems = problems
        super().__init__("; ".join(p.code for p in problems))
