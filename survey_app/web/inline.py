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
"""Seconds a file's text is used before its modification time is looked at again."""
_checked: dict[str, tuple[float, InlineFile]] = {}


def inline_file(filename: str) -> InlineFile:
    """A static file's text and hash; keyed on its modification time, as static URLs are.

    Each public page asks for every file twice (its cache key, its policy): the files are
    looked at on disk once a second at most, so an edit shows within a second.
    """
    path = os.path.join(current_app.static_folder or "", filename)
    now = monotonic()
    checked = _checked.get(path)
    if checked is not None and now - checked[0] < RECHECK_AFTER:
        return checked[1]
    stat = os.stat(path)
    found = _read(path, stat.st_mtime_ns, stat.st_size)
    _checked[path] = (now, found)
    return found


def inline_version() -> tuple[str, ...]:
    """What changes when an inlined file does: part of the key of a cached page."""
    return tuple(inline_file(name).source for name in STYLES + SCRIPTS)


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
    styles = " ".join(inline_file(name).source for name in STYLES)
    scripts = " ".join(inline_file(name).source for name in SCRIPTS)
    return f"{base}; style-src 'self' {styles}; script-src 'self' {scripts}"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(inline_style=inline_style, inline_script=inline_script)
