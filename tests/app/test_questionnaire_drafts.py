"""Questionnaire drafts (survey_app/core/questionnaire_drafts.py): stored apart, checked by
the loader, published as a frozen version through the content hash."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy import func, select

from questionnaires import bundled_path, load_questionnaire
from questionnaires.translations import french_hash
from survey_app.core.campaigns import freeze_version
from survey_app.core.db import db
from survey_app.core.models import QuestionnaireDraft, QuestionnaireVersion
from survey_app.core.questionnaire_drafts import (
    DraftError,
    create_draft,
    draft_problems,
    publish_draft,
    save_draft,
)


def bundled_document() -> dict:
    return yaml.safe_load(bundled_path().read_text(encoding="utf-8"))


def test_a_draft_from_a_version_counts_every_translation_as_up_to_date(app_ctx):
    version = freeze_version(db.session, load_questionnaire(bundled_path()))
    draft = create_draft(db.session, key=version.key, content=version.content, based_on=version)
    db.session.commit()
    stored = db.session.get(QuestionnaireDraft, draft.id)
    assert stored.based_on_id == version.id
    assert stored.label == "Votre avis sur l'accueil à la préfecture"
    label = stored.content["items"][0]["label"]
    assert stored.translation_sources["en"]["items.profil.label"] == french_hash(label["fr"])
    assert set(stored.translation_sources) == {"en", "ar", "es", "pt", "ru", "tr", "uk"}


def test_publishing_an_unchanged_draft_gives_back_its_version(app_ctx):
    version = freeze_version(db.session, load_questionnaire(bundled_path()))
    draft = create_draft(db.session, key=version.key, content=version.content, based_on=version)
    assert publish_draft(db.session, draft).id == version.id
    assert db.session.scalar(select(func.count()).select_from(QuestionnaireDraft)) == 0


def test_publishing_a_reworded_draft_freezes_a_new_version(app_ctx):
    first = freeze_version(db.session, load_questionnaire(bundled_path()))
    draft = create_draft(db.session, key=first.key, content=bundled_document())
    content = draft.content
    content["items"][0]["label"]["fr"] = "Vous venez en tant que :"
    save_draft(db.session, draft, content)
    db.session.commit()
    version = publish_draft(db.session, draft)
    db.session.commit()
    assert version.version == first.version + 1
    assert version.content["items"][0]["label"]["fr"] == "Vous venez en tant que :"
    assert db.session.scalar(select(func.count()).select_from(QuestionnaireVersion)) == 2


def test_a_draft_with_a_problem_is_not_published(app_ctx):
    content = bundled_document()
    content["items"][1]["key"] = "profil"
    draft = create_draft(db.session, key="qualepref-accueil", content=content)
    assert draft_problems(draft.content) == [
        ("items[1].key", "la clé «\u00a0profil\u00a0» est déjà celle d'une autre question")
    ]
    with pytest.raises(DraftError):
        publish_draft(db.session, draft)
    assert db.session.scalar(select(func.count()).select_from(QuestionnaireVersion)) == 0
