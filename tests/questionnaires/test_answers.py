"""clean_answers: the rules every channel's answers must follow."""

from __future__ import annotations

from questionnaires import clean_answers, parse_questionnaire

from .test_loader import VALID

Q = parse_questionnaire(VALID, "x.yaml")


def codes(answers):
    return {(e.item, e.code) for e in clean_answers(Q, answers)[1]}


def test_valid_answers_pass_and_are_returned():
    cleaned, errors = clean_answers(Q, {"profil": "pro", "accueil": "satisfait"})
    assert errors == []
    assert cleaned == {"profil": "pro", "accueil": "satisfait"}


def test_unknown_item_is_refused():
    assert ("nope", "unknown_item") in codes({"profil": "pro", "nope": "x"})


def test_value_outside_the_options_is_refused():
    assert codes({"profil": "pro", "accueil": "ravi"}) == {("accueil", "invalid_option")}


def test_required_item_must_be_answered():
    assert codes({"accueil": "satisfait"}) == {("profil", "required")}
    assert codes({"profil": "  "}) == {("profil", "required")}


def test_answer_to_an_item_hidden_by_show_if_is_refused():
    assert codes({"profil": "pro", "appel": "non", "telephone": "satisfait"}) == {
        ("telephone", "hidden"),
    }
    assert codes({"profil": "pro", "telephone": "satisfait"}) == {("telephone", "hidden")}
    assert codes({"profil": "pro", "appel": "oui", "telephone": "satisfait"}) == set()


def test_free_text_is_nfc_normalised_and_trimmed():
    decomposed = "  Cafe\u0301 "
    cleaned, errors = clean_answers(Q, {"profil": "pro", "commentaire": decomposed})
    assert errors == []
    assert cleaned["commentaire"] == "Caf\u00e9"


def test_free_text_with_a_nul_byte_is_refused():
    assert codes({"profil": "pro", "commentaire": "a\x00b"}) == {("commentaire", "nul_byte")}


def test_free_text_over_the_cap_is_refused():
    assert codes({"profil": "pro", "commentaire": "x" * 50}) == set()
    assert codes({"profil": "pro", "commentaire": "x" * 51}) == {("commentaire", "too_long")}


def test_non_string_value_is_refused():
    assert codes({"profil": ["pro"]}) == {("profil", "not_text")}


def test_bidi_overrides_and_control_characters_are_removed_from_free_text():
    spoofed = "Appelez le \u202e0987654321\u202c svp\x07"
    cleaned, errors = clean_answers(Q, {"profil": "pro", "commentaire": spoofed})
    assert errors == []
    assert cleaned["commentaire"] == "Appelez le 0987654321 svp"


def test_newlines_are_kept_and_normalised_and_rtl_marks_stay():
    text = "ligne 1\r\nligne 2\rligne\u200f 3"
    cleaned, _ = clean_answers(Q, {"profil": "pro", "commentaire": text})
    assert cleaned["commentaire"] == "ligne 1\nligne 2\nligne\u200f 3"


def test_text_made_only_of_invisible_characters_counts_as_not_answered():
    cleaned, errors = clean_answers(Q, {"profil": "pro", "commentaire": "\u202e\x07 \u202c"})
    assert errors == []
    assert "commentaire" not in cleaned
