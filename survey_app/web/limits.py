"""Rate limits (Flask-Limiter), app-wide: the public form, the JSON API, tablets, logins.

Counters are keyed by a keyed hash of the client's address (after ProxyFix) and live
in memory or Redis (RATELIMIT_STORAGE_URI), expiring with their window: nothing that
identifies a person is stored. If Redis is unreachable, requests pass unlimited rather
than fail: a lost response is worse than an unthrottled script.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import lru_cache

from flask import Flask, current_app, render_template, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from limits import RateLimitItem, parse_many
from werkzeug.exceptions import TooManyRequests

from ..collect.sources import keyed_hash
from . import limit_store  # noqa: F401  (registers the sqlite:/// storage scheme)

ADDRESS_KEY = "survey.address_key"
"""WSGI environ key: this request's address_key (kept with the request, not `g`)."""


def address_key() -> str:
    """The client's address (the proxy's view of it when TRUSTED_PROXIES is set), hashed
    once per request (each limit of a request, per minute and per hour, asks for it)."""
    key = request.environ.get(ADDRESS_KEY)
    if key is None:
        key = request.environ[ADDRESS_KEY] = "addr:" + keyed_hash(request.remote_addr or "")
    return key


limiter = Limiter(key_func=address_key, headers_enabled=False, swallow_errors=True)


def rate(setting: str) -> Callable[[], str]:
    """The limit as configured for this app, read at request time."""
    return lambda: current_app.config[setting]


def retry_after_seconds() -> int:
    """Whole seconds until the breached limit's window resets (at least 1)."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    return _seconds_until(breached.reset_at, breached.limit)


def _seconds_until(reset_at: float, limit: RateLimitItem) -> int:
    return min(limit.get_expiry(), max(1, math.ceil(reset_at - time.time())))


@lru_cache(maxsize=32)
def _parsed(value: str) -> tuple[RateLimitItem, ...]:
    return tuple(sorted(parse_many(value)))  # shortest window first, as Flask-Limiter


def count_request(setting: str, scope: str):
    """Count this request against the limit `setting`, per address in the limiter's storage
    (shared by the workers, or Redis): None, or the 429 to answer when it is over.

    What `@limiter.limit(rate(setting))` does, for the public form's POST alone: Flask-
    Limiter works out a request's limits in its before-request hook and again in the
    route's decorator, 8 % of a worker's busy time under the form's load. The view must be
    left to this (its endpoint filtered out of Flask-Limiter, see public/views.py). As with
    Flask-Limiter here (swallow_errors), an unreachable storage lets the request through."""
    if not (limiter.enabled and limiter.initialized):
        return None
    key = address_key()
    try:
        strategy = limiter.limiter
        for limit in _parsed(current_app.config[setting]):
            if not strategy.hit(limit, key, scope):
                reset_at = strategy.get_window_stats(limit, key, scope).reset_time
                break
        else:
            return None
    except Exception:  # the storage: Redis down, the counters' file unwritable
        current_app.logger.exception("Failed to rate limit. Swallowing error")
        return None
    return refusal(_seconds_until(reset_at, limit))


def with_retry_after(response):
    """The 429 `response` (any view return value) with its Retry-After header."""
    response = current_app.make_response(response)
    response.headers["Retry-After"] = str(retry_after_seconds())
    return response


def too_many_requests(exc: RateLimitExceeded):
    return refusal(retry_after_seconds())


def refusal(seconds: int):
    """The 429 answer, JSON for the API and a page otherwise, with its Retry-After."""
    if request.path.startswith("/api/"):
        body = {
            "error": "too_many_requests",
            "message": f"too many requests from this address: retry in {seconds} seconds",
            "retry_after": seconds,
        }
    else:
        # «Patientez une minute» only when that is true (not for the hour's limit)
        body = render_template("error.html", error=TooManyRequests(), retry_after=seconds)
    response = current_app.make_response((body, 429))
    response.headers["Retry-After"] = str(seconds)
    return response


def init_app(app: Flask) -> None:
    if app.config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        # A Redis that stops answering must not hold requests: give up after 2 s.
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 2, "socket_timeout": 2}
        )
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, too_many_requests)
