"""Free comments: list and filter, automatic masking, manual redaction, theme tags, CSV export.

Text is masked (analysis.masking) on the way out, both on screen and in the export; the
stored answer is never changed here, so `survey purge-comments` stays the one eraser.
"""

from __future__ import annotations

import csv
import io

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from analysis.formulas import neutralise

from ...core.clock import utcnow
from ...core.db import db
from ...core.models import Answer, Campaign, CommentReview, Response
from .access import MANAGERS, campaign_or_404, roles_required, visible_campaigns
from .audit import audit
from .auth import is_safe_next
from .blueprint import bp
from .comment_query import PAGE_SIZE, CommentFilters, comment_rows, shown_text, text_items
from .downloads import attachment
from .forms import ActionForm, RedactForm, ThemeForm
from .query_args import page_number


def _filters() -> CommentFilters:
    slug = request.args.get("campaign") or None
    campaign = campaign_or_404(slug) if slug else None
    return CommentFilters(
        campaign=campaign,
        item_key=request.args.get("item") or None,
        theme=(request.args.get("theme") or "").strip() or None,
        page=page_number(),
    )


@bp.get("/comments")
@roles_required(*MANAGERS)
def comments():
    filters = _filters()
    rows, total = comment_rows(filters)
    themes = db.session.execute(
        select(CommentReview.theme, func.count())
        .join(Response, Response.id == CommentReview.response_id)
        .join(Campaign, Campaign.id == Response.campaign_id)
        .where(CommentReview.theme.is_not(None), current_user.site_clause(Campaign.site_id))
        .group_by(CommentReview.theme)
        .order_by(func.count().desc(), CommentReview.theme)
    ).all()
    return render_template(
        "admin/comments.html",
        rows=rows,
        total=total,
        filters=filters,
        pages=max(1, -(-total // PAGE_SIZE)),
        campaigns=visible_campaigns(),
        items=text_items(filters.campaign),
        themes=themes,
        theme_form=ThemeForm(formdata=None),
        action_form=ActionForm(),
    )


@bp.get("/comments/export.csv")
@roles_required(*MANAGERS)
def comments_export():
    filters = _filters()
    filters.page = None  # every matching comment
    rows, _ = comment_rows(filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["enquete", "date", "canal", "question", "theme", "commentaire"])
    for row in rows:
        cells = [
            row.campaign_title,
            row.collected_at.date().isoformat(),
            row.channel,
            row.item_label,
            row.theme or "",
            row.text,
        ]
        writer.writerow([neutralise(cell) for cell in cells])
    name = f"commentaires-{filters.campaign.slug if filters.campaign else 'toutes'}.csv"
    return attachment(out.getvalue(), "text/csv; charset=utf-8", name)


def _comment(response_id: str, item_key: str) -> tuple[Answer, Campaign, CommentReview | None]:
    answer = db.session.get(Answer, (response_id, item_key))
    if answer is None or answer.text is None:
        abort(404)
    campaign = db.session.get(Campaign, answer.campaign_id)
    if not current_user.sees_site(campaign.site_id):
        abort(404)
    return answer, campaign, db.session.get(CommentReview, (response_id, item_key))


@bp.route("/comments/<response_id>/<item_key>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def comment_review(response_id: str, item_key: str):
    """Tag a theme, or redact the comment by hand (the masked text is the starting point)."""
    answer, campaign, review = _comment(response_id, item_key)
    target = f"comment:{response_id}/{item_key}"
    theme_form = ThemeForm(prefix="t", meta={"csrf": False})
    redact_form = RedactForm(prefix="r", meta={"csrf": False})
    action = request.form.get("action")
    if request.method == "POST" and action in ("theme", "redact", "unredact"):
        form = theme_form if action == "theme" else redact_form
        if action == "unredact" or form.validate():
            review = review or CommentReview(response_id=response_id, item_key=item_key)
            db.session.add(review)
            if action == "theme":
                review.theme = (theme_form.theme.data or "").strip() or None
                audit("comment.theme", target, theme=review.theme)
                flash("Le thème est enregistré.")
            elif action == "redact":
                review.redacted_text = redact_form.text.data
                audit("comment.redact", target)
                flash("Le commentaire caviardé est enregistré.")
            else:
                review.redacted_text = None
                audit("comment.unredact", target)
                flash("Le caviardage manuel est retiré ; le masquage automatique reste appliqué.")
            review.reviewed_by_id, review.reviewed_at = current_user.id, utcnow()
            db.session.commit()
            back = request.args.get("back")
            return redirect(back if is_safe_next(back) else url_for("admin.comments"), 303)
    elif request.method == "POST":
        abort(400)
    if request.method == "GET" or not redact_form.errors:
        theme_form.theme.data = review.theme if review else None
        redact_form.text.data = shown_text(answer.text, review)
    return render_template(
        "admin/comment.html",
        campaign=campaign,
        answer=answer,
        review=review,
        text=shown_text(answer.text, review),
        theme_form=theme_form,
        redact_form=redact_form,
        item_label=_item_label(campaign, item_key),
        action_form=ActionForm(),
    ), 422 if (theme_form.errors or redact_form.errors) else 200


def _item_label(campaign: Campaign, item_key: str) -> str:
    from ...core.campaigns import questionnaire_of

    item = questionnaire_of(campaign.questionnaire_version).item(item_key)
    return item.label["fr"] if item else item_key
