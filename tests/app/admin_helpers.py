"""Test data for the admin workspace: two sites, one account per role and site, logins."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date

from werkzeug.security import generate_password_hash

from survey_app.accounts.users import create_user
from survey_app.collect.recording import record_response
from survey_app.core.campaigns import get_or_create_site
from survey_app.core.db import db
from survey_app.core.models import UserSite
from tests.helpers import valid_answers

PASSWORD = "correct horse battery"
SITE_A, SITE_B = "prefecture", "sous-prefecture"
# (login, role, site slug or None for all sites)
ACCOUNTS = (
    ("admin", "admin", None),
    ("officer_a", "officer", SITE_A),
    ("officer_b", "officer", SITE_B),
    ("reader_a", "reader", SITE_A),
    ("reader_b", "reader", SITE_B),
)
CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


@dataclass
class Staff:
    site_a: object
    site_b: object
    ids: dict[str, int]


def make_staff(fast_hash: bool = True) -> Staff:
    """Sites A and B and one account per (role, site); commits."""
    site_a = get_or_create_site(db.session, SITE_A, "Préfecture", "Europe/Paris")
    site_b = get_or_create_site(db.session, SITE_B, "Sous-préfecture", "Europe/Paris")
    ids = {}
    for login, role, site in ACCOUNTS:
        # The real scrypt path (0.1 s a hash) is covered by the login tests; here a cheap
        # hash of the same password, never computing the scrypt one only to replace it.
        user = create_user(db.session, login, None if fast_hash else PASSWORD, role=role)
        if fast_hash:
            user.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        if site:
            db.session.add(
                UserSite(user_id=user.id, site_id=(site_a if site == SITE_A else site_b).id)
            )
        ids[login] = user.id
    db.session.commit()
    return Staff(site_a, site_b, ids)


def csrf_token(client, url: str = "/admin/login") -> str:
    page = client.get(url).get_data(as_text=True)
    match = CSRF.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1) or match.group(2)


def login(client, name: str, password: str = PASSWORD, next_url: str | None = None):
    token = csrf_token(client)
    url = "/admin/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"login": name, "password": password, "csrf_token": token})


def post(client, url: str, data: dict | None = None, token_from: str | None = None):
    """POST a form with a valid CSRF token taken from `token_from` (default: the admin home)."""
    token = csrf_token(client, token_from or "/admin/")
    return client.post(url, data={**(data or {}), "csrf_token": token})


def record(campaign, channel: str = "web", **answers):
    response, _ = record_response(
        db.session,
        campaign,
        response_id=str(uuid.uuid4()),
        channel=channel,
        lang="fr",
        answers=valid_answers(**answers),
    )
    db.session.commit()
    return response


def make_world(app) -> dict:
    """Staff, campaign 'alpha' on site A (with a tablet, a comment, a paper form keyed in by
    officer_a and a visits row), campaign 'beta' on site B and a questionnaire draft from
    their version. Returns their ids."""
    from questionnaires import bundled_path, load_questionnaire
    from survey_app.accounts.devices import enrol_device
    from survey_app.core.campaigns import create_campaign
    from survey_app.core.models import CampaignVisits
    from survey_app.core.questionnaire_drafts import create_draft
    from tests.app.register_helpers import add_entry

    questionnaire = load_questionnaire(bundled_path())
    with app.app_context():
        staff = make_staff()
        alpha = create_campaign(
            db.session,
            slug="alpha",
            title="Campagne Alpha",
            site=staff.site_a,
            questionnaire=questionnaire,
            status="open",
        )
        beta = create_campaign(
            db.session,
            slug="beta",
            title="Campagne Beta",
            site=staff.site_b,
            questionnaire=questionnaire,
            status="open",
        )
        device, _ = enrol_device(db.session, name="Borne Alpha", campaign=alpha)
        device_b, _ = enrol_device(db.session, name="Borne Beta", campaign=beta)
        visits = CampaignVisits(campaign_id=alpha.id, channel="kiosk", day=None, visits=300)
        db.session.add(visits)
        db.session.commit()
        comment = record(alpha, commentaire="Commentaire Alpha, écrire à a@b.fr")
        record(beta, commentaire="Commentaire Beta")
        paper = record(alpha, channel="paper", commentaire=None)
        paper.entered_by_id = staff.ids["officer_a"]
        entry = add_entry(staff.site_a, date(2026, 1, 5), service="Service Alpha",
                          summary="Demande Alpha", contact="alpha@example.org")  # fmt: skip
        add_entry(staff.site_b, date(2026, 1, 5), service="Service Beta")
        version = alpha.questionnaire_version
        draft = create_draft(db.session, key=version.key, content=version.content, based_on=version)
        db.session.commit()
        return {
            "staff": staff.ids,
            "site_id": staff.site_a.id,
            "slug": "alpha",
            "device_id": device.id,
            "device_b": device_b.id,
            "visits_id": visits.id,
            "comment_id": comment.id,
            "paper_id": paper.id,
            "entry_id": entry.id,
            "version_id": version.id,
            "draft_id": draft.id,
        }
