"""`survey import`'s problems in French, for the admin's «Importer des résultats» page (the CLI
keeps them in English, as the questionnaire loader's are: questionnaires/messages_fr.py).

A message names its file first («FILE: row 7, column 'Q1': ...»); the page says which file
it is about, then the row and the column, then the problem. A message without a pattern
here is shown as it is rather than lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Q = "\u00a0"  # no-break space before « : ; » and inside « »
UNTOLD = re.compile(r"^(?P<count>[\d,]+) more problems, not listed$")
WHERE = re.compile(r"^row (?P<row>\d+), (?:column '(?P<column>.*?)'|column (?P<letter>[A-Z]+) "
                   r"\(no name\)): (?P<what>.*)$", re.S)  # fmt: skip
ROW = re.compile(r"^row (?P<row>\d+): (?P<what>.*)$", re.S)
CODES = {
    "unknown item": "question inconnue du questionnaire",
    "invalid option": "réponse qui n'est pas une des options",
    "not text": "texte attendu",
    "nul byte": "caractère nul",
    "required": "question obligatoire sans réponse",
    "hidden": "réponse à une question qui ne se posait pas",
}
FORMAT_PARTS = {"%d": "jj", "%m": "mm", "%Y": "aaaa", "%H": "hh", "%M": "mm", "%S": "ss"}
SETTINGS = r"\((?P<setting>IMPORT_MAX_\w+)\)"


def _accepted(text: str) -> str:
    """«'Borne', 'Internet'» as «« Borne », « Internet »»."""
    return re.sub(r"'([^']*)'", f"«{Q}\\1{Q}»", text)


def _formats(text: str) -> str:
    for code, french in FORMAT_PARTS.items():
        text = text.replace(code, french)
    return text.replace("T", " ").replace(" or ", " ou ")


_PATTERNS: list[tuple[str, str]] = [
    # The header and the rows (rows.py).
    (r"appears twice", "cette colonne apparaît deux fois"),
    (r"not in the mapping \(map it under columns, or list it under ignore\)",
     "colonne absente de la correspondance (ajoutez-la sous «{Q}columns{Q}», ou sous "
     "«{Q}ignore{Q}» pour l'écarter)"),
    (r"a value under no column name", "une valeur dans une colonne sans titre"),
    (r"unknown label '(?P<label>.*)' \(accepted: (?P<accepted>.*) or an empty cell\)",
     "libellé «{Q}{label}{Q}» inconnu (acceptés{Q}: {accepted}, ou une cellule vide)"),
    (r"unknown channel '(?P<label>.*)' \(accepted: (?P<accepted>.*)\)",
     "canal «{Q}{label}{Q}» inconnu (acceptés{Q}: {accepted})"),
    (r"no channel \(accepted: (?P<accepted>.*)\)",
     "canal non indiqué (acceptés{Q}: {accepted})"),
    (r"unreadable date '(?P<date>.*)' \(expected (?P<formats>.*)\)",
     "date «{Q}{date}{Q}» illisible (attendu{Q}: {formats})"),
    (r"no date \(expected (?P<formats>.*)\)", "date manquante (attendu{Q}: {formats})"),
    (r"(?P<length>\d+) characters, (?P<most>\d+) at most",
     "{length} caractères, {most} au plus"),
    (r"imported before with other answers \(the file, the mapping or the channel changed "
     r"since\)", "déjà importée avec d'autres réponses (le fichier, la correspondance ou le "
     "canal a changé depuis)"),
    # The whole file (load.py, files.py, xlsx.py, limits.py).
    (r"column '(?P<column>.*)' of .* is not in the file \(its header is row (?P<row>\d+)\)",
     "la colonne «{Q}{column}{Q}» de la correspondance n'est pas dans le fichier "
     "(son en-tête est la ligne {row})"),
    (r"campaign '.*' does not take the '(?P<channel>.*)' channel \(its channels: "
     r"(?P<channels>.*)\): (?P<count>\d+) rows use it \(rows (?P<rows>.*)\); add the channel "
     r"to the campaign or set another one with --channel",
     "l'enquête ne prend pas le canal «{Q}{channel}{Q}» (ses canaux{Q}: {channels}){Q}: "
     "{count} lignes l'utilisent (lignes {rows}){Q}; ajoutez ce canal à l'enquête, ou "
     "choisissez un canal pour tout le fichier"),
    (r"no responses to import: the file has a header but no rows under it",
     "aucune réponse à importer{Q}: le fichier a un en-tête mais aucune ligne dessous"),
    (r"the file is empty \(no header row\)", "le fichier est vide (pas de ligne d'en-tête)"),
    (r"cannot read file: (?P<why>.*)", "fichier illisible ({why})"),
    (r"not a readable XLSX file \((?P<why>.*)\)", "classeur .xlsx illisible ({why})"),
    (r"looks like UTF-16 text without its byte-order mark, or is not text: save it again as "
     r"CSV UTF-8", "ce n'est pas du texte lisible (ou de l'UTF-16 sans marque d'ordre des "
     "octets){Q}: enregistrez-le à nouveau en «{Q}CSV UTF-8{Q}»"),
    (r"(?:neither UTF-8 nor Windows-1252 text|starts as UTF-16 text but is not) "
     r"\(byte (?P<byte>\d+)\): save it again as CSV UTF-8",
     "encodage des caractères non reconnu (octet {byte}){Q}: enregistrez-le à nouveau en "
     "«{Q}CSV UTF-8{Q}»"),
    (r"refused: more than (?P<rows>[\d,]+) rows " + SETTINGS + ": split the file",
     "refusé{Q}: plus de {rows} lignes (réglage {setting}){Q}: découpez le fichier"),
    (r"refused: row (?P<row>\d+) has (?P<cells>[\d,]+) cells, more than (?P<most>[\d,]+) "
     + SETTINGS, "refusé{Q}: la ligne {row} a {cells} cellules, plus de {most} "
     "(réglage {setting})"),
    (r"refused: unpacks to (?P<size>[\d,]+) MB, more than (?P<most>\d+) MB " + SETTINGS
     + ": save it as CSV, or split it", "refusé{Q}: décompressé, il fait {size} Mo, plus de "
     "{most} Mo (réglage {setting}){Q}: enregistrez-le en CSV, ou découpez-le"),
    (r"refused: its text cells unpack to (?P<size>[\d,]+) MB, more than (?P<most>\d+) MB.*",
     "refusé{Q}: ses textes décompressés font {size} Mo, plus de {most} Mo"),
    (r"refused: line (?P<row>\d+): (?P<why>.*)", "refusé{Q}: ligne {row}{Q}: {why}"),
    # The mapping file (mapping.py): the usual ones.
    (r"(?P<where>.+): unknown field", "{where}{Q}: champ inconnu"),
    (r"questionnaire: written for '(?P<key>.*)', the campaign uses '(?P<used>.*)'",
     "questionnaire{Q}: écrite pour «{Q}{key}{Q}», l'enquête utilise «{Q}{used}{Q}»"),
    (r"columns: no column for the required item '(?P<item>.*)'",
     "columns{Q}: aucune colonne pour la question obligatoire «{Q}{item}{Q}»"),
    (r"(?P<where>.+): unknown item '(?P<item>.*)'",
     "{where}{Q}: question «{Q}{item}{Q}» inconnue du questionnaire"),
    (r"(?:line (?P<line>\d+), column (?P<col>\d+): )?invalid YAML: (?P<why>.*)",
     "YAML invalide{at}{Q}: {why}"),
    (r"not UTF-8 text \(byte (?P<byte>\d+)\)", "ce n'est pas du texte UTF-8 (octet {byte})"),
    (r"(?P<where>.+): '(?P<code>.*)' is not a value of '(?P<item>.*)' \((?P<values>.*)\)",
     "{where}{Q}: «{Q}{code}{Q}» n'est pas une valeur de «{Q}{item}{Q}» ({values})"),
    (r"(?P<where>.+): unknown label table '(?P<name>.*)' \(declared: (?P<declared>.*)\)",
     "{where}{Q}: table de libellés «{Q}{name}{Q}» inconnue (déclarées{Q}: {declared})"),
]  # fmt: skip
_COMPILED = [(re.compile(pattern + "$", re.S), french) for pattern, french in _PATTERNS]


def _what(text: str) -> str:
    """The problem itself in French, or as it is when no pattern knows it."""
    if text in CODES:
        return CODES[text]
    for pattern, french in _COMPILED:
        match = pattern.match(text)
        if match is None:
            continue
        values = {k: v or "" for k, v in match.groupdict().items()}
        if "accepted" in values:
            values["accepted"] = _accepted(values["accepted"])
        if "formats" in values:
            values["formats"] = _formats(values["formats"])
        for number in ("rows", "cells", "most", "size"):
            if number in values:
                values[number] = values[number].replace(",", Q)
        line = values.get("line")
        values["at"] = f" ligne {line}, colonne {values['col']}" if line else ""
        return french.format(Q=Q, **values)
    return text


@dataclass(frozen=True)
class Problem:
    """One problem as the page lists it: where (a row and column, or a file), then what."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}{Q}: {self.what}" if self.where else self.what


def in_french(message: str, file_name: str, mapping_name: str) -> Problem | int:
    """The message in French, placed in the file or the mapping it names; for the message
    counting the problems not listed, their number."""
    subject, rest = "", message
    if message.startswith(f"{file_name}: "):
        subject, rest = "file", message[len(file_name) + 2 :]
    elif message.startswith(f"{mapping_name}: "):
        subject, rest = "mapping", message[len(mapping_name) + 2 :]
    if untold := UNTOLD.match(rest):
        return int(untold.group("count").replace(",", ""))
    if subject == "mapping":
        return Problem(f"Correspondance «{Q}{mapping_name}{Q}»", _what(rest))
    if where := WHERE.match(rest):
        column = where.group("column")
        named = (
            f"colonne «{Q}{column}{Q}»"
            if column is not None
            else f"colonne {where.group('letter')} (sans titre)"
        )
        return Problem(f"Ligne {where.group('row')}, {named}", _what(where.group("what")))
    if row := ROW.match(rest):
        return Problem(f"Ligne {row.group('row')}", _what(row.group("what")))
    return Problem("Fichier" if subject == "file" else "", _what(rest))
