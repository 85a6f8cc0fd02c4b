"""YAML stays the questionnaire's canonical form: any version or draft downloads as YAML that
`survey questionnaire check` accepts, an uploaded file becomes a draft (or its problems are
listed with their line), and YAML -> editor -> YAML changes nothing."""

from __future__ import annotations

import io

import pytest
import yaml
from sqlalchemy import func, select

from questionnaires import load_questionnaire
from survey_app.core.catalog import questionnaire_files
from survey_app.core.db import db
from survey_app.core.models import QuestionnaireDraft, QuestionnaireVersion
from tests.app.admin_helpers import csrf_token
from tests.app.draft_helpers import post_form, stored_draft

BUNDLED = questionnaire_files()
NBSP = "\u00a0"


def upload(client, data: bytes, filename: str = "accueil.yaml"):
    token = csrf_token(client, "/admin/questionnaires")
    return client.post(
        "/admin/questionnaires/drafts/upload",
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def drafts() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(QuestionnaireDraft))


def test_a_version_downloads_as_yaml_that_reads_back_as_the_same_version(app, world, editor):
    reply = editor.get(f"/admin/questionnaires/versions/{world['version_id']}.yaml")
    assert reply.status_code == 200
    assert (
        reply.headers["Content-Disposition"] == 'attachment; filename="qualepref-accueil-v1.yaml"'
    )
    text = reply.get_data(as_text=True)
    assert "Votre avis sur l'accueil à la préfecture" in text  # Unicode as is, not \xe9
    version = db.session.get(QuestionnaireVersion, world["version_id"])
    from questionnaires import parse_questionnaire

    assert parse_questionnaire(text, "v1.yaml").content_hash == version.content_hash


