"""What a password must be: long, not common, not the login (NIST SP 800-63B, ANSSI).

Length over composition: no rule about digits or capitals, passphrases with spaces
welcome; a password is refused when it is one of the 20,000 most common ones (bundled,
no network), such a one padded with digits and symbols or repeated, one character or a
keyboard run, or contains the login. Every place a password is set calls check_password_rules.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 256
COMMON_FILE = Path(__file__).parent / "data" / "common-passwords.txt.gz"
CONTEXT_WORDS = ("prefecture", "sousprefecture", "motdepasse", "enquete", "satisfaction")
"""Words of this service an attacker tries first, with or without padding."""
_PADDING = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_RUNS = ("azertyuiop", "qwertyuiop", "abcdefghijklmnopqrstuvwxyz", "0123456789", "9876543210")


MESSAGES = {
    "too_short": (
        f"Le mot de passe doit compter au moins {MIN_LENGTH} caractères "
        "(une phrase de plusieurs mots convient très bien).",
        f"the password must have at least {MIN_LENGTH} characters (a passphrase is fine)",
    ),
    "too_long": (
        f"Le mot de passe doit compter au plus {MAX_LENGTH} caractères.",
        f"the password must have at most {MAX_LENGTH} characters",
    ),
    "common": (
        "Ce mot de passe est trop courant\u00a0: choisissez-en un autre.",
        "this password is too common: choose another one",
    ),
    "repeated": (
        "Ce mot de passe est une simple répétition ou une suite du clavier\u00a0: "
        "choisissez-en un autre.",
        "this password is a repetition or a keyboard run: choose another one",
    ),
    "login": (
        "Le mot de passe ne doit pas contenir l'identifiant.",
        "the password must not contain the login",
    ),
}


class PasswordRejected(ValueError):
    """The password does not follow the rules: `code` says which; str() is the French
    sentence (the workspace), `english` the CLI's."""

    def __init__(self, code: str):
        self.code = code
        self.english = MESSAGES[code][1]
        super().__init__(MESSAGES[code][0])


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def _plain(text: str) -> str:
    """Lowercase, accents and spaces removed: 'Préfecture 2026' and 'prefecture2026' alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and not c.isspace())


def _is_repeated(text: str) -> bool:
    """'aaaaaaaaaaaa', 'azertyazerty', 'abcabcabcabc': a short unit said again and again."""
    return any(
        len(text) % size == 0 and text == text[:size] * (len(text) // size)
        for size in range(1, len(text) // 2 + 1)
    )


def _is_run(text: str) -> bool:
    return any(text in run or text in run[::-1] for run in _RUNS) if len(text) > 3 else False


def check_password_rules(password: str, login: str = "") -> None:
    """Raise PasswordRejected with the reason when `password` may not be used."""
    if len(password) < MIN_LENGTH:
        raise PasswordRejected("too_short")
    if len(password) > MAX_LENGTH:
        raise PasswordRejected("too_long")
    plain = _plain(password)
    core = _PADDING.sub("", plain)
    common = common_passwords()
    if plain in common or core in common or plain in CONTEXT_WORDS or core in CONTEXT_WORDS:
        raise PasswordRejected("common")
    if _is_repeated(plain) or _is_repeated(core) or _is_run(plain) or _is_run(core):
        raise PasswordRejected("repeated")
    name = _plain(login).split("@")[0]
    if len(name) >= 3 and name in plain:
        raise PasswordRejected("login")
