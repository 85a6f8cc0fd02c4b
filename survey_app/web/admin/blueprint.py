"""The admin blueprint: every view module adds its routes to `bp`; French pages only."""

from __future__ import annotations

from flask import Blueprint, Flask, g, has_request_context, render_template, request
from werkzeug.exceptions import HTTPException

from analysis.french import format_size

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def french_pages() -> None:
    # The workspace is written in French whatever the browser asks for.
    g.lang = "fr"


@bp.errorhandler(HTTPException)
def admin_error(exc: HTTPException):
    """Errors inside the workspace keep its layout: 403, 404, an expired form (400)..."""
    limit = request.max_content_length if has_request_context() else None
    accepted = format_size(limit) if limit else None
    return render_template("admin/error.html", error=exc, accepted=accepted), exc.code or 500


def register(app: Flask) -> None:
    # Importing the view modules adds their routes to bp.
    from . import (  # noqa: F401
        address,
        auth,
        campaigns,
        comments,
        dashboard,
        draft_items,
        draft_preview,
        draft_publish,
        draft_translations,
        drafts,
        help,
        my_account,
        national,
        paper,
        password_link,
        plotly_assets,
        qrcodes,
        questionnaires,
        register,
        register_figures,
        results,
        results_import,
        sites,
        tablets,
        user_sessions,
        users,
        visits,
        visits_import,
    )

    app.register_blueprint(bp)
