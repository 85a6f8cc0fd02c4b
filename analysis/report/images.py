"""Charts as PNG images for the DOCX report, through kaleido and a headless Chromium.

Both are optional: without them the document is still produced, with the tables, and says
what to install. The browser starts once for all charts and loads nothing from the network.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

WIDTH = 900
MISSING = (
    "Graphiques non inclus{reason}. Pour les ajouter, installez kaleido "
    "(.venv/bin/pip install kaleido) et Chromium (apt-get install chromium), "
    "puis relancez la commande."
)


def png_images(figures: Mapping[str, go.Figure]) -> tuple[dict[str, bytes], str | None]:
    """(name -> PNG bytes, None), or ({}, a French note saying what is missing)."""
    if not figures:
        return {}, None
    try:
        import kaleido
    except ImportError:
        return {}, MISSING.format(reason="\u00a0: le module kaleido n'est pas installé")
    try:
        # mathjax=False: kaleido would otherwise load MathJax from a CDN.
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        try:
            return {
                name: kaleido.calc_fig_sync(
                    fig,
                    opts={"format": "png", "width": WIDTH, "height": fig.layout.height, "scale": 2},
                )  # fmt: skip
                for name, fig in figures.items()
            }, None
        finally:
            kaleido.stop_sync_server(silence_warnings=True)
    except Exception as exc:  # noqa: BLE001 - any browser failure must still give a document
        reason = f"\u00a0: le navigateur sans interface n'a pas pu les dessiner ({exc})"
        return {}, MISSING.format(reason=reason)
