"""Translation status of a questionnaire document: ok, missing, stale by the French hash."""

import copy

import pytest
import yaml

from questionnaires import bundled_path, from_dict
from questionnaires.translations import (
    DROP,
    FALLBACK,
    MISSING,
    OK,
    STALE,
    apply_choices,
    drop_language,
    fill_with_french,
    french_hash,
    initial_sources,
    mark_written,
    needs_work,
    set_translations,
    text_places,
    translation_status,
)


@pytest.fixture
def document():
    return yaml.safe_load(bundled_path().read_text(encoding="utf-8"))


def item(document, key):
    return next(i for i in document["items"] if i["key"] == key)


def test_every_translatable_text_has_a_stable_path(document):
    paths = [place.path for place in text_places(document)]
    assert paths[:3] == ["title", "introduction", "thanks"]
    assert "pages.vous.title" in paths
    assert "items.profil.label" in paths
    assert "items.profil.options.particulier.label" in paths
    assert len(paths) == len(set(paths))
    assert not any("report" in path or "engagement" in path for path in paths)


def test_a_new_draft_has_every_translation_up_to_date(document):
    status = translation_status(document, initial_sources(document))
    assert set(status) == {"en", "ar", "es", "pt", "ru", "tr", "uk"}
    assert {s for statuses in status.values() for s in statuses.values()} == {OK}
    assert needs_work(document, initial_sources(document)) == {}


def test_rewording_the_french_makes_every_translation_of_that_text_stale(document):
    sources = initial_sources(document)
    item(document, "profil")["label"]["fr"] = "Vous venez en tant que :"
    status = translation_status(document, sources)
    assert status["en"]["items.profil.label"] == STALE
    assert status["ar"]["items.profil.label"] == STALE
    assert status["en"]["title"] == OK
    assert needs_work(document, sources)["en"] == {MISSING: [], STALE: ["items.profil.label"]}


def test_spacing_or_unicode_form_alone_changes_nothing(document):
    sources = initial_sources(document)
    label = item(document, "profil")["label"]
    label["fr"] = f"  {label['fr']}  "
    assert translation_status(document, sources)["en"]["items.profil.label"] == OK
    assert french_hash("é") == french_hash("e\u0301")


def test_a_new_option_is_missing_in_every_other_language(document):
    sources = initial_sources(document)
    item(document, "profil")["options"].append({"value": "elu", "label": {"fr": "Un élu"}})
    work = needs_work(document, sources)
    assert work["en"][MISSING] == ["items.profil.options.elu.label"]
    assert set(work) == {"en", "ar", "es", "pt", "ru", "tr", "uk"}


def test_reordering_items_and_options_keeps_translations_up_to_date(document):
    sources = initial_sources(document)
    document["items"].reverse()
    item(document, "profil")["options"].reverse()
    assert needs_work(document, sources) == {}


def test_writing_a_translation_marks_it_up_to_date(document):
    sources = initial_sources(document)
    item(document, "profil")["label"]["fr"] = "Vous venez en tant que :"
    before = copy.deepcopy(document)
    document2, sources2 = set_translations(
        document, sources, "en", {"items.profil.label": "You come as:"}
    )
    assert document == before  # copies, the input is untouched
    assert item(document2, "profil")["label"]["en"] == "You come as:"
    status = translation_status(document2, sources2)
    assert status["en"]["items.profil.label"] == OK
    assert status["es"]["items.profil.label"] == STALE


def test_saving_a_stale_text_unchanged_keeps_it_stale_unless_confirmed(document):
    sources = initial_sources(document)
    item(document, "motif")["label"]["fr"] = "Pourquoi venez-vous ?"
    texts = {"items.motif.label": item(document, "motif")["label"]["en"]}
    _, kept = set_translations(document, sources, "en", texts)
    assert translation_status(document, kept)["en"]["items.motif.label"] == STALE
    _, confirmed = set_translations(document, sources, "en", texts, {"items.motif.label"})
    assert translation_status(document, confirmed)["en"]["items.motif.label"] == OK


