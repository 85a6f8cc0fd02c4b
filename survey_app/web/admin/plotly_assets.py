"""plotly.js and its CSS, served from the installed plotly package under a strict CSP.

plotly.js injects <style> elements unless elements with the ids it looks for already
exist (its own "no-inline-styles" escape hatch); the pages link them to this stylesheet,
built once from the rules inside plotly.min.js, so no inline style is ever needed.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from flask import Response, send_file

from .access import EVERYONE, roles_required
from .blueprint import bp

GLOBAL_STYLE_ID = "plotly.js-style-global"
_PAIR = re.compile(r'"([^"]+)":(?:\'([^\']*)\'|"([^"]*)")')
_STYLE_IDS = re.compile(r'getElementById\("([0-9a-f]{64})"\)')


def _bundle() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@cache
def _source() -> str:
    return _bundle().read_text(encoding="utf-8")


@cache
def plotly_css() -> str:
    """plotly's own rules (X = .js-plotly-plot .plotly, Y = .plotly-notifier) as a stylesheet."""
    found = re.search(r'\{("X,X div":.*?)\};for\(\w+ in \w+\)', _source(), re.S)
    if found is None:  # another plotly version: charts still draw, only unstyled extras
        return "/* plotly rules not found in this plotly.js build */\n"
    rules = []
    for selector, single, double in _PAIR.findall("{" + found.group(1) + "}"):
        selector = selector.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        rules.append(f"{selector}{{{single or double}}}")
    return "\n".join(rules) + "\n"


@cache
def style_ids() -> tuple[str, ...]:
    """Ids plotly.js checks before injecting a <style> element of its own."""
    return (GLOBAL_STYLE_ID, *dict.fromkeys(_STYLE_IDS.findall(_source())))


@bp.get("/assets/plotly.min.js")
@roles_required(*EVERYONE)
def plotly_js():
    """plotly.js from the installed plotly package: no CDN, nothing fetched from elsewhere."""
    return send_file(_bundle(), mimetype="text/javascript", max_age=86400)


@bp.get("/assets/plotly.css")
@roles_required(*EVERYONE)
def plotly_stylesheet():
    return Response(plotly_css(), mimetype="text/css", headers={"Cache-Control": "max-age=86400"})


@bp.app_context_processor
def plotly_links() -> dict:
    return {"plotly_style_ids": style_ids}
