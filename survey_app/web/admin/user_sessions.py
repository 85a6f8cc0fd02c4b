"""«Déconnecter partout»: an administrator ends every session of an account at once.

No page of its own: the users page (/admin/users) puts a button on this route. A lost
or shared computer, a departure, a suspected theft of a cookie: the sessions end at the
user's next request, on every browser, without changing the password.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from ...accounts.sessions import end_sessions
from ...core.db import db
from ...core.models import User
from .access import ADMIN, roles_required, session_lifetimes
from .audit import audit
from .auth import is_safe_next
from .blueprint import bp


@bp.post("/users/<int:user_id>/sessions/end")
@roles_required(ADMIN)
def end_user_sessions(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    ended = end_sessions(db.session, user.id, session_lifetimes())
    audit("user.logout_everywhere", f"user:{user.login}"[:100], sessions=ended)
    db.session.commit()
    plural = "s" if ended > 1 else ""
    flash(f"{user.login}\u00a0: {ended} session{plural} fermée{plural}.")
    next_url = request.form.get("next")
    return redirect(next_url if is_safe_next(next_url) else url_for("admin.home"), 303)
