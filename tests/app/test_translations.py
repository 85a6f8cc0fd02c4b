"""Interface catalogues: every language complete, placeholders kept, compiled files current."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from survey_app.web.i18n import UI_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "survey_app" / "translations"
OTHERS = [lang for lang in UI_LANGUAGES if lang != "fr"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def forms(value) -> list[str]:
    """A message's singular/plural forms (a plain message has one)."""
    return list(value) if isinstance(value, (list, tuple)) else [value]


def key(message_id) -> str:
    return forms(message_id)[0]


def catalog(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def test_template_lists_every_string_the_code_uses(tmp_path):
    """Fails when a template or view gains a string that `make translations` did not extract."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            Path(sys.executable).with_name("pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            fresh,
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(fresh, "rb") as new, open(TRANSLATIONS / "messages.pot", "rb") as old:
        assert {key(m.id) for m in read_po(new) if m.id} == {
            key(m.id) for m in read_po(old) if m.id
        }


@pytest.mark.parametrize("lang", OTHERS)
def test_catalogue_translates_every_string_with_the_same_placeholders(lang):
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        expected = {key(m.id) for m in read_po(handle) if m.id}
    messages = {key(m.id): m for m in catalog(lang) if m.id}
    assert set(messages) == expected
    for msgid, message in messages.items():
        assert all(forms(message.string)), f"{lang}: untranslated {msgid!r}"
        assert not message.fuzzy, f"{lang}: fuzzy {msgid!r}"
        wanted = sorted(PLACEHOLDER.findall(forms(message.id)[-1]))
        for form in forms(message.string):
            assert sorted(PLACEHOLDER.findall(form)) == wanted, f"{lang}: placeholders {msgid!r}"


@pytest.mark.parametrize("lang", OTHERS)
def test_compiled_catalogue_matches_its_source(lang):
    """The committed .mo is what `make translations` compiles from the .po."""
    mo = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo"
    buffer = io.BytesIO()
    write_mo(buffer, catalog(lang))
    buffer.seek(0)
    with open(mo, "rb") as handle:
        committed = {key(m.id): forms(m.string) for m in read_mo(handle) if m.id}
    assert committed == {key(m.id): forms(m.string) for m in read_mo(buffer) if m.id}


@pytest.mark.parametrize(
    "lang,button,error",
    [
        ("fr", "Envoyer mes réponses", "Merci de répondre à cette question."),
        ("en", "Submit my answers", None),
        ("ar", "إرسال إجاباتي", None),
    ],
)
def test_form_speaks_the_chosen_language_including_its_errors(
    client, campaign, lang, button, error
):
    page = client.get(f"/s/{campaign.slug}?lang={lang}").get_data(as_text=True)
    assert button in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    response_id = re.search(r'name="response_id" type="hidden" value="([^"]+)"', page)
    assert token and response_id
    invalid = client.post(
        f"/s/{campaign.slug}",
        data={"csrf_token": token[1], "response_id": response_id[1], "lang": lang},
    )
    assert invalid.status_code == 422
    expected = error or catalog_entry(lang, "Merci de répondre à cette question.")
    assert expected in invalid.get_data(as_text=True)


def catalog_entry(lang: str, msgid: str) -> str:
    return next(m.string for m in catalog(lang) if m.id == msgid)
