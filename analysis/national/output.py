"""The national view as text cells, plain text, CSV and JSON; and its table's sort orders.

French cells («96,2 %», «+3,1 points») for people; dot decimals and shares in CSV and
JSON for machines, like the campaign report's downloads.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from ..formulas import neutralise
from ..french import NBSP, format_number, format_points
from ..report.tables import DASH, interval_text, percent_or_dash
from .sites import NationalResults, SiteResult

SORT_KEYS = ("rank", "site", "responses", "n", "rate")
"""Columns the table sorts by, besides any rating item's key (sorted by that item's rate)."""
POSITIONS = {
    "above": "au-dessus",
    "below": "en dessous",
    "level": "pas d'écart significatif",
    None: DASH,
}
"""How a site compares with the rest of the country, after Holm's correction."""


def _sort_value(site: SiteResult, key: str):
    if key == "site":
        return site.name.casefold()
    if key == "responses":
        return site.responses
    if key == "n":
        return site.main.n if site.main else 0
    if key == "rank":
        return site.rank
    result = site.main if key == "rate" else site.rating(key)
    return result.satisfaction_rate if result else None


def sort_sites(
    sites: Sequence[SiteResult], key: str = "rank", descending: bool = False
) -> tuple[SiteResult, ...]:
    """Ranked sites, then small samples, each part sorted by `key`, values missing last.

    A small sample never moves up among ranked sites, whatever the column: that is the
    point of leaving it unranked. Ties keep the name order.
    """

    def part(chosen: list[SiteResult]) -> list[SiteResult]:
        present = [s for s in chosen if _sort_value(s, key) is not None]
        missing = [s for s in chosen if _sort_value(s, key) is None]
        by_name = sorted(present, key=lambda s: s.name.casefold())
        ordered = sorted(by_name, key=lambda s: _sort_value(s, key), reverse=descending)
        return ordered + sorted(missing, key=lambda s: s.name.casefold())

    ranked = part([s for s in sites if s.rank is not None])
    return tuple(ranked + part([s for s in sites if s.rank is None]))


def site_cells(site: SiteResult) -> dict[str, str]:
    """A site's row in French: rank, responses, n, rate, interval, gap with the rest."""
    main = site.main
    test = site.versus_rest
    gap = DASH
    if test is not None:
        gap = f"{format_points(test.difference_points)} ({POSITIONS[site.position]})"
    return {
        "rank": DASH if site.rank is None else str(site.rank),
        "site": site.name,
        "responses": format_number(site.responses),
        "n": format_number(main.n if main else 0),
        "rate": percent_or_dash(main.satisfaction_rate if main else None),
        "interval": interval_text(main.interval if main else None),
        "gap": gap,
    }


HEADER = {
    "rank": "Rang",
    "site": "Site",
    "responses": "Réponses",
    "n": "Avis exprimés",
    "rate": "Taux de satisfaction",
    "interval": f"Intervalle à 95{NBSP}%",
    "gap": "Écart avec les autres sites",
}


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return [line.rstrip() for line in lines]


def render_text(results: NationalResults, heading: Sequence[str] = ()) -> str:
    """Ranked sites, small samples apart, the national total, then the items nationally."""
    out = [*heading, ""] if heading else []
    blocks = (
        ("Sites classés", results.ranked),
        (
            f"Sites à faible effectif (moins de {results.small_sample_below} avis exprimés),"
            " non classés",
            results.unranked,
        ),
        ("Ensemble", (results.total,)),
    )
    for title, sites in blocks:
        if sites:
            rows = [list(HEADER.values())] + [list(site_cells(s).values()) for s in sites]
            out += [title, *_aligned(rows), ""]
    items = [["Élément", "Avis exprimés", "Taux national", f"Intervalle à 95{NBSP}%"]]
    for item, result in zip(results.items, results.total.ratings, strict=True):
        label = "Satisfaction globale" if item.is_overall else item.label["fr"]
        rate = percent_or_dash(result.satisfaction_rate)
        items.append([label, format_number(result.n), rate, interval_text(result.interval)])
    out += ["Taux par élément, tous sites", *_aligned(items)]
    return "\n".join(out).rstrip("\n") + "\n"


def _number(value: float | None, digits: int = 6) -> str:
    return "" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".")


def _p_value(value: float | None) -> str:
    """Significant digits, not decimals: 3e-12 must not print as 0."""
    return "" if value is None else f"{value:.4g}"


def render_csv(results: NationalResults) -> str:
    """One row per site (display order), then the national total; per-item n and rate."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys = [i.key for i in results.items]
    writer.writerow(
        ["rank", "site", "name", "campaigns", "responses", "n", "satisfied",
         "satisfaction_rate", "interval_low", "interval_high", "is_small_sample",
         "difference_points_vs_rest", "p_value_holm", "position"]
        + [f"{key}_{part}" for key in keys for part in ("n", "rate")]
    )  # fmt: skip
    for site in (*results.sites, results.total):
        main = site.main
        low, high = (main.interval if main else None) or (None, None)
        test = site.versus_rest
        row = [
            "" if site.rank is None else site.rank,
            site.slug,
            neutralise(site.name),
            neutralise(" | ".join(site.campaigns)),
            site.responses,
            main.n if main else 0,
            main.satisfied if main else 0,
            _number(main.satisfaction_rate if main else None),
            _number(low),
            _number(high),
            str(site.is_small_sample).lower(),
            _number(test.difference_points) if test else "",
            _p_value(site.adjusted_p_value),
            site.position or "",
        ]
        for key in keys:
            result = site.rating(key)
            row += [result.n, _number(result.satisfaction_rate)]
        writer.writerow(row)
    return out.getvalue()


def render_json(results: NationalResults, about: dict | None = None) -> str:
    """`about` (questionnaire, campaigns chosen, period) followed by every number."""
    return json.dumps({**(about or {}), **results.to_dict()}, ensure_ascii=False, indent=2) + "\n"
