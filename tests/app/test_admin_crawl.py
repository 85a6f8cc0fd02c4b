"""No admin route answers 5xx, whatever a user puts in its URL: every route of the app's
url_map is crawled, signed in as an administrator, with hostile values for each of its
path parameters and for each query parameter its module reads."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from flask import url_for

from tests.app.admin_helpers import csrf_token, login, make_world

HOSTILE = (
    "9223372036854775807", "99999999999999999999999", "-1", "0", "²", "١٢", "1e999", "",
    "' OR 1=1 --", "\u202e<b>", "x" * 3000, "2026-02-30",
)  # fmt: skip
"""Numbers too large for any column, digits that are not ASCII, text, dates that do not exist."""
READ_ARG = re.compile(r"""request\.(?:args|values)\.get\(\s*["']([^"']+)["']""")
HELPER_ARGS = {"survey_app.web.admin.national": {"from", "to"}}
"""Parameters a module reads through a helper (national._date(name))."""


def _query_names(view) -> set[str]:
    module = sys.modules[view.__module__]
    source = Path(module.__file__).read_text(encoding="utf-8")
    return set(READ_ARG.findall(source)) | HELPER_ARGS.get(view.__module__, set())


def _fill(rule, world: dict, hostile: str | None = None, only: str | None = None) -> dict:
    values = {
        "slug": world["slug"], "device_id": world["device_id"], "visits_id": world["visits_id"],
        "response_id": world["comment_id"], "item_key": "commentaire", "fmt": "csv",
        "user_id": world["staff"]["reader_b"], "version_id": world["version_id"],
        "draft_id": world["draft_id"], "index": 0,
    }  # fmt: skip
    values = {k: v for k, v in values.items() if k in rule.arguments}
    if hostile is not None:
        values[only] = hostile
    return values


def _url(app, rule, values: dict, query: dict | None = None) -> str | None:
    with app.test_request_context():
        try:
            return url_for(rule.endpoint, **values, **(query or {}))
        except Exception:  # the router itself refuses the value (an int converter): no URL
            return None


def test_no_admin_route_answers_5xx_to_hostile_parameters(app):
    world = make_world(app)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.77"
    assert login(client, "admin").status_code == 303
    token = csrf_token(client, "/admin/")
    failures: list[str] = []
    asked: set[tuple[str, str]] = set()
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/admin")]
    rules = [r for r in rules if r.endpoint != "admin.logout"]
    assert len(rules) > 25

    def hit(method: str, url: str | None) -> None:
        if url is None or (method, url) in asked:  # a third of the URLs come up again
            return
        asked.add((method, url))
        try:  # TESTING propagates exceptions: each one is a 500 on a server
            if method == "GET":
                reply = client.get(url)
            else:
                reply = client.post(url, data={"csrf_token": token})
        except Exception as exc:
            failures.append(f"{method} {url[:160]} -> {type(exc).__name__}: {str(exc)[:100]}")
            return
        if reply.status_code >= 500:
            failures.append(f"{method} {url[:160]} -> {reply.status_code}")
        reply.close()

    for rule in rules:
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        names = _query_names(app.view_functions[rule.endpoint])
        for value in HOSTILE:
            for argument in rule.arguments:
                for method in methods:
                    hit(method, _url(app, rule, _fill(rule, world, value, argument)))
            if "GET" in methods:
                for name in names:
                    hit("GET", _url(app, rule, _fill(rule, world), {name: value}))
                hit("GET", _url(app, rule, _fill(rule, world), dict.fromkeys(names, value)))
    # Integers too large for the router's converter, typed into the address bar.
    for path in (
        "/admin/tablets/99999999999999999999/rename",
        "/admin/users/2147483648/sessions/end",
    ):
        hit("POST", path)
    assert not failures, "\n".join(failures)


def test_a_page_number_that_is_not_a_small_whole_number_gets_a_400_that_says_so(app):
    make_world(app)
    client = app.test_client()
    assert login(client, "admin").status_code == 303
    for page in ("9223372036854775807", "²", "0", "-1", "abc", "1" * 11):
        for path in ("/admin/comments", "/admin/national"):
            reply = client.get(path, query_string={"page": page})
            assert reply.status_code == 400, (path, page)
            assert "Numéro de page illisible" in reply.get_data(as_text=True)
    assert client.get("/admin/comments?page=999999999").status_code == 200  # past the end: empty
