"""Serves the static kiosk/ folder; sw.js gets the shell's file list and version filled in.

The version is a hash of every shell file, so any change makes tablets fetch the
new shell once, without a build step or a number to bump by hand.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.resources import files
from pathlib import Path

from flask import Blueprint, Response, abort, redirect, send_from_directory

from ..public import legal

bp = Blueprint("kiosk", __name__)
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".png": "image/png",
}
WORKER = "sw.js"


def kiosk_dir() -> Path:
    return Path(str(files("kiosk")))


@cache
def shell_files() -> tuple[str, ...]:
    """Every file the tablet needs offline, relative to /kiosk/ (not the worker itself)."""
    root = kiosk_dir()
    found = (p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return tuple(sorted(f for f in found if Path(f).suffix in TYPES and f != WORKER))


@cache
def _files_digest() -> str:
    digest = hashlib.sha256()
    for name in (*shell_files(), WORKER):
        digest.update(name.encode() + b"\0" + (kiosk_dir() / name).read_bytes())
    return digest.hexdigest()


def shell_version() -> str:
    """The files' hash and the legal pages' (rendered from the settings), in one."""
    both = f"{_files_digest()}:{legal.kiosk_digest()}:{legal.kiosk_welcome_links()}"
    return hashlib.sha256(both.encode()).hexdigest()[:16]


def kiosk_languages() -> list[str]:
    """The languages the tablet has its own words in (kiosk/i18n/<lang>.json), French then
    English first."""
    found = [Path(f).stem for f in shell_files() if f.startswith("i18n/") and f.endswith(".json")]
    return sorted(found, key=lambda code: (code != "fr", code != "en", code))


def _no_cache(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/kiosk")
def kiosk_root():
    return redirect("/kiosk/", code=308)


@bp.get("/kiosk/")
def index():
    """The shell, with the welcome screen's links to the legal pages filled in."""
    page = (kiosk_dir() / "index.html").read_text(encoding="utf-8")
    page = page.replace("<!--legal-links-->", legal.kiosk_welcome_links())
    return _no_cache(Response(page, mimetype=TYPES[".html"]))


@bp.get("/kiosk/version.json")
def version():
    return _no_cache(Response(json.dumps({"version": shell_version()}), mimetype=TYPES[".json"]))


@bp.get(f"/kiosk/{WORKER}")
def worker():
    source = (kiosk_dir() / WORKER).read_text(encoding="utf-8")
    source = source.replace('"__SHELL_VERSION__"', json.dumps(shell_version()))
    source = source.replace(
        '["__SHELL_FILES__"]',
        json.dumps(["./", "version.json", *shell_files(), *legal.kiosk_files()]),
    )
    return _no_cache(Response(source, mimetype=TYPES[".js"]))


@bp.get("/kiosk/<path:filename>")
def asset(filename: str):
    if filename not in shell_files():
        abort(404)
    if filename == "index.html":
        return index()
    return _send(filename)


def _send(filename: str) -> Response:
    response = send_from_directory(kiosk_dir(), filename)
    response.headers["Content-Type"] = TYPES[Path(filename).suffix]
    return response