def test_an_emptied_translation_is_missing(document):
    document2, sources2 = set_translations(
        document, initial_sources(document), "en", {"items.profil.label": "  "}
    )
    assert "en" not in item(document2, "profil")["label"]
    assert translation_status(document2, sources2)["en"]["items.profil.label"] == MISSING


def test_a_translation_never_marked_written_is_stale(document):
    assert translation_status(document, {})["en"]["title"] == STALE
    marked = mark_written(document, {}, "en")
    assert translation_status(document, marked)["en"]["title"] == OK
    assert translation_status(document, marked)["es"]["title"] == STALE


def test_french_fallback_completes_the_language_and_stays_missing_next_time(document):
    sources = initial_sources(document)
    item(document, "profil")["label"]["fr"] = "Vous venez en tant que :"
    item(document, "profil")["options"].append({"value": "elu", "label": {"fr": "Un élu"}})
    filled, filled_sources = fill_with_french(document, sources, "en")
    profil = item(filled, "profil")
    assert profil["label"]["en"] == "Vous venez en tant que :"
    assert profil["options"][-1]["label"]["en"] == "Un élu"
    assert profil["options"][0]["label"]["en"] == "A private individual"
    # The next draft made from that version still says those texts need translating.
    again = needs_work(filled, initial_sources(filled))["en"]
    assert set(again[MISSING]) == {"items.profil.label", "items.profil.options.elu.label"}
    assert needs_work(filled, filled_sources)["en"][MISSING] == again[MISSING]


def test_dropping_a_language_removes_it_everywhere(document):
    sources = initial_sources(document)
    dropped, dropped_sources = drop_language(document, sources, "ar")
    assert "ar" not in dropped["languages"]
    assert not any("ar" in place.texts for place in text_places(dropped))
    assert "ar" not in dropped_sources
    with pytest.raises(ValueError):
        drop_language(document, sources, "fr")


def test_fallback_and_drop_both_give_a_questionnaire_the_loader_accepts(document):
    sources = initial_sources(document)
    item(document, "profil")["options"].append({"value": "elu", "label": {"fr": "Un élu"}})
    for lang in ("en", "es", "pt", "ru", "tr", "uk"):
        document, sources = fill_with_french(document, sources, lang)
    document, sources = drop_language(document, sources, "ar")
    questionnaire = from_dict(document, "draft")
    assert questionnaire.languages == ("fr", "en", "es", "pt", "ru", "tr", "uk")
    assert questionnaire.item("profil").option("elu").label["en"] == "Un élu"


def test_declared_scales_are_translated_texts_too(document):
    document["scales"] = {
        "frequence": {"options": [{"value": "souvent", "label": {"fr": "Souvent", "en": "Often"}}]}
    }
    work = needs_work(document, initial_sources(document))
    assert "en" not in work
    assert "scales.frequence.options.souvent.label" in work["es"][MISSING]


def test_publishing_needs_a_choice_for_every_language_with_work_left(document):
    sources = initial_sources(document)
    item(document, "profil")["label"]["fr"] = "Vous venez en tant que :"
    with pytest.raises(ValueError, match="en, ar, es"):
        apply_choices(document, sources, {"tr": FALLBACK})
    choices = {lang: FALLBACK for lang in needs_work(document, sources)} | {"ar": DROP}
    published, _ = apply_choices(document, sources, choices)
    assert "ar" not in published["languages"]
    assert item(published, "profil")["label"]["en"] == "Vous venez en tant que :"
    assert from_dict(published, "draft").languages == ("fr", "en", "es", "pt", "ru", "tr", "uk")


def test_nothing_to_choose_when_every_translation_is_up_to_date(document):
    published, _ = apply_choices(document, initial_sources(document), {})
    assert published == document
