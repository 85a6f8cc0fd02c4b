"""Authorization matrix: every admin route, for every role and site, built from app.url_map.

A new route that is missing from ROUTES fails test_every_admin_route_is_in_the_matrix, so
none can escape these checks. Objects used are all on site A ('alpha').
"""

from __future__ import annotations

import pytest

from tests.app.admin_helpers import csrf_token, login, make_world

EVERYONE = {"admin", "officer_a", "reader_a", "officer_b", "reader_b"}
MANAGERS = {"admin", "officer_a", "officer_b"}
ADMINS = {"admin"}
# endpoint -> (roles allowed, whether the URL names a site-A object, POST data)
ROUTES = {
    "admin.home": (EVERYONE, False, None),
    "admin.plotly_js": (EVERYONE, False, None),
    "admin.plotly_stylesheet": (EVERYONE, False, None),
    "admin.results": (EVERYONE, True, None),
    "admin.results_download": (EVERYONE, True, None),
    # Every site side by side: administrators only, so sites stay isolated for the others.
    "admin.national": (ADMINS, False, None),
    "admin.national_download": (ADMINS, False, None),
    "admin.campaign_new": (MANAGERS, False, {"title": ""}),
    "admin.campaign": (MANAGERS, True, None),
    "admin.campaign_live": (MANAGERS, True, None),
    "admin.campaign_edit": (MANAGERS, True, {"title": ""}),
    "admin.campaign_status": (MANAGERS, True, {"status": "open"}),
    "admin.visits": (MANAGERS, True, {"channel": "web", "visits": "12"}),
    "admin.visits_import": (MANAGERS, True, {"import-channel": "kiosk"}),  # no file: 422
    "admin.visits_import_confirm": (
        MANAGERS,
        True,
        {"channel": "kiosk", "days": "2026-03-02=12", "file_name": "visites.csv"},
    ),
    "admin.results_import": (MANAGERS, True, None),
    "admin.results_import_check": (MANAGERS, True, {"channel": ""}),  # no file: 422
    "admin.results_import_confirm": (MANAGERS, True, {}),  # no token: 422
    "admin.import_mapping_yaml": (MANAGERS, False, None),
    "admin.qr_page": (MANAGERS, True, None),
    "admin.qr_code_png": (MANAGERS, True, None),
    "admin.qr_code_svg": (MANAGERS, True, None),
    "admin.poster": (MANAGERS, True, None),
    "admin.paper_home": (MANAGERS, False, None),
    "admin.paper_entry": (MANAGERS, True, {"profil": "1"}),
    "admin.comments": (MANAGERS, False, None),
    "admin.comments_export": (MANAGERS, False, None),
    "admin.comment_review": (MANAGERS, True, {"action": "theme", "t-theme": "Attente"}),
    "admin.tablets": (MANAGERS, False, None),
    "admin.tablet_enrol": (MANAGERS, False, {"name": ""}),
    "admin.tablet_rename": (MANAGERS, True, {"name": "Borne renommée"}),
    "admin.tablet_pairing": (MANAGERS, True, {}),
    "admin.tablet_campaign": (MANAGERS, True, {"campaign": "alpha"}),
    "admin.help_page": (EVERYONE, False, None),
    # «Mon compte»: everyone, about their own account only (no identifier in the URL).
    "admin.my_account": (EVERYONE, False, None),
    "admin.my_account_email": (EVERYONE, False, {"email": "moi@sp.example"}),
    "admin.my_account_password": (EVERYONE, False, {"current": "x"}),  # incomplete: 422
    # Questionnaires are shared by every site: officers and administrators edit them.
    "admin.questionnaires": (MANAGERS, False, None),
    "admin.version_yaml": (MANAGERS, False, None),
    "admin.draft_create": (MANAGERS, False, {"source": "file:qualepref-accueil"}),
    "admin.draft_upload": (MANAGERS, False, {}),
    "admin.draft": (MANAGERS, False, {}),
    "admin.draft_item": (MANAGERS, False, {}),
    "admin.draft_yaml": (MANAGERS, False, None),
    "admin.draft_publish": (MANAGERS, False, {}),
    "admin.draft_translations": (MANAGERS, False, {"langue": "en"}),
    "admin.draft_preview": (MANAGERS, False, None),
    "admin.draft_preview_phone": (MANAGERS, False, {}),
    "admin.draft_preview_tablet": (MANAGERS, False, None),
    # Sites: officers see and edit their own; only administrators create one.
    "admin.sites": (MANAGERS, False, None),
    "admin.site_create": (ADMINS, False, {"name": ""}),
    "admin.site_edit": (
        MANAGERS,
        True,
        {"name": "Préfecture", "kind": "prefecture", "timezone": "Europe/Paris"},
    ),
    # Accounts: officers see their sites' people, read only; administrators change them.
    "admin.users": (MANAGERS, False, None),
    "admin.user_create": (ADMINS, False, {"login": ""}),
    "admin.user_edit": (ADMINS, False, {"role": "reader", "sites": ""}),
    "admin.user_password_link": (ADMINS, False, {}),
    "admin.user_enable": (ADMINS, False, {}),
    "admin.public_address_page": (ADMINS, False, {"url": ""}),
    # Only the author may correct or delete a paper form, not even an administrator.
    "admin.paper_edit": ({"officer_a"}, True, {"profil": "2"}),
    "admin.paper_delete": ({"officer_a"}, True, {}),
    "admin.requests_list": (EVERYONE, True, None),
    "admin.request_entry": (EVERYONE, True, None),
    "admin.requests_figures": (EVERYONE, True, None),
    "admin.requests_export": (MANAGERS, True, None),
    "admin.request_new": (MANAGERS, True, {"received_on": ""}),
    "admin.request_edit": (
        MANAGERS,
        True,
        {
            "received_on": "2026-01-05",
            "channel": "courriel",
            "kind": "reclamation",
            "summary": "Objet",
        },
    ),
    "admin.request_reply": (MANAGERS, True, {"replied_on": "", "reply_channel": "courriel"}),
    "admin.request_status": (MANAGERS, True, {"action": "close"}),
    "admin.tablet_revoke": (MANAGERS, True, {}),
    "admin.visits_delete": (MANAGERS, True, {}),
    "admin.user_disable": (ADMINS, False, {}),
    "admin.draft_delete": (MANAGERS, False, {}),
    # «Déconnecter partout» for another account (reader_b's): administrators only.
    "admin.end_user_sessions": (ADMINS, False, {}),
    "admin.my_account_end_sessions": (EVERYONE, False, {}),  # the others: this one stays
}
"""In the order they are tried: destructive routes last."""
OPEN_ROUTES = {"admin.login", "admin.logout", "admin.password_choose"}
"""Signing in and out (test_admin_auth), choosing a password by a one-time link
(test_admin_users): the link's code is the proof, not a session."""
SITE_A_MARKERS = (
    "Campagne Alpha",
    "Borne Alpha",
    "Commentaire Alpha",
    "Service Alpha",
    "officer_a",
    "reader_a",
)


