"""Free comments: masking before display and export, manual redaction, themes, purge."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from analysis.masking import mask
from survey_app.core.db import db
from survey_app.core.models import Answer, AuditEvent, CommentReview, Response
from tests.app.admin_helpers import login, post, record


@pytest.mark.parametrize(
    "text,expected",
    [
        ("écrivez à jean.dupont@mail.fr svp", "écrivez à [courriel masqué] svp"),
        ("jean(at)mail.fr", "[courriel masqué]"),
        ("tél. 06 12 34 56 78.", "tél. [téléphone masqué]."),
        ("appelez le 0612345678", "appelez le [téléphone masqué]"),
        ("+33 6 12 34 56 78", "[téléphone masqué]"),
        ("01.23.45.67.89", "[téléphone masqué]"),
        ("mon dossier AGDREF 7501234567 bloqué", "mon dossier AGDREF [numéro masqué] bloqué"),
        ("n° 75 01 23 45 67", "n° [numéro masqué]"),
        ("NIR 1 85 05 78 006 084 36", "NIR [numéro masqué]"),
        ("passeport 12AB34567", "passeport [numéro masqué]"),
        (
            "attendu 45 minutes le 12/03/2024, guichet 3",
            "attendu 45 minutes le 12/03/2024, guichet 3",
        ),
    ],
)
def test_masking_hides_identifiers_and_keeps_ordinary_numbers(text, expected):
    assert mask(text) == expected


def test_the_list_shows_comments_masked_and_the_stored_text_is_unchanged(app, world, officer):
    page = officer.get("/admin/comments").get_data(as_text=True)
    assert "Commentaire Alpha, écrire à [courriel masqué]" in page
    assert "a@b.fr" not in page
    with app.app_context():
        stored = db.session.get(Answer, (world["comment_id"], "commentaire")).text
        assert stored.endswith("a@b.fr")


def test_the_csv_export_is_masked_and_neutralised(app, world, officer):
    from tests.app.admin_helpers import record

    with app.app_context():
        from survey_app.core.campaigns import get_campaign

        record(get_campaign(db.session, "alpha"), commentaire='=HYPERLINK("http://x","clic")')
    reply = officer.get("/admin/comments/export.csv?campaign=alpha&format=plain")
    assert reply.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(reply.get_data(as_text=True).lstrip("\ufeff"))))
    texts = {r["commentaire"] for r in rows}
    assert "Commentaire Alpha, écrire à [courriel masqué]" in texts
    assert '\'=HYPERLINK("http://x","clic")' in texts


def test_filters_by_campaign_and_item(app, world):
    admin = app.test_client()
    login(admin, "admin")
    both = admin.get("/admin/comments").get_data(as_text=True)
    assert "Commentaire Alpha" in both and "Commentaire Beta" in both
    only_beta = admin.get("/admin/comments?campaign=beta&item=commentaire").get_data(as_text=True)
    assert "Commentaire Beta" in only_beta and "Commentaire Alpha" not in only_beta


def test_a_theme_tag_is_saved_listed_filterable_and_logged(app, world, officer):
    url = f"/admin/comments/{world['comment_id']}/commentaire"
    reply = post(officer, url, {"action": "theme", "t-theme": "Temps d'attente"})
    assert reply.status_code == 303
    page = officer.get("/admin/comments?theme=Temps d'attente").get_data(as_text=True)
    assert "Commentaire Alpha" in page
    assert "Temps d&#39;attente</a> : 1 commentaire" in page
    with app.app_context():
        review = db.session.get(CommentReview, (world["comment_id"], "commentaire"))
        assert review.theme == "Temps d'attente"
        assert db.session.scalar(select(AuditEvent.action).filter_by(action="comment.theme"))


def test_manual_redaction_replaces_the_text_on_screen_and_in_exports(app, world, officer):
    url = f"/admin/comments/{world['comment_id']}/commentaire"
    redacted = "Commentaire [nom masqué], écrire à [courriel masqué]"
    assert post(officer, url, {"action": "redact", "r-text": redacted}).status_code == 303
    assert redacted in officer.get("/admin/comments").get_data(as_text=True)
    export = officer.get("/admin/comments/export.csv").get_data(as_text=True)
    assert redacted in export and "Commentaire Alpha" not in export
    raw = officer.get("/admin/campaigns/alpha/results.responses.csv").get_data(as_text=True)
    assert redacted in raw and "a@b.fr" not in raw
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="comment.redact"))
        assert "Alpha" not in str(event.details)  # the log never copies comment text
    post(officer, url, {"action": "unredact"})
    assert "Commentaire Alpha" in officer.get("/admin/comments").get_data(as_text=True)


def test_an_empty_redaction_is_refused_with_a_field_message(app, world, officer):
    url = f"/admin/comments/{world['comment_id']}/commentaire"
    reply = post(officer, url, {"action": "redact"}, token_from=url)
    assert reply.status_code == 422
    assert "Ce champ est obligatoire." in reply.get_data(as_text=True)


def test_purge_comments_erases_old_text_and_keeps_the_scores(app, world):
    from survey_app.cli import cli

    with app.app_context():
        old = db.session.get(Response, world["comment_id"])
        old.collected_at -= timedelta(days=400)
        db.session.commit()
    runner = app.test_cli_runner()
    from flask.cli import ScriptInfo

    result = runner.invoke(cli, ["purge-comments"], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    assert "Erased 1 comment(s)" in result.output
    with app.app_context():
        answers = dict(
            db.session.execute(
                select(Answer.item_key, Answer.value).filter_by(response_id=world["comment_id"])
            ).all()
        )
        assert "commentaire" not in answers
        assert answers["courtoisie"] == "tres_satisfait"
        remaining = db.session.scalars(select(Answer.text).where(Answer.text.is_not(None))).all()
        assert remaining == ["Commentaire Beta"]
    again = runner.invoke(
        cli, ["purge-comments", "--older-than", "0"], obj=ScriptInfo(create_app=lambda: app)
    )
    assert again.exit_code == 2 and "--older-than" in again.output


def test_purge_older_than_n_days_erases_exactly_the_older_comments_and_their_redactions(
    app, world, run
):
    from survey_app.core.campaigns import get_campaign
    from survey_app.core.clock import utcnow

    with app.app_context():
        alpha = get_campaign(db.session, "alpha")
        ages = {31: "Trente et un jours", 29: "Vingt-neuf jours", 60: "Soixante jours"}
        ids = {}
        for age, text in ages.items():
            response = record(alpha, commentaire=text)
            response.collected_at = utcnow() - timedelta(days=age)
            db.session.add(
                CommentReview(
                    response_id=response.id,
                    item_key="commentaire",
                    theme="attente",
                    redacted_text=f"{text} [caviardé]",
                )
            )
            ids[age] = response.id
        db.session.commit()
    result = run("purge-comments", "--older-than", 30)
    assert result.exit_code == 0, result.output
    assert "Erased 2 comment(s)" in result.output
    with app.app_context():
        texts = {
            age: db.session.scalar(
                select(Answer.text).filter_by(response_id=ids[age], item_key="commentaire")
            )
            for age in ages
        }
        reviews = {age: db.session.get(CommentReview, (ids[age], "commentaire")) for age in ages}
        assert texts == {31: None, 29: "Vingt-neuf jours", 60: None}
        assert {age: r.redacted_text for age, r in reviews.items()} == {
            31: None,
            29: "Vingt-neuf jours [caviardé]",
            60: None,
        }
        assert {r.theme for r in reviews.values()} == {"attente"}  # the officer's theme stays
        # The fixture's comments, collected just now, are kept.
        assert db.session.get(Answer, (world["comment_id"], "commentaire")).text is not None
