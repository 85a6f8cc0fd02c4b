"""Serves the tablet's shell at /kiosk/: its page, one script, one stylesheet, the service
worker and one offline pack, so a tablet's first load is a handful of requests.

The page links its files by versioned addresses (`kiosk.js?v=<hash of its content>`),
cached for a year, so the service worker takes them from the browser's HTTP cache instead
of downloading them again. The shell's version is a hash of every shell file and of the
legal pages, so any change makes tablets fetch the new shell once, with no number to bump.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.resources import files
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, redirect, request

from ..public import legal
from . import bundle, compressed

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
SCRIPT = "kiosk.js"  # the entry module; served joined with every module it imports
STYLES = "kiosk.css"  # served joined with the other stylesheets index.html links
WORDS = "words.js"
MANIFEST = "manifest.webmanifest"
ICON = "icon.svg"
PACK = "offline.json"
AHEAD = (SCRIPT, STYLES)  # large and built: compressed once, at the strongest setting
YEAR = "public, max-age=31536000, immutable"


def kiosk_dir() -> Path:
    return Path(str(files("kiosk")))


@cache
def shell_files() -> tuple[str, ...]:
    """Every source file of the shell, relative to /kiosk/ (not the worker itself)."""
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


def _read(name: str) -> str:
    return (kiosk_dir() / name).read_text(encoding="utf-8")


def _words() -> str:
    root = kiosk_dir()
    texts = {code: json.loads(_read(f"i18n/{code}.json")) for code in kiosk_languages()}
    pictograms = {p.stem: p.read_text(encoding="utf-8") for p in root.glob("pictograms/*.svg")}
    return bundle.words_module(_read(WORDS), texts, pictograms)


@cache
def built(name: str) -> bytes:
    """What the shell serves under `name`: the joined script and stylesheet, the manifest
    pointing at the versioned icon, or the file as it is."""
    if name == SCRIPT:
        return bundle.join_modules(lambda m: _words() if m == WORDS else _read(m), SCRIPT).encode()
    if name == STYLES:
        names = bundle.linked_stylesheets(_read("index.html"))
        return bundle.join_stylesheets(kiosk_dir(), names).encode()
    if name == MANIFEST:
        manifest = json.loads(_read(MANIFEST))
        for icon in manifest.get("icons", []):
            icon["src"] = versioned(icon["src"])
        return json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    return (kiosk_dir() / name).read_bytes()


@cache
def content_version(name: str) -> str:
    return hashlib.sha256(built(name)).hexdigest()[:12]


def versioned(name: str) -> str:
    """`kiosk.js?v=<hash of what is served>`: an address that may be cached for a year."""
    return f"{name}?v={content_version(name)}"


def page() -> str:
    """The shell page: one stylesheet, one script, versioned; the legal links filled in."""
    source = _read("index.html")
    source = bundle.link_one_stylesheet(source, versioned(STYLES))
    for name in (SCRIPT, MANIFEST, ICON):
        source = source.replace(f'"{name}"', f'"{versioned(name)}"')
    source = source.replace("__SHELL_VERSION__", shell_version())
    return source.replace("<!--legal-links-->", legal.kiosk_welcome_links())


def pack() -> bytes:
    """Everything offline use needs that the page does not load: the legal pages in every
    language and their script, in one JSON answer. Rendered once per app (settings are
    read at start-up)."""
    if "kiosk_pack" not in current_app.extensions:
        packed = {name: (TYPES[".html"], html) for name, html in legal.kiosk_pages().items()}
        packed["legal.js"] = (TYPES[".js"], _read("legal.js"))
        body = {"files": {name: {"type": t, "body": text} for name, (t, text) in packed.items()}}
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        current_app.extensions["kiosk_pack"] = data
    return current_app.extensions["kiosk_pack"]


def _answer(
    body: bytes | str, content_type: str, version: str | None = None, *, ahead: str | None = None
) -> Response:
    """Cached for a year when asked for by its current version, otherwise checked each time;
    compressed `ahead` (once, under that key) or by Flask-Compress on the way out."""
    if ahead:
        response = compressed.compressed_response(ahead, body, content_type)
    else:
        response = Response(body, content_type=content_type)
        response.add_etag()
    asked = request.args.get("v")
    response.headers["Cache-Control"] = YEAR if asked and asked == version else "no-cache"
    return response.make_conditional(request)


@bp.get("/kiosk")
def kiosk_root():
    return redirect("/kiosk/", code=308)


@bp.get("/kiosk/")
def index():
    return _answer(page(), TYPES[".html"])


@bp.get("/kiosk/version.json")
def version():
    return _answer(json.dumps({"version": shell_version()}), TYPES[".json"])


@bp.get(f"/kiosk/{WORKER}")
def worker():
    fill = {
        '"__SHELL_VERSION__"': shell_version(),
        '["__PAGE_FILES__"]': ["./", versioned(STYLES), versioned(SCRIPT)],
        '["__OPTIONAL_FILES__"]': [versioned(MANIFEST), versioned(ICON)],
        '"__PACK__"': f"{PACK}?v={hashlib.sha256(pack()).hexdigest()[:12]}",
    }
    source = _read(WORKER)
    for placeholder, value in fill.items():
        source = source.replace(placeholder, json.dumps(value))
    return _answer(source, TYPES[".js"])


@bp.get(f"/kiosk/{PACK}")
def offline_pack():
    data = pack()
    digest = hashlib.sha256(data).hexdigest()[:12]
    return _answer(data, TYPES[".json"], digest, ahead=f"{PACK}:{digest}")


@bp.get("/kiosk/<path:filename>")
def asset(filename: str):
    if filename not in shell_files():
        abort(404)
    if filename == "index.html":
        return index()
    version = content_version(filename)
    ahead = f"{filename}:{version}" if filename in AHEAD else None
    return _answer(built(filename), TYPES[Path(filename).suffix], version, ahead=ahead)


def init_app(app: Flask) -> None:
    """Templates (the tablet's legal pages) link the shell's files by versioned address."""
    app.jinja_env.globals["kiosk_asset"] = versioned
