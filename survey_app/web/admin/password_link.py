"""/admin/password/<code>: the page a one-time link opens, to choose one's password.

Open without signing in (the code is the proof); the code works once, for 72 hours, and is
stored only as a hash. The password rules are the same as everywhere (accounts/passwords.py).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from ...accounts.users import UserError, set_password, user_for_reset_code
from ...core.db import db
from .account_forms import PasswordChoiceForm
from .blueprint import bp

NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@bp.route("/password/<code>", methods=["GET", "POST"])
def password_choose(code: str):
    user = user_for_reset_code(db.session, code)
    if user is None:
        page = render_template("admin/password.html", form=None, account=None)
        return page, 404, NO_STORE
    form = PasswordChoiceForm(login=user.login)
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("admin/password.html", form=form, account=user), status, NO_STORE
    try:
        set_password(db.session, user, form.password.data, by=user.id)
    except UserError as exc:  # the form checked the same rules; kept for a race on the code
        db.session.rollback()
        form.password.errors.append(exc.french)
        return render_template("admin/password.html", form=form, account=user), 422, NO_STORE
    db.session.commit()
    flash("Votre mot de passe est enregistré : connectez-vous avec lui.")
    return redirect(url_for("admin.login"), 303)
