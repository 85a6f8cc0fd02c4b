"""The digital fiche hall on the web: /s/<slug>/suggestion, apart from the questionnaire.

Nothing ties it to a response: it has its own id and form, and lands in the site's register
(channel «formulaire web»). The contact is optional, asked with why and for how long.
"""

from __future__ import annotations

import uuid

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ...core.campaigns import questionnaire_of
from ...core.clock import local_today
from ...core.db import db
from ...register.rules import rules_from
from ...register.visitor import MAX_CONTACT, MAX_MESSAGE, record_fiche
from ..limits import limiter, rate
from .views import _choose_language, _page_context, _public_campaign, bp

KIND_CHOICES = [
    SelectChoice("suggestion", _l("Une suggestion")),
    SelectChoice("reclamation", _l("Une réclamation")),
    SelectChoice("information", _l("Une demande d'information")),
]


class FicheForm(FlaskForm):
    fiche_id = HiddenField()
    kind = RadioField(
        _l("Votre message est"),
        choices=KIND_CHOICES,
        default="suggestion",
        validators=[InputRequired(_l("Choisissez une réponse."))],
    )
    message = TextAreaField(
        _l("Votre message"),
        [DataRequired(_l("Écrivez votre message.")), Length(max=MAX_MESSAGE)],
    )
    contact = StringField(_l("Vos coordonnées (facultatif)"), [Optional(), Length(max=MAX_CONTACT)])


def _fiche_id(form: FicheForm) -> str:
    try:
        return str(uuid.UUID(form.fiche_id.data or ""))
    except ValueError:
        return str(uuid.uuid4())


@bp.route("/s/<slug>/suggestion", methods=["GET", "POST"])
@limiter.limit(rate("FORM_RATE_LIMIT"), methods=["POST"])
def fiche(slug: str):
    campaign = _public_campaign(slug)
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    lang = _choose_language(questionnaire, request.args.get("lang"))
    form = FicheForm() if request.method == "POST" else FicheForm(formdata=None)
    if request.method == "GET":
        form.fiche_id.data = str(uuid.uuid4())
    if form.validate_on_submit():
        config = current_app.config
        record_fiche(
            db.session, campaign.site, channel="web", kind=form.kind.data,
            message=form.message.data.strip(), contact=(form.contact.data or "").strip(),
            fiche_id=_fiche_id(form), rules=rules_from(config),
            today=local_today(campaign.site.timezone),
        )  # fmt: skip
        db.session.commit()
        return redirect(url_for("public.fiche_sent", slug=slug, lang=lang), 303)
    form.fiche_id.data = _fiche_id(form)
    return render_template(
        "survey/fiche.html",
        form=form,
        retention_days=current_app.config["REQUEST_RETENTION_DAYS"],
        action=url_for("public.fiche", slug=slug, lang=lang),
        survey_url=url_for("public.survey", slug=slug, lang=lang),
        **_page_context(campaign, questionnaire, lang, "public.fiche"),
    ), 422 if form.errors else 200


@bp.get("/s/<slug>/suggestion/merci")
def fiche_sent(slug: str):
    campaign = _public_campaign(slug)
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    lang = _choose_language(questionnaire, request.args.get("lang"))
    return render_template(
        "survey/fiche_sent.html",
        message=_("Votre message a bien été transmis au service chargé de l'accueil."),
        survey_url=url_for("public.survey", slug=slug, lang=lang),
        **_page_context(campaign, questionnaire, lang, "public.fiche_sent"),
    )
