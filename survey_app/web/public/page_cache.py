"""Public pages rendered once, then filled in: the blank form and the thank-you page.

Rendering the questionnaire was two thirds of a form GET. What a page shows depends only
on the questionnaire version (frozen: its content hash never changes meaning), the
language, the campaign's address and its site's name, all in the key, so a changed
version or a renamed site is a new entry, never a stale one. The few values that differ
per request (the CSRF token, the response id) are cut out of the first rendering and
put back into every copy; the parts between them are kept compressed as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cached_property

from flask import Flask, Response, current_app, request

from ..inline import inline_version
from ..spliced_gzip import compress_part, gzip_member

MAX_PAGES = 256
"""Entries kept per process: a campaign's form and thank-you page in each of its languages."""


@dataclass(frozen=True)
class CachedPage:
    """A rendered page cut around its per-request values; each constant part is also kept
    compressed on its own (spliced_gzip): a copy costs neither rendering nor compressing."""

    parts: tuple[bytes, ...]
    """The page's UTF-8 text between the values: one more than `names`."""
    names: tuple[str, ...]
    """The name of the value that comes after each part but the last, in text order."""
    compressed: tuple[bytes, ...]

    @classmethod
    def cut(cls, html: str, values: dict[str, str]) -> CachedPage:
        """Cut `html` wherever one of the values occurs (a token or a UUID never occurs by
        chance, and each may occur more than once)."""
        if not all(values.values()):
            raise ValueError("an empty value cannot be cut out of a page")
        by_value = {value: name for name, value in values.items()}
        pattern = re.compile("|".join(re.escape(value) for value in by_value))
        parts, names, start = [], [], 0
        for match in pattern.finditer(html) if by_value else ():
            parts.append(html[start : match.start()].encode())
            names.append(by_value[match.group()])
            start = match.end()
        parts.append(html[start:].encode())
        return cls(tuple(parts), tuple(names), tuple(compress_part(p) for p in parts))

    def text(self, values: dict[str, str]) -> bytes:
        pieces = [self.parts[0]]
        for name, part in zip(self.names, self.parts[1:], strict=True):
            pieces += [values[name].encode(), part]
        return b"".join(pieces)

    def gzip(self, values: dict[str, str]) -> bytes:
        if not self.names:  # the same bytes for everyone (the thank-you page): made once
            return self._whole_gzip
        pieces = [(self.parts[0], self.compressed[0])]
        rest = zip(self.names, self.parts[1:], self.compressed[1:], strict=True)
        for name, part, compressed in rest:
            pieces += [(values[name].encode(), None), (part, compressed)]
        return gzip_member(pieces)

    @cached_property
    def _whole_gzip(self) -> bytes:
        return gzip_member([(self.parts[0], self.compressed[0])])


def page_key(kind: str, campaign, questionnaire, lang: str) -> tuple[Hashable, ...]:
    """Everything a public page's text depends on, besides the per-request values."""
    return (
        kind,
        campaign.slug,
        campaign.site.name,
        questionnaire.content_hash,
        lang,
        request.script_root,  # the application's prefix in every link
        inline_version(),
    )


def cached_page(key: tuple[Hashable, ...], render: Callable[[], str], **values: str) -> Response:
    """The page under `key` with `values` put in, gzipped when the browser takes gzip.

    `render()` makes the page the first time; it must show these same values, which are
    cut out of it. Gzip rather than brotli: only gzip can be spliced from parts.
    """
    pages: dict = current_app.extensions["public_pages"]
    page = pages.get(key)
    if page is None:
        if len(pages) >= MAX_PAGES:
            pages.clear()  # many campaigns and languages: start again rather than grow
        page = pages[key] = CachedPage.cut(render(), values)
    if request.accept_encodings["gzip"]:
        response = Response(page.gzip(values), mimetype="text/html")
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(page.text(values), mimetype="text/html")
    response.vary.add("Accept-Encoding")
    return response


def init_app(app: Flask) -> None:
    # Per application: its settings (controller name, accessibility status) are in the pages.
    app.extensions["public_pages"] = {}
