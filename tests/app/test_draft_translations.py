"""The translations page of a draft, stale marking, publishing choices and the previews
(survey_app/web/admin/draft_{translations,publish,preview}.py)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from questionnaires.translations import STALE, translation_status
from survey_app.core.db import db
from survey_app.core.models import Campaign, QuestionnaireDraft, QuestionnaireVersion, Response
from survey_app.core.questionnaire_drafts import create_draft, save_draft
from survey_app.web.inline import inline_file
from tests.app.admin_helpers import post

ROW = r'<tr class="translation-row translation-row--{}">.*?</tr>'
PROFIL_FR = "Vous venez en tant que\u00a0:"


def make_draft(app, reword: bool = True, new_option: bool = True) -> int:
    """A draft of campaign alpha's version, its first question reworded, an option added."""
    with app.app_context():
        version = db.session.scalars(select(Campaign).filter_by(slug="alpha")).one()
        version = version.questionnaire_version
        draft = create_draft(db.session, key=version.key, content=version.content, based_on=version)
        content = draft.content
        profil = content["items"][0]
        if reword:
            profil["label"]["fr"] = PROFIL_FR
        if new_option:
            profil["options"].append({"value": "elu", "label": {"fr": "Un élu"}})
        save_draft(db.session, draft, content)
        db.session.commit()
        return draft.id


def publish(app, client, draft_id: int, data: dict):
    """POST the publishing form as confirmed, with the draft's current revision."""
    url = f"/admin/questionnaires/drafts/{draft_id}/publish"
    revision = re.search(r'name="revision" value="([^"]+)"', client.get(url).get_data(as_text=True))
    return post(client, url, {"confirm": "1", "revision": revision.group(1), **data}, url)


def stored(app, draft_id: int) -> QuestionnaireDraft:
    with app.app_context():
        draft = db.session.get(QuestionnaireDraft, draft_id)
        db.session.expunge(draft)
        return draft


def test_the_translations_page_marks_stale_and_missing_texts_in_words(app, officer):
    draft_id = make_draft(app)
    page = officer.get(f"/admin/questionnaires/drafts/{draft_id}/translations?langue=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "1 à traduire" in html and "1 à revoir" in html  # the summary, for every language
    row = re.search(ROW.format("stale"), html, re.S)
    assert "À revoir : le français a changé" in row.group(0)
    assert PROFIL_FR in row.group(0) and "You are:" in row.group(0)
    assert "La traduction reste juste" in row.group(0)
    missing = re.search(ROW.format("missing"), html, re.S)
    assert "À traduire" in missing.group(0) and "Un élu" in missing.group(0)


def test_the_filter_shows_only_what_needs_work(app, officer):
    draft_id = make_draft(app)
    url = f"/admin/questionnaires/drafts/{draft_id}/translations?langue=en&a_revoir=1"
    html = officer.get(url).get_data(as_text=True)
    assert html.count('class="translation-row ') == 2
    assert "Your feedback on reception" not in html  # the title is up to date: hidden


def test_an_arabic_column_is_right_to_left(app, officer):
    draft_id = make_draft(app)
    html = officer.get(f"/admin/questionnaires/drafts/{draft_id}/translations?langue=ar").get_data(
        as_text=True
    )
    assert re.search(r'<textarea[^>]*lang="ar" dir="rtl"', html)
    assert '<td lang="fr" dir="ltr">' in html


def test_saving_a_language_marks_its_written_texts_up_to_date(app, officer):
    draft_id = make_draft(app)
    url = f"/admin/questionnaires/drafts/{draft_id}/translations"
    reply = post(
        officer,
        url,
        {
            "langue": "en",
            "t-items.profil.label": "You come as:",
            "t-items.profil.options.elu.label": "An elected official",
        },
        token_from=f"{url}?langue=en",
    )
    assert reply.status_code == 303
    draft = stored(app, draft_id)
    status = translation_status(draft.content, draft.translation_sources)
    assert set(status["en"].values()) == {"ok"}
    assert status["es"]["items.profil.label"] == STALE  # other languages untouched
    assert draft.content["items"][0]["options"][-1]["label"]["en"] == "An elected official"
    assert draft.content["items"][0]["label"]["fr"] == PROFIL_FR  # the French is kept


def test_confirming_a_stale_translation_keeps_its_text_and_marks_it_up_to_date(app, officer):
    draft_id = make_draft(app, new_option=False)
    url = f"/admin/questionnaires/drafts/{draft_id}/translations"
    data = {"langue": "en", "t-items.profil.label": "You are:", "ok-items.profil.label": "1"}
    post(officer, url, data, token_from=f"{url}?langue=en")
    draft = stored(app, draft_id)
    assert translation_status(draft.content, draft.translation_sources)["en"] == {
        path: "ok" for path in translation_status(draft.content, draft.translation_sources)["en"]
    }


def test_editing_the_french_again_makes_the_saved_translation_stale(app, officer):
    draft_id = make_draft(app, new_option=False)
    url = f"/admin/questionnaires/drafts/{draft_id}/translations"
    post(officer, url, {"langue": "en", "t-items.profil.label": "You come as:"}, f"{url}?langue=en")
    with app.app_context():
        draft = db.session.get(QuestionnaireDraft, draft_id)
        content = draft.content
        content["items"][0]["label"]["fr"] = "Vous êtes venu comme\u00a0:"
        save_draft(db.session, draft, content)
        db.session.commit()
    draft = stored(app, draft_id)
    assert (
        translation_status(draft.content, draft.translation_sources)["en"]["items.profil.label"]
        == STALE
    )


def test_publishing_with_work_left_asks_a_choice_per_language_and_publishes_nothing(app, officer):
    draft_id = make_draft(app)
    url = f"/admin/questionnaires/drafts/{draft_id}/publish"
    page = officer.get(url).get_data(as_text=True)
    assert "Utiliser le français pour ces éléments" in page and "Retirer cette langue" in page
    assert "1 texte à traduire, 1 texte à revoir" in page
    assert "checked" not in page  # no choice made for the officer
    with app.app_context():
        versions = db.session.scalar(select(func.count()).select_from(QuestionnaireVersion))
    reply = publish(app, officer, draft_id, {"choix-en": "fr"})
    html = reply.get_data(as_text=True)
    assert reply.status_code == 422
    assert "Arabe — choix obligatoire" in html and "Anglais — choix obligatoire" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuestionnaireVersion)) == versions
        assert db.session.get(QuestionnaireDraft, draft_id) is not None


