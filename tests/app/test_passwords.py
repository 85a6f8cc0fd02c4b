"""Password rules (NIST SP 800-63B, ANSSI): length over composition, no common password."""

from __future__ import annotations

import pytest

from survey_app.accounts.passwords import PasswordRejected, check_password_rules, common_passwords


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",  # a passphrase: lowercase letters and spaces are enough
        "un chat dans la pluie",
        "Zq7#long-and-odd",
        "é" * 6 + "ñ çà ü ô",
    ],
)
def test_long_uncommon_passwords_are_accepted_whatever_their_composition(password):
    check_password_rules(password, "marie.dupont")


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("court", "too_short"),
        ("x" * 11, "too_short"),
        ("y" * 257, "too_long"),
        ("password1234", "common"),  # in the bundled list of common passwords
        ("qwerty123456", "common"),
        ("Motdepasse2026!", "common"),  # a word of the service, padded with digits
        ("Préfecture 2026", "common"),
        ("aaaaaaaaaaaa", "repeated"),
        ("azertyazerty", "repeated"),
        ("abcdefghijklm", "repeated"),
        ("marie.dupont-2026", "login"),
    ],
)
def test_short_common_or_guessable_passwords_are_refused_with_the_reason(password, code):
    with pytest.raises(PasswordRejected) as refused:
        check_password_rules(password, "marie.dupont@interieur.gouv.fr")
    assert refused.value.code == code
    assert str(refused.value)[0].isupper() and refused.value.english  # French and English


def test_the_bundled_list_is_read_without_network():
    common = common_passwords()
    assert len(common) > 19_000 and "123456" in common and "azerty" in common
