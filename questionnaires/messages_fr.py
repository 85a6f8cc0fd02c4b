"""The loader's problems in French, for the browser editor (the CLI keeps them in English).

Each loader message is matched by one pattern here; a message without a pattern is
shown as it is rather than lost (tests/questionnaires/test_messages_fr.py lists them).
"""

from __future__ import annotations

import re

Q = "\u00a0"  # no-break space before « : ; ? ! » and inside « »
KINDS = {
    "a mapping": "une liste de champs",
    "a list": "une liste",
    "a string": "un texte",
    "a boolean": "oui/non",
    "nothing": "rien",
    "int": "un nombre",
    "float": "un nombre",
}
ROLES = {"overall": "la satisfaction globale", "reason": "le motif de la visite"}
_PATTERNS: list[tuple[str, str]] = [
    (r"expected a mapping, got (?P<kind>.+)", "champs attendus, trouvé {kind}"),
    (r"missing required field '(?P<field>.+)'", "champ obligatoire manquant{Q}: «{Q}{field}{Q}»"),
    (r"unknown field", "champ inconnu"),
    (r"expected a text with one entry per language, got (?P<kind>.+)",
     "un texte par langue attendu, trouvé {kind}"),
    (r"language '(?P<lang>.+)' is not in languages",
     "la langue «{Q}{lang}{Q}» n'est pas parmi les langues proposées"),
    (r"expected a non-empty string", "texte vide"),
    (r"missing French text \(fr\)", "texte français manquant"),
    (r"incomplete translation: missing (?P<langs>.+)", "traduction manquante{Q}: {langs}"),
    (r"expected true or false, got (?P<kind>.+)", "oui ou non attendu, trouvé {kind}"),
    (r"expected a non-empty French string", "texte français vide"),
    (r"unknown format (?P<value>.+): expected (?P<format>\d+) or none",
     "format {value} inconnu{Q}: {format} attendu"),
    (r"invalid key (?P<value>.+): use lowercase letters, digits and '-'",
     "clé {value} invalide{Q}: lettres minuscules, chiffres et «{Q}-{Q}»"),
    (r"expected an engagement number from 1 to 99", "numéro d'engagement de 1 à 99 attendu"),
    (r"engagement (?P<number>\d+) is not named under 'engagements'",
     "l'engagement {number} n'a pas de libellé dans la liste des engagements"),
    (r"expected a non-empty list of language codes", "au moins une langue attendue"),
    (r"invalid language code (?P<value>.+)", "code de langue {value} invalide"),
    (r"duplicate language '(?P<lang>.+)'", "langue «{Q}{lang}{Q}» en double"),
    (r"French \(fr\) must be offered", "le français (fr) doit être proposé"),
    (r"French \(fr\) must come first", "le français (fr) doit venir en premier"),
    (r"expected a non-empty list of options", "au moins une option attendue"),
    (r"invalid value (?P<value>.+): use a-z, 0-9 and '_'",
     "valeur {value} invalide{Q}: lettres minuscules sans accent, chiffres et «{Q}_{Q}»"),
    (r"duplicate value '(?P<value>.+)'",
     "la valeur «{Q}{value}{Q}» est déjà utilisée par une autre option"),
    (r"an option is either satisfied or no opinion, not both",
     "une option est «{Q}satisfait{Q}» ou «{Q}sans avis{Q}», pas les deux"),
    (r"expected a non-empty list of pages", "au moins une page attendue"),
    (r"invalid page key (?P<value>.+)",
     "clé de page {value} invalide{Q}: lettres minuscules sans accent, chiffres et «{Q}_{Q}»"),
    (r"duplicate page key '(?P<key>.+)'", "la clé de page «{Q}{key}{Q}» est déjà utilisée"),
    (r"expected a non-empty list of items", "au moins une question attendue"),
    (r"invalid key (?P<value>.+): use a-z, 0-9 and '_', starting with a letter",
     "clé {value} invalide{Q}: une lettre minuscule puis lettres, chiffres et «{Q}_{Q}»"),
    (r"duplicate key '(?P<key>.+)'",
     "la clé «{Q}{key}{Q}» est déjà celle d'une autre question"),
    (r"unknown type (?P<value>.+): expected one of .+", "type {value} inconnu"),
    (r"unknown page (?P<value>.+)", "page {value} inconnue"),
    (r"unknown scale (?P<value>.+)", "échelle {value} inconnue"),
    (r"expected a whole number from 1 to (?P<max>\d+)", "nombre entier de 1 à {max} attendu"),
    (r"a free-text item cannot be the reason for the visit",
     "une question à réponse libre ne peut pas être le motif de la visite"),
    (r"'(?P<key>.+)' comes later: show_if must point to an earlier item",
     "«{Q}{key}{Q}» vient plus loin{Q}: la condition doit porter sur une question précédente"),
    (r"'(?P<key>.+)' is not an item of this questionnaire: show_if must point to an earlier item",
     "«{Q}{key}{Q}» n'est pas une question de ce questionnaire"),
    (r"expected exactly one of 'equals' or 'in'",
     "une seule des formes «{Q}equals{Q}» ou «{Q}in{Q}»"),
    (r"expected a non-empty list of values", "au moins une valeur attendue"),
    (r"'(?P<key>.+)' is a free-text item: show_if needs a choice",
     "«{Q}{key}{Q}» est une question à réponse libre{Q}: la condition doit porter sur un choix"),
    (r"'(?P<value>.+)' is not an option of '(?P<key>.+)'",
     "«{Q}{value}{Q}» n'est pas une option de «{Q}{key}{Q}»"),
    (r"'(?P<key>.+)' is not a choice item of this questionnaire",
     "«{Q}{key}{Q}» n'est pas une question à choix de ce questionnaire"),
    (r"only one item may be '(?P<role>.+)', found (?P<keys>.+)",
     "une seule question peut être {role}{Q}; ici{Q}: {keys}"),
    (r"a required item cannot have show_if: it may be hidden",
     "une question obligatoire ne peut pas être masquée par une condition d'affichage"),
    (r"line (?P<line>\d+), column (?P<column>\d+): invalid YAML: (?P<yaml>.+)",
     "ligne {line}, colonne {column}{Q}: YAML invalide{Q}: {yaml}"),
    (r"invalid YAML: (?P<yaml>.+)", "YAML invalide{Q}: {yaml}"),
    (r"not UTF-8 text \(byte (?P<byte>\d+)\)",
     "le fichier n'est pas en UTF-8 (octet {byte}){Q}; enregistrez-le en UTF-8"),
]  # fmt: skip
_COMPILED = [(re.compile(f"^{pattern}$", re.DOTALL), french) for pattern, french in _PATTERNS]


