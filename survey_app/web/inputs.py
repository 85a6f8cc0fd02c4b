"""Request shape checks shared by every view: content types, NUL bytes, JSON bodies.

What reaches a view has a declared form or JSON body and no NUL byte in its URL or
form fields (PostgreSQL refuses NUL in text, SQLite would store it: both must answer
the same). JSON bodies are parsed here with clear errors for bad UTF-8 and deep nesting.
The public survey form checks its own fields, so its errors show next to each question.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

from flask import Flask, abort, current_app, request
from werkzeug.datastructures import MultiDict

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
OWN_FIELD_CHECKS = frozenset({"public.survey"})
"""Form views that report a NUL byte per field themselves (as a 422 with the form)."""


def json_object() -> tuple[dict[str, Any] | None, dict[str, str] | None]:
    """The request's JSON object, or (None, a field error) saying what is wrong with it.

    A body larger than MAX_REQUEST_BYTES stops earlier with a 413.
    """
    data = request.get_data(cache=True)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"the body is not valid UTF-8 (byte {exc.start})"
        return None, _error("invalid_utf8", message)
    try:
        body = json.loads(text)
    except RecursionError:
        return None, _error("too_deep", "the body is nested too deeply")
    except ValueError as exc:
        return None, _error("invalid_json", f"the body is not valid JSON: {exc}"[:200])
    if not isinstance(body, dict):
        return None, _error("not_an_object", "the body must be a JSON object")
    return body, None


def _error(code: str, message: str) -> dict[str, str]:
    return {"field": "body", "code": code, "message": message}


def has_unstorable(value: Any) -> bool:
    """A NUL byte or a lone surrogate (no database can store either) in a string, or
    in the keys and values of a JSON structure."""
    if isinstance(value, str):
        return UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(has_unstorable(k) or has_unstorable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_unstorable(v) for v in value)
    return False


def accepts_uploads(view):
    """Mark an admin view that takes a file: its body may reach MAX_UPLOAD_BYTES."""
    view.accepts_uploads = True
    return view


def allow_uploads() -> None:
    """A view marked accepts_uploads may receive MAX_UPLOAD_BYTES (Flask 3.1's per-request
    limit), set before any hook reads the body (check_request, then CSRF, read the form)."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and getattr(view, "accepts_uploads", False):
        request.max_content_length = current_app.config["MAX_UPLOAD_BYTES"]


TOO_LARGE = "survey.body_too_large"
"""environ key: a chunked body went past MAX_CONTENT_LENGTH (ChunkedBodyLimit)."""


class ChunkedBodyLimit:
    """WSGI middleware: a chunked body (no Content-Length) is read here up to the limit.

    Werkzeug caps such a stream at MAX_CONTENT_LENGTH by cutting it short without a word,
    so an oversized JSON body reached the views truncated (a 422) and a form as garbage
    (a 400). Read here, a body within the limit is handed on with its length, and one
    past it is replaced by nothing and marked, for check_request's 413.
    """

    def __init__(self, wsgi_app, max_bytes: int):
        self.wsgi_app = wsgi_app
        self.max_bytes = max_bytes

    def __call__(self, environ, start_response):
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not environ.get("CONTENT_LENGTH"):
            body = environ["wsgi.input"].read(self.max_bytes + 1)
            if len(body) > self.max_bytes:
                environ[TOO_LARGE] = True
                body = b""
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.wsgi_app(environ, start_response)


def check_request() -> None:
    """Refuse what no view should see: NUL in the URL, undeclared or NUL-bearing forms."""
    if request.environ.get(TOO_LARGE):
        abort(413)
    if has_unstorable(request.path):
        abort(404)
    if _any_unstorable(request.args):
        abort(400, description="Adresse invalide : caractère nul.")
    if request.method in ("GET", "HEAD", "OPTIONS") or request.path.startswith("/api/"):
        return  # the JSON APIs check their own content type (415) and fields (422)
    if _has_body() and request.mimetype not in FORM_TYPES:
        abort(415, description="Envoyez le formulaire tel que le navigateur le présente.")
    if request.endpoint not in OWN_FIELD_CHECKS and _any_unstorable(request.form):
        abort(422, description="Un champ contient un caractère nul.")


def _any_unstorable(fields: MultiDict) -> bool:
    return any(has_unstorable(k) or has_unstorable(v) for k, v in fields.items(multi=True))


def _has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "")


def init_app(app: Flask) -> None:
    """Before CSRF and views (call before web.init_app): a 415 is not a missing token."""
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, app.config["MAX_CONTENT_LENGTH"])
    app.before_request(allow_uploads)
    app.before_request(check_request)
