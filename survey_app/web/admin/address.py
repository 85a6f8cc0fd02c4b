"""/admin/public-address: the address links for the outside start from, shown to and set by
administrators (stored in the database); SURVEY_BASE_URL, when set, wins and is shown."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ...core.db import db
from ...core.public_address import public_address, save_public_address
from .access import ADMIN, roles_required
from .account_forms import AddressForm
from .blueprint import bp
from .links import link_base


def _page(form: AddressForm, status: int = 200):
    address = public_address(db.session, current_app.config)
    base = link_base()
    page = render_template(
        "admin/address.html", form=form, address=address, base=base, address_warning=base.warning
    )
    return page, status


@bp.route("/public-address", methods=["GET", "POST"])
@roles_required(ADMIN)
def public_address_page():
    address = public_address(db.session, current_app.config)
    form = AddressForm()
    if not form.is_submitted():
        form = AddressForm(formdata=None, url=address.url if address.source == "database" else "")
        return _page(form)
    if address.source == "setting":
        form.url.errors = ["L'adresse est fixée par SURVEY_BASE_URL sur le serveur."]
        return _page(form, 409)
    if not form.validate_on_submit():
        return _page(form, 422)
    saved = save_public_address(db.session, form.url.data or "", by=current_user.id)
    db.session.commit()
    flash(f"Adresse publique enregistrée : {saved}." if saved else "Adresse publique effacée.")
    return redirect(url_for("admin.public_address_page"), 303)
