"""The web service: create_app() wires config, database, i18n and blueprints."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .core.settings import ConfigError, load_settings

if TYPE_CHECKING:  # imported by create_app: `survey --help` starts without Flask
    from flask import Flask

__all__ = ["ConfigError", "create_app"]


def prepare_instance() -> Path:
    """The instance folder (SURVEY_INSTANCE_PATH, else Flask's default for this package),
    made before anything writes there; matplotlib pointed at it. create_app calls it, and
    `survey report` before it starts the process drawing the charts, which inherits it."""
    configured = os.environ.get("SURVEY_INSTANCE_PATH")
    if configured:
        folder = Path(configured)
    else:  # as Flask.auto_find_instance_path finds it
        from flask.sansio.scaffold import find_package

        prefix, package_path = find_package(__name__)
        folder = (
            Path(package_path, "instance")
            if prefix is None
            else Path(prefix, "var", f"{__name__}-instance")
        )
    # The database, secret key and rate-limit counters live here: the service's alone.
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    # matplotlib (the DOCX and PDF charts) keeps its font list here, not in a home folder
    # that a service account may not have (it would then scan the fonts again in every
    # process), and reads no matplotlibrc of the user's that could restyle the charts.
    os.environ.setdefault("MPLCONFIGDIR", str(folder / "matplotlib"))
    return folder


def create_app(test_config: Mapping[str, Any] | None = None, *, is_web: bool = True) -> Flask:
    """Build the app; raise ConfigError (one line, naming the setting) on bad config.

    The `survey` command builds it with `is_web=False`: configuration, database and
    translations only, no blueprints, so a command starts without importing the web stack.
    """
    from flask import Flask

    app = Flask(__name__, instance_path=str(prepare_instance()), instance_relative_config=True)
    settings = load_settings(app.instance_path, overrides=test_config)
    app.config.update(settings)
    app.config.update(_derived(app, settings))
    if test_config:
        app.config.update({k: v for k, v in test_config.items() if k not in settings})

    from .core import catalog, db
    from .counts import guard  # noqa: F401 - registers the folded counts' ORM guard
    from .web import i18n

    catalog.check_bundled()
    db.init_app(app)
    i18n.init_app(app)
    if is_web:
        from . import web

        web.init_app(app)
    return app


def _derived(app: Flask, settings: dict[str, Any]) -> dict[str, Any]:
    url = settings["DATABASE_URL"] or f"sqlite:///{Path(app.instance_path) / 'survey.db'}"
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": settings["SECRET_KEY"] or _instance_secret(Path(app.instance_path)),
        "MAX_CONTENT_LENGTH": settings["MAX_REQUEST_BYTES"],
        "WTF_CSRF_TIME_LIMIT": settings["CSRF_TIME_LIMIT"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": settings["SECURE_COOKIES"],
        "JSON_SORT_KEYS": False,
        # Counters every worker process of this server shares (survey_app/web/limit_store.py).
        "RATELIMIT_STORAGE_URI": settings["RATELIMIT_STORAGE_URI"]
        or f"sqlite:///{Path(app.instance_path).resolve() / 'ratelimits.db'}",
    }


def _instance_secret(instance: Path) -> str:
    """A random key kept in the instance folder, shared by every worker process."""
    path = instance / "secret_key"
    if not path.exists():
        tmp = instance / f".secret_key.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)  # atomic: the first worker wins, the others read its key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
