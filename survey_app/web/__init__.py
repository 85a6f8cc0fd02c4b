"""The web: blueprints (public form and results, JSON API, hall tablet, admin workspace)
and what every request goes through (rate limits, inputs, CSRF, headers, i18n).

Nothing heavy at import time: `survey` commands import web.i18n without the web stack.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register every web concern and blueprint, in the order a request meets them."""
    from ..collect import sources
    from . import admin, api, assets, common, inline, inputs, kiosk_api, limits, public

    assets.init_app(app)  # compression first, so that its after-request hook runs last
    limits.init_app(app)  # rate limits first: a flood is turned away before any other work
    inputs.init_app(app)  # then content types and NUL bytes, before the CSRF check
    sources.init_app(app)  # burst detection's histories (memory or Redis)
    common.init_app(app)
    inline.init_app(app)  # survey.css and the public pages' scripts, inside the page
    public.init_app(app)  # the web form and the opt-in public results page
    api.init_app(app)
    kiosk_api.init_app(app)  # the hall tablet: /kiosk/ and /api/v1/kiosk
    admin.init_app(app)  # the quality officer's workspace
