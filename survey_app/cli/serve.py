"""`survey serve`: the production WSGI server (gunicorn), printing the URLs."""

from __future__ import annotations

import importlib

import click
from flask import current_app
from flask.cli import with_appcontext
from gunicorn.app.base import BaseApplication
from sqlalchemy import select

from ..core.db import db
from ..core.models import Campaign
from ..core.public_address import is_loopback, public_address


def public_base_url() -> str:
    """SURVEY_BASE_URL, else the address saved in the workspace, else http://HOST:PORT."""
    config = current_app.config
    return public_address(db.session, config).base(f"http://{config['HOST']}:{config['PORT']}")


def address_warning_lines() -> list[str]:
    """How to set the public address, while the links printed reach only this machine."""
    address = public_address(db.session, current_app.config)
    url = public_base_url()
    if address.source != "unset" and not is_loopback(url):
        return []
    what = "is not set" if address.source == "unset" else f"is {url}"
    return [
        f"Warning: the public address {what}: QR codes, posters and tablet pairing",
        f"  links point to {url}, which phones and tablets cannot reach.",
        "  Set it in the workspace as an administrator (Sites > Adresse publique du",
        "  service: /admin/public-address), or start with",
        "  SURVEY_BASE_URL=https://surveys.example.org (which wins).",
    ]


def service_urls() -> list[tuple[str, str]]:
    base = public_base_url()
    campaigns = db.session.scalars(
        select(Campaign).filter_by(status="open").order_by(Campaign.id)
    ).all()
    urls = [("Home page (open campaigns)", f"{base}/")]
    urls += [(f"Public survey ({c.title})", f"{base}/s/{c.slug}") for c in campaigns]
    urls += [("Kiosk (hall tablet)", f"{base}/kiosk/"), ("Administration", f"{base}/admin/")]
    return urls


DOCUMENT_RENDERERS = (
    "analysis.report.static_charts",
    "matplotlib.backends.backend_agg",
    "analysis.report.word",
    "analysis.report.pdf",
    "analysis.report.html",
    "analysis.report.excel",
)
"""Imported once by gunicorn's master before it forks the workers, which share them: the
officer's first bilan from a worker no longer waits ~1 s for matplotlib, python-docx,
fpdf2, plotly and openpyxl to load (docs/benchmarks.md, documents)."""


def preload_document_renderers() -> None:
    for name in DOCUMENT_RENDERERS:
        importlib.import_module(name)


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict, banner: list[str]):
        self.options = options
        self.banner = banner
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

        def when_ready(_server):
            click.echo("\n".join(self.banner), err=False)

        self.cfg.set("when_ready", when_ready)

    def load(self):
        from .. import create_app

        return create_app()


@click.command()
@click.option("--host", default=None, help="Address to listen on (default SURVEY_HOST).")
@click.option("--port", type=int, default=None, help="Port (default SURVEY_PORT).")
@click.option(
    "--workers", type=int, default=None, help="Worker processes (default SURVEY_WORKERS)."
)
@with_appcontext
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the app with gunicorn and print the public, kiosk and admin URLs."""
    config = current_app.config
    host, port = host or config["HOST"], port or config["PORT"]
    config["HOST"], config["PORT"] = host, port
    lines = ["", "Survey service running:"]
    lines += [f"  {label:32} {url}" for label, url in service_urls()]
    warning = address_warning_lines()
    lines += ["", *warning] if warning else []
    lines += ["Stop with Ctrl+C.", ""]
    db.session.remove()
    db.engine.dispose()  # workers open their own connections after the fork
    preload_document_renderers()
    options = {
        "bind": f"{host}:{port}",
        "workers": workers or config["WORKERS"],
        "accesslog": None,  # no IP addresses in logs: nothing identifies a respondent
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": config["WORKER_TIMEOUT"],
        "graceful_timeout": 10,
        # gunicorn believes X-Forwarded-Proto from 127.0.0.1 by default, whatever
        # TRUSTED_PROXIES says: the app's ProxyFix alone decides, as configured.
        "forwarded_allow_ips": "",
        "umask": 0o077,  # files gunicorn writes (control socket, temporary files): private
    }
    _Gunicorn(options, lines).run()
