"""The questionnaire workspace: versions and drafts listed, problems next to their field,
publishing a version that new campaigns use while old campaigns keep theirs."""

from __future__ import annotations

import copy

from sqlalchemy import func, select

from questionnaires.translations import mark_written
from survey_app.core.db import db
from survey_app.core.models import (
    AuditEvent,
    Campaign,
    QuestionnaireDraft,
    QuestionnaireVersion,
)
from survey_app.core.questionnaire_drafts import save_draft
from tests.app.admin_helpers import post, record
from tests.app.draft_helpers import field_errors, post_form, stored_draft

NBSP = "\u00a0"


def _draft_url(world, suffix=""):
    return f"/admin/questionnaires/drafts/{world['draft_id']}{suffix}"


def _count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_workspace_lists_versions_their_campaigns_on_the_users_sites_and_drafts(
    app, world, editor
):
    page = editor.get("/admin/questionnaires").get_data(as_text=True)
    assert "Votre avis sur l&#39;accueil à la préfecture" in page
    assert "Version 1" in page and "fichier fourni" in page
    assert "Campagne Alpha" in page and "Campagne Beta" not in page  # site B's
    assert _draft_url(world) in page
    assert "/admin/questionnaires/versions/1.yaml" in page


def test_a_new_draft_from_a_version_or_the_file_changes_nothing_visitors_see(app, world, editor):
    reply = post(editor, "/admin/questionnaires/drafts", {"source": "version:1"})
    assert reply.status_code == 303
    draft_url = reply.headers["Location"]
    assert post(editor, "/admin/questionnaires/drafts", {"source": "file:qualepref-accueil"}
                ).status_code == 303  # fmt: skip
    assert post(editor, "/admin/questionnaires/drafts", {"source": "file:nope"}
                ).status_code == 400  # fmt: skip
    assert _count(QuestionnaireDraft) == 3
    assert post_form(editor, f"{draft_url}/items/0", label="Vous venez en tant que :"
                     ).status_code == 303  # fmt: skip
    assert "Vous venez en tant que" in editor.get(draft_url).get_data(as_text=True)
    public = app.test_client().get("/s/alpha").get_data(as_text=True)
    assert "Vous êtes" in public and "Vous venez en tant que" not in public
    assert _count(QuestionnaireVersion) == 1


def test_each_schema_problem_is_shown_next_to_its_field_in_french(app, world, editor):
    items = _draft_url(world, "/items")
    post_form(editor, f"{items}/1", key="profil")  # duplicate item key
    post_form(editor, f"{items}/3", show_if_item="inconnue")  # show_if on an unknown item
    post_form(editor, f"{items}/0", opt_value=["particulier", "particulier", "association"])
    post_form(editor, f"{items}/11", required="1")  # required, but hidden unless «oui»
    expected = {
        (1, "f-items-1-key"): f"La clé «{NBSP}profil{NBSP}» est déjà celle d'une autre question",
        (
            3,
            "f-items-3-show-if",
        ): f"«{NBSP}inconnue{NBSP}» n'est pas une question de ce questionnaire",
        (0, "f-items-0-options-1-value"): f"La valeur «{NBSP}particulier{NBSP}» est déjà utilisée",
        (11, "f-items-11-required"): "Une question obligatoire ne peut pas être masquée par une "
        "condition d'affichage",
    }
    for (index, field), message in expected.items():
        page = editor.get(f"{items}/{index}").get_data(as_text=True)
        assert message in field_errors(page, field), field
        assert f'aria-describedby="{field}-error"' in page or f'{field}-error"' in page
        assert f'id="{field}"' in page
    main = editor.get(_draft_url(world)).get_data(as_text=True)
    assert "4 problèmes à corriger avant de publier" in main
    assert f"{items}/0#f-items-0-options-1-value" in main  # the summary links to the field
    refused = post(editor, _draft_url(world, "/publish"), {"confirm": "1", "revision": _rev(world)})
    assert refused.status_code == 422 and _count(QuestionnaireVersion) == 1


def _rev(world) -> str:
    return stored_draft(world["draft_id"]).updated_at.isoformat()


