"""Small static files written into the public pages themselves, allowed by their hash.

On a slow phone network every request costs a round trip before the first paint: the
public pages carry survey.css and their few lines of script inline, so the first answer
is all the browser needs. The Content-Security-Policy still forbids inline code: it
names the SHA-256 of each of these files, so only their exact text runs (CSP level 2).
The files stay the one source of truth, read again when they change on disk.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from time import monotonic

from flask import Flask, current_app
from markupsafe import Markup

STYLES = ("survey.css",)
SCRIPTS = ("survey.js", "thanks.js")
BASE_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors {framed_by}"
)


@dataclass(frozen=True)
class InlineFile:
    text: str
    source: str
    """The CSP source that allows exactly this text: 'sha256-…'."""


@lru_cache(maxsize=16)
def _read(path: str, mtime_ns: int, size: int) -> InlineFile:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if "</" in text:  # would end the <style> or <script> element early
        raise ValueError(f"{path}: an inlined file cannot contain '</'")
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return InlineFile(text, f"'sha256-{digest}'")


RECHECK_AFTER = 1.0
"""Seconds the files' texts are used before their modification times are looked at again."""


@dataclass(frozen=True)
class _Snapshot:
    """The inlined files as last looked at, and what each answer derives from them."""

    checked_at: float
    files: dict[str, InlineFile]
    version: tuple[str, ...]
    page_sources: str
    """The policy's style-src and script-src for a page."""


_snapshots: dict[str, _Snapshot] = {}
"""Per static folder (an app's)."""


def _snapshot() -> _Snapshot:
    """The inlined files of this app, looked at on disk once a second at most: every public
    page asks for each of them for its cache key, its policy and (first rendering) its text,
    an os.stat each. Text, hash, key and policy come from one snapshot, so they agree; an
    edit shows within a second."""
    folder = current_app.static_folder or ""
    now = monotonic()
    kept = _snapshots.get(folder)
    if kept is not None and now - kept.checked_at < RECHECK_AFTER:
        return kept
    files = {}
    for name in STYLES + SCRIPTS:
        path = os.path.join(folder, name)
        stat = os.stat(path)
        files[name] = _read(path, stat.st_mtime_ns, stat.st_size)
    styles = " ".join(files[name].source for name in STYLES)
    scripts = " ".join(files[name].source for name in SCRIPTS)
    kept = _snapshots[folder] = _Snapshot(
        now,
        files,
        tuple(files[name].source for name in STYLES + SCRIPTS),
        f"style-src 'self' {styles}; script-src 'self' {scripts}",
    )
    return kept


def inline_file(filename: str) -> InlineFile:
    """A static file's text and hash; keyed on its modification time, as static URLs are."""
    found = _snapshot().files.get(filename)
    if found is not None:
        return found
    path = os.path.join(current_app.static_folder or "", filename)
    stat = os.stat(path)
    return _read(path, stat.st_mtime_ns, stat.st_size)


def inline_version() -> tuple[str, ...]:
    """What changes when an inlined file does: part of the key of a cached page."""
    return _snapshot().version


def inline_style(filename: str) -> Markup:
    return Markup(f"<style>{inline_file(filename).text}</style>")


def inline_script(filename: str) -> Markup:
    return Markup(f"<script>{inline_file(filename).text}</script>")


def content_security_policy(is_page: bool, framed_by: str = "'none'") -> str:
    """The policy of every answer; a page's also allows the inlined files, by hash.
    `framed_by` "'self'" lets this site's own pages frame it (the admin's previews)."""
    base = BASE_POLICY.format(framed_by=framed_by)
    if not is_page:
        return base
    return f"{base}; {_snapshot().page_sources}"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(inline_style=inline_style, inline_script=inline_script)
