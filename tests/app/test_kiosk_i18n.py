"""The kiosk's languages: its own texts and the bundled questionnaire, complete in each.

Adding a language is a translation job only: these tests name the missing string.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import pytest

from questionnaires import bundled_path, load_questionnaire

I18N = Path(str(files("kiosk"))) / "i18n"
LANGUAGES = sorted(p.stem for p in I18N.glob("*.json"))
FRENCH = json.loads((I18N / "fr.json").read_text(encoding="utf-8"))
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def texts_of(node, path="questionnaire"):
    """Every translated text of a questionnaire source: (path, {lang: string})."""
    if isinstance(node, dict):
        if "fr" in node and all(isinstance(v, str) for v in node.values()):
            yield path, node
            return
        for key, value in node.items():
            yield from texts_of(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts_of(value, f"{path}[{index}]")


def test_the_kiosk_offers_at_least_six_languages_including_french_english_arabic():
    assert {"fr", "en", "ar"} <= set(LANGUAGES)
    assert len(LANGUAGES) >= 6


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kiosk_text_is_translated_with_the_same_placeholders(lang):
    texts = json.loads((I18N / f"{lang}.json").read_text(encoding="utf-8"))
    missing = sorted(set(FRENCH) - set(texts))
    assert not missing, f"kiosk/i18n/{lang}.json lacks {', '.join(missing)}"
    assert not sorted(set(texts) - set(FRENCH)), f"kiosk/i18n/{lang}.json has keys fr.json lacks"
    for key, french in FRENCH.items():
        value = texts[key]
        assert isinstance(value, str) and value.strip(), f"kiosk/i18n/{lang}.json: '{key}' is empty"
        assert set(PLACEHOLDER.findall(value)) == set(PLACEHOLDER.findall(french)), (
            f"kiosk/i18n/{lang}.json: '{key}' must use the placeholders of fr.json"
        )
    assert texts["dir"] in ("ltr", "rtl")
    assert texts["language_name"] != FRENCH["language_name"] or lang == "fr"


def test_arabic_is_laid_out_right_to_left():
    assert json.loads((I18N / "ar.json").read_text(encoding="utf-8"))["dir"] == "rtl"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kiosk_language_is_complete_in_the_bundled_questionnaire(lang):
    questionnaire = load_questionnaire(bundled_path())
    assert lang in questionnaire.languages, f"{bundled_path().name} does not offer '{lang}'"
    gaps = [path for path, text in texts_of(questionnaire.source) if not text.get(lang, "").strip()]
    assert not gaps, f"no '{lang}' text at {', '.join(gaps)}"


def test_every_pictogram_of_the_bundled_questionnaire_has_its_image():
    source = load_questionnaire(bundled_path()).source
    names = set(re.findall(r"'pictogram': '([^']+)'", repr(source)))
    assert names, "the bundled questionnaire names no pictogram"
    pictograms = Path(str(files("kiosk"))) / "pictograms"
    assert not sorted(n for n in names if not (pictograms / f"{n}.svg").is_file())