def _translate_everything(world) -> None:
    """What the translations page does: every new or reworded text given (here: confirmed)
    in each language, so nothing is missing or stale."""
    draft = stored_draft(world["draft_id"])
    content = copy.deepcopy(draft.content)
    languages = content["languages"]
    for option in content["items"][0]["options"]:
        option["label"] = {
            lang: option["label"].get(lang, option["label"]["fr"]) for lang in languages
        }
    sources = draft.translation_sources
    for lang in languages[1:]:
        sources = mark_written(content, sources, lang)
    draft.translation_sources = sources
    save_draft(db.session, draft, content)
    db.session.commit()


def test_a_published_version_is_used_by_a_new_campaign_while_the_old_one_keeps_its_wording(
    app, world, editor
):
    item = _draft_url(world, "/items/0")
    post_form(editor, item, label="Vous venez en tant que :",
              report_heading="Qui sont les visiteurs ?")  # fmt: skip
    post_form(editor, item, action="option-add")
    post_form(editor, item, opt_value=["particulier", "professionnel", "association", "etudiant"],
              opt_label=["Un particulier", "Un professionnel", "Un représentant d'une association",
                         "Un étudiant"],
              opt_phrase=["sont des particuliers", "sont des professionnels",
                          "représentent une association", "sont des étudiants"])  # fmt: skip
    _translate_everything(world)
    summary = editor.get(_draft_url(world, "/publish")).get_data(as_text=True)
    assert "Question modifiée" in summary and "Vous venez en tant que :" in summary
    unconfirmed = post(editor, _draft_url(world, "/publish"), {"revision": _rev(world)})
    assert unconfirmed.status_code == 422
    assert "Cochez la case pour confirmer" in unconfirmed.get_data(as_text=True)
    published = post(
        editor, _draft_url(world, "/publish"), {"confirm": "1", "revision": _rev(world)}
    )
    assert published.status_code == 303
    db.session.rollback()
    version = db.session.scalar(select(QuestionnaireVersion).filter_by(version=2))
    assert version.content["items"][0]["label"]["fr"] == "Vous venez en tant que :"
    assert [o["value"] for o in version.content["items"][0]["options"]][-1] == "etudiant"
    assert db.session.get(QuestionnaireDraft, world["draft_id"]) is None
    event = db.session.scalar(select(AuditEvent).filter_by(action="questionnaire.publish"))
    assert event.details["version"] == 2 and event.user_id == world["staff"]["officer_a"]

    form = editor.get("/admin/campaigns/new").get_data(as_text=True)
    assert f'<option selected value="version-{version.id}">' in form or (
        f'value="version-{version.id}" selected' in form
    )
    created = post(editor, "/admin/campaigns/new",
                   {"title": "Accueil 2027", "site": "1", "questionnaire": f"version-{version.id}",
                    "channels": ["web"]}, token_from="/admin/campaigns/new")  # fmt: skip
    assert created.status_code == 303
    db.session.rollback()
    new = db.session.scalar(select(Campaign).filter_by(slug="accueil-2027"))
    old = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
    assert new.questionnaire_version.version == 2 and old.questionnaire_version.version == 1
    new.status = "open"
    db.session.commit()
    record(new, profil="etudiant")
    new_report = editor.get("/admin/campaigns/accueil-2027/results").get_data(as_text=True)
    old_report = editor.get("/admin/campaigns/alpha/results").get_data(as_text=True)
    assert (
        "Qui sont les visiteurs ?" in new_report
        and "Qui sont les usagers interrogés" not in new_report
    )
    assert "Qui sont les usagers interrogés" in old_report and "visiteurs" not in old_report
    assert "Vous venez en tant que" in app.test_client().get("/s/accueil-2027").get_data(
        as_text=True
    )
    assert "Vous venez en tant que" not in app.test_client().get("/s/alpha").get_data(as_text=True)
    edit = editor.get("/admin/campaigns/alpha/edit").get_data(as_text=True)
    assert "La version 2 du questionnaire a été publiée" in edit  # alpha has responses: kept


def test_publishing_an_unchanged_draft_makes_no_new_version(app, world, editor):
    reply = post(editor, _draft_url(world, "/publish"), {"confirm": "1", "revision": _rev(world)})
    assert reply.status_code == 303
    page = editor.get(reply.headers["Location"]).get_data(as_text=True)
    assert "identique à la version 1" in page
    assert _count(QuestionnaireVersion) == 1 and _count(QuestionnaireDraft) == 0