def test_the_cli_check_accepts_what_the_editor_exports(app, world, editor, run, tmp_path):
    post_form(editor, f"/admin/questionnaires/drafts/{world['draft_id']}/items/0",
              label="Vous venez en tant que :")  # fmt: skip
    exported = {
        "version.yaml": editor.get(f"/admin/questionnaires/versions/{world['version_id']}.yaml"),
        "brouillon.yaml": editor.get(f"/admin/questionnaires/drafts/{world['draft_id']}.yaml"),
    }
    for name, reply in exported.items():
        (tmp_path / name).write_bytes(reply.get_data())
        result = run("questionnaire", "check", tmp_path / name)
        assert result.exit_code == 0, result.output
        assert "ok: qualepref-accueil (15 items" in result.output
    assert "Vous venez en tant que :" in (tmp_path / "brouillon.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_yaml_to_the_editor_and_back_changes_nothing(app, world, editor, path):
    """Uploaded, every form of the editor posted back unchanged, downloaded: the same
    document, and publishing it is the version the file already is."""
    original = path.read_bytes()
    reply = upload(editor, original, path.name)
    assert reply.status_code == 303
    draft_url = reply.headers["Location"]
    draft_id = int(draft_url.rsplit("/", 1)[1])
    before = stored_draft(draft_id).content
    assert post_form(editor, draft_url).status_code == 303
    for index in range(len(before["items"])):
        assert post_form(editor, f"{draft_url}/items/{index}").status_code == 303
    assert stored_draft(draft_id).content == before
    downloaded = editor.get(f"{draft_url}.yaml").get_data(as_text=True)
    assert yaml.safe_load(downloaded) == yaml.safe_load(original)
    revision = stored_draft(draft_id).updated_at.isoformat()
    token = csrf_token(editor, f"{draft_url}/publish")
    editor.post(
        f"{draft_url}/publish", data={"confirm": "1", "revision": revision, "csrf_token": token}
    )
    db.session.rollback()
    versions = db.session.scalars(select(QuestionnaireVersion)).all()
    assert [v.content_hash for v in versions] == [load_questionnaire(path).content_hash]


BAD_UPLOADS = {
    "not YAML": (b"key: [qualepref\ntitle: {fr: x\n", "YAML invalide", "ligne"),
    "not UTF-8": ("key: accueil\ntitle: {fr: Préfecture}\n".encode("latin-1"),
                  "n'est pas en UTF-8", "enregistrez-le en UTF-8"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "n'est pas en UTF-8", ""),
    "a list": (b"- a\n- b\n", "ce n'est pas un questionnaire", ""),
    "empty": (b"", "ce n'est pas un questionnaire", ""),
    "too big for a questionnaire": (b"# " + b"x" * 210_000 + b"\nkey: a\n", "fichier trop gros",
                                    "200\u00a0Ko au plus"),
    "alias bomb": (b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "alias YAML", ""),
}  # fmt: skip


@pytest.mark.parametrize("name", BAD_UPLOADS)
def test_a_bad_upload_is_refused_with_a_clear_message(app, world, editor, name):
    data, message, detail = BAD_UPLOADS[name]
    reply = upload(editor, data, "mauvais.yaml")
    page = reply.get_data(as_text=True).replace("&#39;", "'")
    assert reply.status_code == 422
    assert message in page and detail in page and "mauvais.yaml" in page
    assert 'aria-describedby="yaml-file-hint yaml-file-error"' in page
    assert drafts() == 1  # the world's only


def test_schema_problems_of_an_upload_name_their_line(app, world, editor):
    text = BUNDLED[0].read_text(encoding="utf-8").replace("key: motif", "key: profil")
    reply = upload(editor, text.encode(), "doublon.yaml")
    assert reply.status_code == 422
    line = text.splitlines().index("  - key: profil", 100) + 1  # the second one
    page = reply.get_data(as_text=True).replace("&#39;", "'")
    assert (f"doublon.yaml{NBSP}: ligne {line}{NBSP}: items[1].key{NBSP}: la clé «{NBSP}profil"
            f"{NBSP}» est déjà celle d'une autre question") in page  # fmt: skip


def test_an_upload_missing_only_translations_becomes_a_draft(app, world, editor):
    text = BUNDLED[0].read_text(encoding="utf-8").replace('      en: "You are:"\n', "")
    reply = upload(editor, text.encode())
    assert reply.status_code == 303 and drafts() == 2


def test_a_request_past_the_size_limit_gets_a_page_that_says_so(app, world, editor):
    app.config["MAX_UPLOAD_BYTES"] = 64 * 1024
    reply = upload(editor, b"x" * (64 * 1024 + 1))
    assert reply.status_code == 413
    page = reply.get_data(as_text=True)
    assert "Envoi trop volumineux" in page and "taille acceptée (64\u00a0Ko)" in page
    assert drafts() == 1


def test_no_file_chosen_is_named(app, world, editor):
    token = csrf_token(editor, "/admin/questionnaires")
    reply = editor.post("/admin/questionnaires/drafts/upload", data={"csrf_token": token})
    assert reply.status_code == 422
    assert "Choisissez un fichier YAML" in reply.get_data(as_text=True)


def test_a_draft_from_a_version_posted_back_unchanged_is_that_version(app, world, editor):
    """A version's frozen form (scales written in, `show_if: {in: [...]}`) survives the forms."""
    draft_url = f"/admin/questionnaires/drafts/{world['draft_id']}"
    before = stored_draft(world["draft_id"]).content
    post_form(editor, draft_url)
    for index in range(len(before["items"])):
        post_form(editor, f"{draft_url}/items/{index}")
    assert stored_draft(world["draft_id"]).content == before
    revision = stored_draft(world["draft_id"]).updated_at.isoformat()
    token = csrf_token(editor, f"{draft_url}/publish")
    editor.post(
        f"{draft_url}/publish", data={"confirm": "1", "revision": revision, "csrf_token": token}
    )
    db.session.rollback()
    assert db.session.scalars(select(QuestionnaireVersion.id)).all() == [world["version_id"]]