COLON = "«{Q}:{Q}» inattendu (un texte qui contient «{Q}:{Q}» se met entre guillemets)"
YAML_PROBLEMS = {
    "did not find expected node content": "valeur attendue introuvable",
    "mapping values are not allowed": COLON,
    "found character": "caractère interdit ici (une tabulation{Q}? indentez avec des espaces)",
    "could not find expected ':'": "«{Q}:{Q}» manquant après un nom de champ",
    "found unexpected end of stream": "guillemet jamais fermé",
    "did not find expected ',' or ']'": "crochet «{Q}]{Q}» jamais fermé ou virgule manquante",
    "expected ',' or ']'": "crochet «{Q}]{Q}» jamais fermé ou virgule manquante",
    "did not find expected ',' or '}'": "accolade «{Q}}}{Q}» jamais fermée ou virgule manquante",
    "expected ',' or '}'": "accolade «{Q}}}{Q}» jamais fermée ou virgule manquante",
    "did not find expected key": "indentation incohérente",
    "expected <block end>": "indentation incohérente",
    "did not find expected '-' indicator": "indentation incohérente dans une liste",
    "found undefined alias": "alias YAML sans ancre",
    "but found another document": "un seul document par fichier (retirez «{Q}---{Q}»)",
}
"""PyYAML's (and libyaml's) usual problems, by how they start; another one is shown in
PyYAML's words, in parentheses."""


def yaml_problem(problem: str) -> str:
    """PyYAML's description of a syntax problem, in French when it is a usual one."""
    for start, french in YAML_PROBLEMS.items():
        if problem.startswith(start):
            return french.format(Q=Q)
    return f"({problem})"


def in_french(message: str) -> str:
    """The French wording of one loader message (without its file and path)."""
    for pattern, french in _COMPILED:
        match = pattern.fullmatch(message)
        if match:
            fields = {k: KINDS.get(v, v) for k, v in match.groupdict().items()}
            if "yaml" in fields:
                fields["yaml"] = yaml_problem(fields["yaml"])
            if "role" in fields:
                fields["role"] = ROLES.get(fields["role"], fields["role"])
            return french.format(Q=Q, **fields)
    return message


def is_translated(message: str) -> bool:
    """Whether a pattern above covers this loader message."""
    return any(pattern.fullmatch(message) for pattern, _ in _COMPILED)
