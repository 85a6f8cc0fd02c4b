"""Colours, patterns and font of the report's charts, shared by the interactive (plotly) and
the printed (matplotlib) renderings, so both look alike. No plotting library imported here."""

from decimal import Decimal

FONT = {"family": "Marianne, Arial, sans-serif", "size": 13, "color": "#161616"}
BAR = "#000091"
"""Bleu France; a dark colour that stays dark in greyscale."""
SERIES = (  # (colour, pattern): from very satisfied to not at all, light/dark alternating
    ("#000091", ""),
    ("#6a6af4", "/"),
    ("#e1000f", "."),
    ("#7f0007", "x"),
    ("#929292", "+"),
)
SMALL_PATTERN = "/"
HEATMAP_SCALE = [[0, "#1e1e1e"], [0.5, "#5c5c8a"], [1, "#dcdcf2"]]
"""Dark (low satisfaction) to light (high), never white, so empty and full cells differ."""
MIN_LABELLED = Decimal("0.05")
"""Bar segments narrower than 5 % carry no label: it would not fit (the table gives it)."""
