"""What the public form keeps in the visitor's browser, and its CSRF token, without a session.

One cookie per campaign (`form_<slug>`, path /s/<slug>, HttpOnly, SameSite=Lax): a random
nonce, the response id this browser last sent to the campaign and the one its form was
shown again with (Back), which views.py needs to store a response once. The page's CSRF
token is the HMAC, under the app's secret, of the campaign, that nonce and the time it was
issued (OWASP's signed double-submit cookie): a token taken from a page that another
browser was shown (an attacker's) is refused without that browser's nonce, as Flask-WTF's
token bound to the session was, and it expires after CSRF_TIME_LIMIT as that one did.

Why not Flask's session: opening, signing and saving it on the GET and the POST, and
signing then checking Flask-WTF's token, cost a tenth of a form submission's CPU. Nothing
in the cookie needs signing: the ids are ones this browser sends in the form anyway (a
changed cookie can do no more than a changed hidden field), and a nonce is worth nothing
without the token the server signed for it. Every other form keeps Flask-WTF.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
import uuid
from dataclasses import dataclass

from flask import Response, current_app, request

COOKIE_PREFIX = "form_"
NONCE = re.compile(r"^[A-Za-z0-9_-]{22}$")
_KEY = "survey.form_token_key"
"""app.extensions key: (SECRET_KEY, the HMAC key derived from it)."""
VISIT = "survey.form_visit"
"""WSGI environ key: this request's Visit (kept with the request: `g` lives as long as the
app context, which a test may hold across requests)."""
CLOCK_SKEW = 60
"""Seconds a token may seem issued in the future (servers sharing limits through Redis)."""


@dataclass
class Visit:
    """This browser and one campaign's form; `is_changed` when the cookie must be sent."""

    slug: str
    nonce: str
    answered: str | None = None
    """The response id this browser last sent (stored) to the campaign."""
    served_again: str | None = None
    """That id, once the form was shown again with it."""
    is_new: bool = False
    """No usable cookie came with the request: no token can be valid for this nonce."""
    is_changed: bool = False

    def answer(self, response_id: str) -> None:
        self.answered, self.is_changed = response_id, True

    def serve_again(self, response_id: str) -> None:
        if self.served_again != response_id:
            self.served_again, self.is_changed = response_id, True

    def token(self, now: float | None = None) -> str:
        """A CSRF token for this browser's form, issued now (or at `now`); a new nonce is
        sent with it (no cookie for a page without a form: closed, not yet open)."""
        if self.is_new:
            self.is_changed = True
        issued_at = str(int(time.time() if now is None else now))
        return f"{issued_at}.{self._mac(issued_at)}"

    def accepts(self, token: str | None) -> bool:
        """Whether `token` was issued by this app for this browser, within the time limit."""
        if self.is_new or not token:
            return False
        issued_at, _, mac = token.partition(".")
        if not issued_at.isdigit() or len(issued_at) > 12:
            return False
        if not hmac.compare_digest(mac, self._mac(issued_at)):
            return False
        age = time.time() - int(issued_at)
        limit = current_app.config["WTF_CSRF_TIME_LIMIT"]
        return age >= -CLOCK_SKEW and (limit is None or age <= limit)

    def _mac(self, issued_at: str) -> str:
        message = f"{self.slug}|{self.nonce}|{issued_at}".encode()
        digest = hmac.new(_key(), message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def cookie_value(self) -> str:
        return f"{self.nonce}.{self.answered or ''}.{self.served_again or ''}"


def _key() -> bytes:
    """The HMAC key of the tokens, derived from SECRET_KEY (once per app and secret)."""
    secret = current_app.config["SECRET_KEY"]
    kept = current_app.extensions.get(_KEY)
    if kept is None or kept[0] != secret:
        raw = secret.encode() if isinstance(secret, str) else secret
        key = hmac.new(raw, b"survey public form csrf token", hashlib.sha256).digest()
        kept = current_app.extensions[_KEY] = (secret, key)
    return kept[1]


def _uuid_or_none(value: str) -> str | None:
    if not value:
        return None
    try:
        normalised = str(uuid.UUID(value))
    except ValueError:
        return None
    return normalised if normalised == value else None


def visit(slug: str) -> Visit:
    """This request's browser and campaign `slug`, read once from its cookie (or a new one)."""
    kept = request.environ.get(VISIT)
    if kept is not None and kept.slug == slug:
        return kept
    nonce, _, rest = request.cookies.get(COOKIE_PREFIX + slug, "").partition(".")
    answered, _, served_again = rest.partition(".")
    if NONCE.match(nonce):
        found = Visit(slug, nonce, _uuid_or_none(answered), _uuid_or_none(served_again))
    else:  # none, or not one of ours: a new nonce, sent with the first token or id
        found = Visit(slug, secrets.token_urlsafe(16), is_new=True)
    request.environ[VISIT] = found
    return found


def save_visit(response: Response) -> Response:
    """After a public form request: send the cookie if what it holds changed."""
    found: Visit | None = request.environ.get(VISIT)
    if found is not None and found.is_changed:
        response.set_cookie(
            COOKIE_PREFIX + found.slug,
            found.cookie_value(),
            path=f"{request.script_root}/s/{found.slug}",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    return response