def _values(world: dict, endpoint: str) -> dict:
    values = {
        "slug": world["slug"],
        "device_id": world["device_id"],
        "visits_id": world["visits_id"],
        "site_id": world["site_id"],
        "user_id": world["staff"]["reader_a"],
        "response_id": world["paper_id"],
        "item_key": "commentaire",
        "fmt": "json",
        "site": "prefecture",
        "entry_id": world["entry_id"],
        "version_id": world["version_id"],
        "draft_id": world["draft_id"],
        "index": 0,
        "name": "sphinx-qualepref-accueil",
    }
    if endpoint == "admin.comment_review":
        values["response_id"] = world["comment_id"]
    return values


def _requests(app, world):
    """(endpoint, method, url, data) for every admin route, in ROUTES order."""
    rules = {r.endpoint: r for r in app.url_map.iter_rules() if r.endpoint in ROUTES}
    for endpoint, (_, _, data) in ROUTES.items():
        rule = rules[endpoint]
        values = {k: v for k, v in _values(world, endpoint).items() if k in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(endpoint, **values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield endpoint, method, url, (data or {}) if method == "POST" else None


def test_every_admin_route_is_in_the_matrix(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.rule.startswith("/admin")}
    assert endpoints - OPEN_ROUTES == set(ROUTES)


def _expected(role: str, endpoint: str) -> str:
    allowed, names_object, _ = ROUTES[endpoint]
    if role == "anonymous":
        return "login"
    if role not in allowed:
        # The role check comes first: a reader learns nothing about other sites' objects.
        if endpoint in ("admin.paper_edit", "admin.paper_delete") and role == "officer_b":
            return "not_found"  # a manager, but the form is on another site
        return "forbidden"
    if names_object and role.endswith("_b"):
        return "not_found"
    return "allowed"


def _outcome(reply) -> str:
    if reply.status_code == 302 and "/admin/login" in reply.headers.get("Location", ""):
        return "login"
    if reply.status_code == 403:
        return "forbidden"
    if reply.status_code == 404:
        return "not_found"
    if reply.status_code in (200, 201, 303, 422):
        return "allowed"
    return f"unexpected {reply.status_code}"


@pytest.mark.parametrize(
    "role", ["anonymous", "reader_b", "officer_b", "reader_a", "officer_a", "admin"]
)
def test_every_route_answers_each_role_as_the_matrix_says(app, role):
    world = make_world(app)
    client = app.test_client()
    if role != "anonymous":
        assert login(client, role).status_code == 303
    wrong = []
    for endpoint, method, url, data in _requests(app, world):
        if method == "POST":
            token = csrf_token(client, "/admin/login" if role == "anonymous" else "/admin/")
            reply = client.post(url, data={**data, "csrf_token": token})
        else:
            reply = client.get(url)
        got, expected = _outcome(reply), _expected(role, endpoint)
        if got != expected:
            wrong.append(f"{method} {url} ({endpoint}): expected {expected}, got {got}")
        body = reply.get_data(as_text=True) if reply.mimetype.startswith("text/html") else ""
        reply.close()  # file responses (plotly.js) hold their file open until closed
        if role.endswith("_b"):
            leaked = [m for m in SITE_A_MARKERS if m in body]
            if leaked:
                wrong.append(f"{method} {url}: shows site A data {leaked}")
    assert wrong == []


@pytest.mark.parametrize("role", ["officer_a", "admin"])
def test_every_post_route_refuses_a_missing_csrf_token(app, role):
    world = make_world(app)
    client = app.test_client()
    login(client, role)
    refused = [
        url
        for _, method, url, data in _requests(app, world)
        if method == "POST" and client.post(url, data=data).status_code == 400
    ]
    posts = [url for _, method, url, _ in _requests(app, world) if method == "POST"]
    assert refused == posts
