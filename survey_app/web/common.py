"""App-wide web concerns: CSRF, error pages, security headers."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, ServiceUnavailable
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from ..core.db import db
from .inline import content_security_policy

csrf = CSRFProtect()
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)


def wants_json() -> bool:
    return request.path.startswith("/api/")


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building a signer for a request that carries
    no session cookie (every API call, the public form): a new empty session, and nothing
    to save when it stays empty."""

    def open_session(self, app, request):
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if not session and not session.modified:  # none came, none to send (the public form)
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


class RowId(IntegerConverter):
    """`<int:...>` in every route: at most 2**31 - 1, PostgreSQL's integer. A larger number
    typed in the address bar is a 404, not an overflow in the database driver (a 500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = RowId  # before any blueprint adds its routes
    app.session_interface = CookieSessions()
    csrf.init_app(app)
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Only that many proxies' X-Forwarded-* headers are believed (scheme, host, port).
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        # The exception's own headers stay: `Allow` on a 405 (RFC 9110), `WWW-Authenticate`...
        headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        if wants_json():
            body = {"error": exc.name.lower().replace(" ", "_"), "message": exc.description}
            return body, exc.code or 500, headers
        return render_template("error.html", error=exc), exc.code or 500, headers

    @app.errorhandler(OperationalError)
    def database_unavailable(exc: OperationalError):
        # Database down, restarting or locked past the busy timeout: nothing was stored,
        # and the client may safely retry (every write is idempotent on its id).
        app.logger.warning("database unavailable: %s", exc.orig)
        db.session.rollback()
        response = http_error(
            ServiceUnavailable(
                "Le service est momentanément indisponible. Réessayez dans quelques secondes."
            )
        )
        response = app.make_response(response)
        response.headers["Retry-After"] = str(app.config["RETRY_AFTER_SECONDS"])
        return response

    @app.after_request
    def security_headers(response):
        # A view's own value stays. Werkzeug looks a missing header up by raising and
        # catching an HTTP exception: the names are read once instead (the form's hot path).
        headers = response.headers
        present = {name.lower() for name in headers.keys()}
        for name, value in SECURITY_HEADERS:
            if name.lower() not in present:
                headers.add(name, value)
        if "content-security-policy" not in present:
            is_page = response.mimetype == "text/html"
            headers.add("Content-Security-Policy", content_security_policy(is_page))
        if request.is_secure and "strict-transport-security" not in present:
            headers.add("Strict-Transport-Security", "max-age=31536000")
        return response