def test_publishing_with_french_fallback_and_a_withdrawn_language(app, officer):
    draft_id = make_draft(app)
    choices = {f"choix-{lang}": "fr" for lang in ("en", "es", "pt", "ru", "tr", "uk")}
    reply = publish(app, officer, draft_id, {**choices, "choix-ar": "drop"})
    assert reply.status_code == 303
    with app.app_context():
        version = db.session.scalars(
            select(QuestionnaireVersion).order_by(QuestionnaireVersion.id.desc())
        ).first()
        profil = version.content["items"][0]
        assert version.content["languages"] == ["fr", "en", "es", "pt", "ru", "tr", "uk"]
        assert profil["label"] == {lang: PROFIL_FR for lang in version.content["languages"]}
        assert profil["options"][-1]["label"]["en"] == "Un élu"
        assert profil["options"][0]["label"]["en"] == "A private individual"
        assert db.session.get(QuestionnaireDraft, draft_id) is None
    assert "Langue retirée de cette version : arabe" in officer.get(reply.location).get_data(
        as_text=True
    )


def test_a_draft_with_everything_translated_publishes_without_a_choice(app, officer):
    draft_id = make_draft(app, reword=False, new_option=False)
    url = f"/admin/questionnaires/drafts/{draft_id}/publish"
    assert "Toutes les traductions sont à jour" in officer.get(url).get_data(as_text=True)
    assert publish(app, officer, draft_id, {}).status_code == 303


def test_the_phone_preview_renders_the_form_and_records_nothing(app, officer):
    draft_id = make_draft(app)
    url = f"/admin/questionnaires/drafts/{draft_id}/preview/phone?lang=en"
    page = officer.get(url)
    html = page.get_data(as_text=True)
    assert "Aperçu — aucune réponse n’est enregistrée" in html
    # English shows the French until translated, marked as French for screen readers
    assert f'<span lang="fr" dir="ltr">{PROFIL_FR}</span>' in html
    assert '<span lang="fr" dir="ltr">Un élu</span>' in html
    assert '<span lang="fr" dir="ltr">A private individual' not in html
    assert "Un élu" in html and '<html lang="en"' in html
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"
    # Framed by the preview page, and styled: the form's inlined CSS and script are allowed
    # by their hashes, as on the public form.
    policy = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    with app.test_request_context():
        assert inline_file("survey.css").source in policy
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Response))
    reply = post(officer, url, {"profil": "elu", "lang": "en"}, token_from=url)
    assert reply.status_code == 200
    assert "dans l’aperçu, elles ne sont pas enregistrées" in reply.get_data(as_text=True)
    refused = post(officer, url, {"profil": "inconnu", "lang": "en"}, token_from=url)
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == before


def test_the_tablet_preview_is_the_kiosk_fed_with_the_draft(app, officer):
    draft_id = make_draft(app)
    page = officer.get(f"/admin/questionnaires/drafts/{draft_id}/preview/tablet")
    html = page.get_data(as_text=True)
    assert '<base href="/kiosk/">' in html and 'src="kiosk.js?v=' in html
    data = re.search(r'<script type="application/json" id="kiosk-preview">(.*?)</script>', html)
    assert '"value": "elu"' in data.group(1) and PROFIL_FR in data.group(1)
    assert "Aperçu — aucune réponse n’est enregistrée" in html


def test_the_preview_page_shows_both_frames_or_the_draft_errors(app, officer):
    draft_id = make_draft(app)
    html = officer.get(f"/admin/questionnaires/drafts/{draft_id}/preview?lang=ar")
    html = html.get_data(as_text=True)
    assert f"/drafts/{draft_id}/preview/phone?lang=ar" in html
    assert f"/drafts/{draft_id}/preview/tablet" in html
    with app.app_context():
        draft = db.session.get(QuestionnaireDraft, draft_id)
        content = draft.content
        content["items"][1]["key"] = "profil"  # duplicate key
        save_draft(db.session, draft, content)
        db.session.commit()
    html = officer.get(f"/admin/questionnaires/drafts/{draft_id}/preview").get_data(as_text=True)
    assert "Le brouillon contient des erreurs" in html
    tablet = officer.get(f"/admin/questionnaires/drafts/{draft_id}/preview/tablet")
    assert tablet.status_code == 422


def test_readers_cannot_see_drafts(app, world):
    draft_id = make_draft(app)
    from tests.app.admin_helpers import login

    client = app.test_client()
    login(client, "reader_a")
    for page in ("translations", "publish", "preview", "preview/phone", "preview/tablet"):
        assert client.get(f"/admin/questionnaires/drafts/{draft_id}/{page}").status_code == 403
