"""Campaigns: the list, create, edit, open and close (officers on their sites, admins)."""

from __future__ import annotations

import re
import unicodedata

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from ...core.campaigns import (
    CampaignError,
    campaign_state,
    create_campaign,
    freeze_version,
    get_campaign,
    questionnaire_of,
)
from ...core.catalog import check_bundled
from ...core.db import db
from ...core.models import QuestionnaireVersion, Site
from ...counts.reading import count_responses
from .access import (
    EVERYONE,
    MANAGERS,
    campaign_or_404,
    roles_required,
    visible_campaigns,
    visible_sites,
)
from .audit import audit
from .blueprint import bp
from .forms import ActionForm, CampaignForm
from .version_choices import chosen, newer_stored_version, version_choices

STATE_LABELS = {
    "draft": "Brouillon",
    "not_yet_open": "Ouverte, pas encore commencée",
    "open": "En cours",
    "closed": "Close",
}


@bp.get("/")
@roles_required(*EVERYONE)
def home():
    campaigns = visible_campaigns()
    rows = [
        {"campaign": c, "state": campaign_state(c), "responses": count_responses(db.session, c)}
        for c in campaigns
    ]
    return render_template("admin/home.html", rows=rows, state_labels=STATE_LABELS)


def slug_from_title(title: str) -> str:
    """«Enquête accueil 2026» -> 'enquete-accueil-2026', made unique with -2, -3..."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:56] or "enquete"
    slug, number = base, 1
    while get_campaign(db.session, slug) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _site_choices(form: CampaignForm) -> str | None:
    """Fill the site and questionnaire choices; returns the default questionnaire."""
    form.site.choices = [SelectChoice(s.id, s.name) for s in visible_sites()]
    form.questionnaire.choices, default = version_choices()
    return default


@bp.route("/campaigns/new", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def campaign_new():
    form = CampaignForm()
    default = _site_choices(form)
    if request.method == "GET":
        form.channels.data = ["kiosk", "web", "paper"]
        form.questionnaire.data = default
    if not form.site.choices:
        abort(403)
    if form.validate_on_submit():
        site = db.session.get(Site, form.site.data)
        questionnaire, version = chosen(form.questionnaire.data)
        try:
            campaign = create_campaign(
                db.session,
                slug=form.slug.data or slug_from_title(form.title.data),
                title=form.title.data,
                site=site,
                questionnaire=questionnaire,
                version=version,
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                channels=form.channels.data,
            )
        except CampaignError as exc:
            form.slug.errors.append(_french_campaign_error(exc))
        else:
            campaign.target_responses = form.target_responses.data
            campaign.is_published = form.is_published.data
            audit("campaign.create", f"campaign:{campaign.slug}", title=campaign.title)
            db.session.commit()
            flash("L'enquête a été créée (brouillon). Ouvrez-la quand elle est prête.")
            return redirect(url_for("admin.campaign", slug=campaign.slug), 303)
    status = 422 if form.errors else 200
    return render_template("admin/campaign_form.html", form=form, campaign=None), status


def _french_campaign_error(exc: CampaignError) -> str:
    if "already exists" in str(exc):
        return "Une enquête utilise déjà cette adresse courte ; choisissez-en une autre."
    return f"Enquête refusée : {exc}"


def newer_version(campaign):
    """A later published version of the campaign's questionnaire, else the bundled file when
    it changed since the campaign froze it, else None.

    Compared as read (questionnaire_of): a version frozen before roles were declared reads
    with them, so the upgrade that added the declarations is no change to offer."""
    stored = newer_stored_version(campaign)
    if stored is not None:
        return stored
    bundled = check_bundled().get(campaign.questionnaire_version.key)
    frozen = questionnaire_of(campaign.questionnaire_version)
    if bundled is None or bundled.content_hash == frozen.content_hash:
        return None
    return bundled


@bp.route("/campaigns/<slug>/edit", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def campaign_edit(slug: str):
    campaign = campaign_or_404(slug)
    form = CampaignForm(obj=campaign if request.method == "GET" else None)
    for name in ("slug", "site", "questionnaire"):
        del form[name]  # fixed once created: links, QR codes and tablets point to them
    responses = count_responses(db.session, campaign)
    newer = newer_version(campaign)
    if form.validate_on_submit():
        before = {"title": campaign.title, "channels": list(campaign.channels)}
        form.populate_obj(campaign)
        campaign.title = campaign.title.strip()
        if newer is not None and responses == 0 and request.form.get("use_new_version"):
            campaign.questionnaire_version = (
                newer
                if isinstance(newer, QuestionnaireVersion)
                else freeze_version(db.session, newer)
            )
        audit("campaign.edit", f"campaign:{slug}", before=before, title=campaign.title)
        db.session.commit()
        flash("Les modifications sont enregistrées.")
        return redirect(url_for("admin.campaign", slug=slug), 303)
    status = 422 if form.errors else 200
    return render_template(
        "admin/campaign_form.html",
        form=form,
        campaign=campaign,
        newer=newer,
        responses=responses,
        questionnaire=questionnaire_of(campaign.questionnaire_version),
    ), status


@bp.post("/campaigns/<slug>/status")
@roles_required(*MANAGERS)
def campaign_status(slug: str):
    campaign = campaign_or_404(slug)
    form = ActionForm()
    wanted = request.form.get("status")
    if not form.validate_on_submit() or wanted not in ("open", "closed"):
        abort(400)
    campaign.status = wanted
    audit(f"campaign.{'open' if wanted == 'open' else 'close'}", f"campaign:{slug}")
    db.session.commit()
    flash("L'enquête est ouverte." if wanted == "open" else "L'enquête est close.")
    return redirect(url_for("admin.campaign", slug=slug), 303)
