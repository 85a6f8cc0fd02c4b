"""Hostile input through the JSON API, the tablet API and the web form, on SQLite and PostgreSQL.

Each row: what is sent, the status, and the error code (or the stored text) expected; the
API's replies also match the OpenAPI document (status, body, headers). The
same rows run on both databases, so a NUL byte PostgreSQL would refuse and SQLite would
store gets the same clear answer on both, and never a 500.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from tests.app.hardening_helpers import (
    API,
    KIOSK_BATCH,
    KIOSK_HEARTBEAT,
    KIOSK_PAIR,
    KIOSK_RESPONSES,
    api_body,
    bearer,
    form_fields,
    kiosk_item,
    response_count,
    stored_texts,
    tablet_token,
)
from tests.app.openapi_helpers import assert_documented
from tests.helpers import valid_answers

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: would show "0987" for "7890"
LONG = "x" * 100_000
DEEP = "[" * 100_000 + "]" * 100_000


def raw(text: str | bytes, content_type: str = "application/json") -> dict:
    """Keyword arguments for the test client: a body sent exactly as given."""
    data = text.encode() if isinstance(text, str) else text
    return {"data": data, "content_type": content_type}


def as_json(body: object) -> dict:
    return raw(json.dumps(body))


def with_comment(builder: Callable[..., dict], comment: str) -> dict:
    return builder(answers=valid_answers(commentaire=comment))


@dataclass(frozen=True)
class Row:
    name: str
    request: Callable[[], dict]
    status: int
    code: str | None = None
    """The error code in the JSON reply (API, tablet) or a text on the page (form)."""
    stored: str | None = None
    """The comment as stored, when the response is accepted."""


API_ROWS = [
    Row("nul in a comment", lambda: as_json(with_comment(api_body, "a\x00b")), 422, "nul_byte"),
    Row(
        "nul in an item key",
        lambda: as_json(api_body(answers={**valid_answers(), "motif\x00": "x"})),
        422,
        "unknown_item",
    ),
    Row("nul in the id", lambda: as_json(api_body(id="1\x00")), 422, "invalid_id"),
    Row(
        "nul in the language", lambda: as_json(api_body(lang="f\x00r")), 422, "language_not_offered"
    ),
    Row(
        "nul in the channel",
        lambda: as_json(api_body(channel="w\x00b")),
        422,
        "channel_not_allowed",
    ),
    Row("nul in a field name", lambda: as_json({**api_body(), "x\x00": 1}), 422, "unknown_field"),
    Row("unknown field", lambda: as_json({**api_body(), "lng": "en"}), 422, "unknown_field"),
    Row("invalid UTF-8", lambda: raw(b'{"id": "\xff\xfe", "answers": {}}'), 422, "invalid_utf8"),
    Row("not JSON", lambda: raw('{"id": '), 422, "invalid_json"),
    Row("a JSON list", lambda: raw("[1, 2]"), 422, "not_an_object"),
    Row("deeply nested", lambda: raw(DEEP), 422, "too_deep"),
    Row(
        "nested under a field",
        lambda: raw(json.dumps(api_body())[:-1] + ', "answers": ' + "[" * 5000 + "]" * 5000 + "}"),
        422,
        "too_deep",
    ),
    Row(
        "an answer that is not text",
        lambda: as_json(api_body(answers={**valid_answers(), "motif": {"a": [1]}})),
        422,
        "not_text",
    ),
    Row(
        "100,000-character comment", lambda: as_json(with_comment(api_body, LONG)), 422, "too_long"
    ),
    Row(
        "100,000 escaped accents (over the size limit)",
        lambda: as_json(with_comment(api_body, "é" * 100_000)),
        413,
        "request_entity_too_large",
    ),
    Row("huge body", lambda: raw(" " * 300_000), 413, "request_entity_too_large"),
    Row(
        "text/plain",
        lambda: raw(json.dumps(api_body()), "text/plain"),
        415,
        "unsupported_media_type",
    ),
    Row(
        "a form body",
        lambda: raw("id=1", "application/x-www-form-urlencoded"),
        415,
        "unsupported_media_type",
    ),
    Row(
        "right-to-left override",
        lambda: as_json(with_comment(api_body, f"appelez le {RLO}0987 svp")),
        201,
        stored="appelez le 0987 svp",
    ),
    Row(
        "lone surrogate (JSON escape)",
        lambda: raw(json.dumps(with_comment(api_body, "ok")).replace('"ok"', '"o\\ud800k"')),
        201,
        stored="ok",
    ),
]


@pytest.mark.parametrize("row", API_ROWS, ids=[row.name for row in API_ROWS])
def test_json_api_answers_hostile_input_clearly(client, campaign, row):
    before = response_count()
    reply = client.post(API.format(slug=campaign.slug), **row.request())
    assert reply.status_code == row.status, reply.get_data(as_text=True)[:300]
    assert_documented(client, API, reply)
    _check(reply, row, before)


def test_json_api_nul_in_the_campaign_slug_is_404(client, campaign):
    reply = client.post(API.format(slug="accueil\x00"), json=api_body())
    assert reply.status_code == 404 and reply.get_json()["error"] == "not_found"


KIOSK_ROWS = [
    Row("nul in a comment", lambda: as_json(with_comment(kiosk_item, "a\x00b")), 422, "nul_byte"),
    Row(
        "nul in an item key",
        lambda: as_json(kiosk_item(answers={**valid_answers(), "\x00": "x"})),
        422,
        "unknown_item",
    ),
    Row("nul in the id", lambda: as_json(kiosk_item(id="\x00")), 422, "invalid_id"),
    Row(
        "nul in the time",
        lambda: as_json(kiosk_item(collected_at=datetime.now(UTC).isoformat() + "\x00")),
        422,
        "invalid_time",
    ),
    Row(
        "nul in the language", lambda: as_json(kiosk_item(lang="\x00")), 422, "language_not_offered"
    ),
    Row("invalid UTF-8", lambda: raw(b'{"id": "\xc3\x28"}'), 422, "invalid_utf8"),
    Row("deeply nested", lambda: raw(DEEP), 422, "too_deep"),
    Row(
        "100,000-character comment",
        lambda: as_json(with_comment(kiosk_item, LONG)),
        422,
        "too_long",
    ),
    Row("huge body", lambda: raw(" " * 300_000), 413, "request_entity_too_large"),
    Row(
        "text/plain",
        lambda: raw(json.dumps(kiosk_item()), "text/plain"),
        415,
        "unsupported_media_type",
    ),
    Row(
        # A tablet's queued response must never be set aside for a field it added.
        "unknown field (ignored)",
        lambda: as_json({**with_comment(kiosk_item, "Très bien"), "extra": "x"}),
        201,
        stored="Très bien",
    ),
    Row(
        "right-to-left override",
        lambda: as_json(with_comment(kiosk_item, f"{RLO}merci\u2066 beaucoup")),
        201,
        stored="merci beaucoup",
    ),
]


@pytest.mark.parametrize("row", KIOSK_ROWS, ids=[row.name for row in KIOSK_ROWS])
def test_tablet_api_answers_hostile_input_clearly(client, campaign, row):
    token = tablet_token(client, campaign)
    before = response_count()
    reply = client.post(KIOSK_RESPONSES, headers=bearer(token), **row.request())
    assert reply.status_code == row.status, reply.get_data(as_text=True)[:300]
    assert_documented(client, KIOSK_RESPONSES, reply)
    _check(reply, row, before)


def test_tablet_batch_sets_aside_only_the_item_with_a_nul_byte(client, campaign):
    token = tablet_token(client, campaign)
    good, bad = kiosk_item(), with_comment(kiosk_item, "\x00")
    reply = client.post(KIOSK_BATCH, headers=bearer(token), json={"responses": [good, bad]})
    assert reply.status_code == 200
    assert [r["status"] for r in reply.get_json()["results"]] == [201, 422]
    assert reply.get_json()["results"][1]["errors"][0]["code"] == "nul_byte"
    assert response_count() == 1 and all("\x00" not in t for t in stored_texts())


@pytest.mark.parametrize("version", ["1.0\x00", "1.\ud800"])
def test_heartbeat_refuses_an_app_version_no_database_could_store(client, campaign, version):
    token = tablet_token(client, campaign)
    body = raw(json.dumps({"queue_length": 0, "app_version": version}))
    reply = client.post(KIOSK_HEARTBEAT, headers=bearer(token), **body)
    assert reply.status_code == 422
    assert reply.get_json()["errors"][0]["code"] == "nul_byte"
    assert stored_texts() == []


def test_pairing_code_with_a_nul_byte_is_simply_unknown(client, campaign):
    reply = client.post(KIOSK_PAIR, json={"code": "abc\x00"})
    assert reply.status_code == 404 and reply.get_json()["error"] == "pairing_invalid"


FORM_ROWS = [
    Row("nul in a comment", lambda: {"commentaire": "a\x00b"}, 422, "caractère invalide"),
    Row("nul in a choice", lambda: {"motif": "titre\x00"}, 422, "Choisissez une des réponses"),
    Row(
        "100,000-character comment",
        lambda: {"commentaire": LONG},
        422,
        "Votre texte est trop long",
    ),
    Row("huge body", lambda: {"commentaire": "x" * 300_000}, 413, "trop volumineuses"),
    Row(
        "right-to-left override",
        lambda: {"commentaire": f"appelez le {RLO}0987"},
        200,  # the thank-you page, in the POST's answer
        stored="appelez le 0987",
    ),
    Row(
        # A field that is no question of the form is ignored, whatever its name holds.
        "nul in an unknown field name",
        lambda: {"commentaire": "Bien", "x\x00": "y"},
        200,
        stored="Bien",
    ),
    Row(
        "nul in the hidden response id (a fresh id is used)",
        lambda: {"commentaire": "Bien", "response_id": "\x00"},
        200,
        stored="Bien",
    ),
]


@pytest.mark.parametrize("row", FORM_ROWS, ids=[row.name for row in FORM_ROWS])
def test_web_form_answers_hostile_input_clearly(client, campaign, row):
    fields = form_fields(client, campaign.slug)
    answers = valid_answers(commentaire=None)
    before = response_count()
    reply = client.post(f"/s/{campaign.slug}", data={**fields, **answers, **row.request()})
    assert reply.status_code == row.status, reply.get_data(as_text=True)[:300]
    if row.code:
        assert row.code in reply.get_data(as_text=True)
    _check_stored(row, before)


def _form_body(client, slug: str, comment: bytes) -> dict:
    fields = form_fields(client, slug)
    pairs = {**fields, **valid_answers(commentaire=None)}
    body = "&".join(f"{k}={v}" for k, v in pairs.items()).encode() + b"&commentaire=" + comment
    return raw(body, "application/x-www-form-urlencoded")


def test_web_form_keeps_invalid_utf8_escapes_as_typed(client, campaign):
    reply = client.post(f"/s/{campaign.slug}", **_form_body(client, campaign.slug, b"caf%E9+%FF"))
    assert reply.status_code == 200  # the thank-you page
    assert stored_texts() == ["caf%E9 %FF"]


def test_web_form_with_raw_invalid_utf8_is_shown_again_never_a_500(client, campaign):
    # Werkzeug reads no field of an undecodable body: no token, so the form comes back.
    reply = client.post(f"/s/{campaign.slug}", **_form_body(client, campaign.slug, b"caf\xe9"))
    assert reply.status_code == 400
    assert "Votre session a expiré" in reply.get_data(as_text=True)
    assert response_count() == 0


@pytest.mark.parametrize(
    "content_type", ["application/json", "text/plain", "application/xml", "image/png"]
)
def test_web_form_refuses_what_a_browser_form_never_sends(client, campaign, content_type):
    fields = form_fields(client, campaign.slug)
    reply = client.post(f"/s/{campaign.slug}", **raw(json.dumps(fields), content_type))
    assert reply.status_code == 415
    assert response_count() == 0


def test_web_form_accepts_multipart(client, campaign):
    fields = form_fields(client, campaign.slug)
    data = {**fields, **valid_answers(commentaire="Bien")}
    reply = client.post(f"/s/{campaign.slug}", data=data, content_type="multipart/form-data")
    assert reply.status_code == 200 and stored_texts() == ["Bien"]  # thanked


@pytest.mark.parametrize(
    "url,status", [("/s/accueil%00", 404), ("/s/{slug}?lang=%00", 400), ("/admin/?q=%00", 400)]
)
def test_nul_in_the_address_is_refused_before_any_query(client, campaign, url, status):
    assert client.get(url.format(slug=campaign.slug)).status_code == status


def test_admin_form_field_with_a_nul_byte_is_422_not_a_database_error(client, campaign):
    from tests.app.admin_helpers import csrf_token

    token = csrf_token(client)
    reply = client.post(
        "/admin/login", data={"login": "a\x00", "password": "x", "csrf_token": token}
    )
    assert reply.status_code == 422


def _check(reply, row: Row, before: int) -> None:
    if row.code:
        body = reply.get_json()
        codes = [e["code"] for e in body.get("errors", [])] + [body.get("error")]
        assert row.code in codes, body
    _check_stored(row, before)


def _check_stored(row: Row, before: int) -> None:
    texts = stored_texts()
    assert all("\x00" not in text for text in texts)
    if row.stored is None:
        assert response_count() == before, "a refused response was stored"
    else:
        assert response_count() == before + 1
        assert row.stored in texts