def test_a_save_over_a_newer_revision_is_refused_and_loses_nothing(app, world, editor):
    page_url = _draft_url(world, "/items/0")
    stale = editor.get(page_url).get_data(as_text=True)
    post_form(editor, page_url, label="Première modification")
    from tests.app.draft_helpers import FormFields, _multi

    fields = [
        (n, "Seconde modification" if n == "label" else v) for n, v in FormFields(stale).fields
    ]
    reply = editor.post(page_url, data=_multi([*fields, ("action", "save")]))
    assert reply.status_code == 303
    assert "modifié entre-temps" in editor.get(page_url).get_data(as_text=True)
    assert (
        stored_draft(world["draft_id"]).content["items"][0]["label"]["fr"]
        == "Première modification"
    )


def test_items_pages_options_and_engagements_are_added_moved_and_removed(app, world, editor):
    main, doc = _draft_url(world), lambda: stored_draft(world["draft_id"]).content
    keys = lambda: [i["key"] for i in doc()["items"]]  # noqa: E731
    before = keys()
    post_form(editor, main, action="item-down:0")
    assert keys()[:2] == [before[1], before[0]]
    post_form(editor, main, action="item-up:1")
    assert keys() == before
    reply = post_form(editor, main, action="item-duplicate:0")
    assert reply.headers["Location"].endswith("/items/1")
    assert keys()[1] == "profil_copie" and doc()["items"][1]["label"] == doc()["items"][0]["label"]
    post_form(editor, main, action="item-remove:1")
    assert keys() == before
    reply = post_form(editor, main, action="item-add", new_type="text", new_page="avis")
    assert keys()[-1] == "question" and doc()["items"][-1]["type"] == "text"
    post_form(editor, reply.headers["Location"], type="choice")  # the type changes
    assert doc()["items"][-1] == {"key": "question", "type": "choice", "page": "avis",
                                  "label": {"fr": "Nouvelle question"}, "options": []}  # fmt: skip
    post_form(editor, main, action="page-add")
    assert doc()["pages"][-1] == {"key": "page", "title": {"fr": "Nouvelle page"}}
    post_form(editor, main, action="page-remove:0")  # it holds items: refused
    assert doc()["pages"][0]["key"] == "vous"
    post_form(editor, main, action="page-remove:4")
    assert len(doc()["pages"]) == 4
    post_form(editor, main, action="engagement-add")
    assert list(doc()["engagements"])[-1] == "5"
    post_form(editor, main, action="engagement-remove:4")
    assert list(doc()["engagements"]) == ["1", "2", "3", "4"]
    item = _draft_url(world, "/items/0")
    post_form(editor, item, action="option-up:2")
    assert [o["value"] for o in doc()["items"][0]["options"]] == [
        "particulier", "association", "professionnel"]  # fmt: skip
    assert doc()["items"][0]["options"][1]["label"]["en"] == "A representative of an association"
    post_form(editor, item, action="option-remove:1")
    assert [o["value"] for o in doc()["items"][0]["options"]] == ["particulier", "professionnel"]


def test_a_renamed_item_key_follows_into_the_conditions_that_name_it(app, world, editor):
    post_form(editor, _draft_url(world, "/items/10"), key="appel")
    content = stored_draft(world["draft_id"]).content
    assert content["items"][11]["show_if"] == {"item": "appel", "in": ["oui"]}  # as frozen


HOSTILE = ("", "x" * 3000, "99999999999999999999", "\u202e<b>", "²")


def test_hostile_values_in_every_editor_field_are_kept_or_named_never_a_500(app, world, editor):
    from tests.app.draft_helpers import FormFields

    pages = [_draft_url(world), *(_draft_url(world, f"/items/{i}") for i in (0, 2, 10, 14))]
    for url in pages:
        names = {n for n, _ in FormFields(editor.get(url).get_data(as_text=True)).fields}
        names -= {"csrf_token", "revision", "type"}  # a new type drops the other fields
        for value in HOSTILE:
            for changed in (dict.fromkeys(names, value), {"type": value}):
                reply = post_form(editor, url, **changed)
                assert reply.status_code == 303, (url, value)
                assert editor.get(url).status_code == 200, (url, value)
        for action in ("option-up:99999", "item-remove:-1", "page-down:x", "nothing:1", "item-add"):
            assert post_form(editor, url, action=action).status_code == 303
    assert editor.get(_draft_url(world, "/publish")).status_code == 200
    assert editor.get(_draft_url(world, ".yaml")).status_code == 200
