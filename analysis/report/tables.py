"""The report's tables as French text cells: (header, rows), shared by every renderer.

The XLSX renderer writes numbers instead; everything else prints these cells.
"""

from __future__ import annotations

from ..french import NBSP, format_number, format_percent, format_points
from .groups import Breakdown, Heatmap
from .model import Report
from .sentences import CHANNEL_NAMES

Table = tuple[list[str], list[list[str]]]
DASH = "—"
SMALL_MARK = "faible effectif"


def percent_or_dash(share: float | None) -> str:
    return DASH if share is None else format_percent(share)


def remark(n: int, is_small_sample: bool) -> str:
    if n == 0:
        return "aucun avis"
    return SMALL_MARK if is_small_sample else ""


def interval_text(interval: tuple[float, float] | None) -> str:
    """«93,1 % – 99,4 %», a dash when there is no interval."""
    if interval is None:
        return DASH
    return f"{format_percent(interval[0])} – {format_percent(interval[1])}"


def item_table(report: Report) -> Table:
    """Every rating item: n, rate, interval and, when compared, last year's rate, the change
    in points (between the two printed rates) and whether the test finds it significant."""
    header = ["Élément", "Avis exprimés", "Taux de satisfaction", f"Intervalle à 95{NBSP}%"]
    if report.compared_with:
        if report.previous_year and report.year:
            header[2] = f"Taux {report.year}"  # beside «Taux 2025», and narrower in print
        previous = f"Taux {report.previous_year}" if report.previous_year else "Taux précédent"
        header += [previous, "Évolution", "Significative"]
    header.append("Remarque")
    rows = []
    for row in report.items:
        result = row.result
        cells = [
            row.label,
            format_number(result.n),
            percent_or_dash(result.satisfaction_rate),
            interval_text(result.interval),
        ]
        if report.compared_with:
            if row.is_compared:
                points = row.shown_points
                cells += [
                    percent_or_dash(row.previous.satisfaction_rate),
                    DASH if points is None else format_points(points),
                    DASH if points is None else ("oui" if row.is_significant else "non"),
                ]
            else:
                cells += ["non mesuré", DASH, DASH]
        cells.append(remark(result.n, result.is_small_sample))
        rows.append(cells)
    return header, rows


def distribution_table(report: Report) -> Table:
    """Share of each expressed answer per rating item, adding up to 100 % per row."""
    if not report.items:
        return [], []
    labels = [label for _, label, _ in report.items[0].distribution]
    header = ["Élément", *labels, "Sans avis"]
    rows = []
    for row in report.items:
        shares = [percent_or_dash(x) for x in row.result.shown_distribution().values()]
        rows.append([row.label, *shares, format_number(row.result.no_opinion)])
    return header, rows


def channel_table(report: Report) -> Table:
    """Responses per channel, with visits and the participation rate when recorded."""
    header = ["Canal", "Réponses", "Visites", "Taux de participation"]
    rows = [
        [
            CHANNEL_NAMES.get(c.channel, c.channel),
            format_number(c.responses),
            DASH if c.visits is None else format_number(c.visits),
            percent_or_dash(c.participation_rate),
        ]
        for c in report.channels
    ]
    return header, rows


def breakdown_table(breakdown: Breakdown) -> Table:
    header = ["Groupe", "Avis exprimés", "Taux de satisfaction", f"Intervalle à 95{NBSP}%"]
    header.append("Remarque")
    rows = [
        [
            r.label,
            format_number(r.n),
            percent_or_dash(r.rate),
            interval_text(r.interval),
            remark(r.n, r.is_small_sample),
        ]
        for r in breakdown.rows
    ]
    return header, rows


def heatmap_table(heatmap: Heatmap) -> Table:
    """Hours as rows, weekdays as columns: «96,2 % (26)» is the rate and its number of avis.

    Hours go down the page: a day has up to 24 of them (web answers come at night too),
    which no A4 page holds side by side, while a week has seven days.
    """
    header = ["Heure", *heatmap.weekday_names]
    rows = []
    for hour in heatmap.hours:
        cells = [f"{hour}{NBSP}h"]
        for weekday in heatmap.weekdays:
            cell = heatmap.cell(weekday, hour)
            cells.append(f"{format_percent(cell.rate)} ({format_number(cell.n)})" if cell else "")
        rows.append(cells)
    return header, rows
