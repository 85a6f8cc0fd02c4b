"""/admin/aide: the officer guide (docs/officer-guide.md, its only source) as a page.

The package reaches it as survey_app/help/officer-guide.md: a link to it in the checkout,
the file itself in a wheel (setuptools copies what the link points to), so the page works
from an installed package as from the checkout.

Rendered by markdown-it-py (CommonMark, tables), raw HTML off: the guide is written by the
project, and still nothing in it reaches the page unescaped. Each section heading gets an
id, listed as a table of contents.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from flask import abort, render_template
from markdown_it import MarkdownIt
from markupsafe import Markup

from .access import EVERYONE, roles_required
from .blueprint import bp

GUIDE = Path(__file__).resolve().parents[2] / "help" / "officer-guide.md"


def _anchor(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "section"


@cache
def _rendered(mtime: float) -> tuple[Markup, Markup, list[tuple[str, str]]]:
    """(the title and introduction, the sections, the table of contents)."""
    del mtime  # the cache key: a changed guide renders again
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    # Tables scroll inside their own box on a phone, as the workspace's do.
    parser.add_render_rule(
        "table_open", lambda *a: '<div class="table-wrap"><table class="table">\n'
    )
    parser.add_render_rule("table_close", lambda *a: "</table></div>\n")
    tokens = parser.parse(GUIDE.read_text(encoding="utf-8"))
    contents, seen, first_section = [], set(), len(tokens)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            first_section = min(first_section, index)
            title = "".join(child.content for child in tokens[index + 1].children or [])
            anchor = _anchor(title)
            while anchor in seen:
                anchor += "-2"
            seen.add(anchor)
            token.attrSet("id", anchor)
            if token.tag == "h2":
                contents.append((anchor, title))

    def render(part: list) -> Markup:
        return Markup(parser.renderer.render(part, parser.options, {}))

    return render(tokens[:first_section]), render(tokens[first_section:]), contents


@bp.get("/aide")
@roles_required(*EVERYONE)
def help_page():
    if not GUIDE.is_file():
        abort(404, description="Le guide (docs/officer-guide.md) manque sur ce serveur.")
    intro, body, contents = _rendered(GUIDE.stat().st_mtime)
    return render_template("admin/help.html", intro=intro, body=body, contents=contents)
