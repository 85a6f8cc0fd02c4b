"""JSON and CSV: the report's numbers for machines (the public results page, other tools).

Numbers stay numbers (rates as shares between 0 and 1, dot decimals); the French sentences
travel alongside in the JSON so a page can quote them.
"""

from __future__ import annotations

import csv
import io
import json

from ..formulas import neutralise
from .model import Report
from .requests import csv_rows

CSV_COLUMNS = (
    "item", "label", "engagement", "is_overall", "n", "satisfied", "no_opinion",
    "satisfaction_rate", "interval_low", "interval_high", "is_small_sample",
    "previous_n", "previous_rate", "difference_points", "is_significant",
)  # fmt: skip


def render_json(report: Report) -> str:
    """Report.to_dict() as indented UTF-8 JSON (accents kept as they are)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _number(value: float | None, digits: int = 6) -> str:
    return "" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".")


def _flag(value: bool | None) -> str:
    return "" if value is None else str(value).lower()


def render_csv(report: Report) -> str:
    """One row per rating item: n, rate, interval and, when compared, last year and the change;
    then, when the register has entries, a blank line and the requests' table by channel.

    Only the labels come from the questionnaire, never from respondents, but a label starting
    like a formula is still neutralised so a spreadsheet shows it as text.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report.items:
        result = row.result
        low, high = result.interval or (None, None)
        writer.writerow(
            [
                row.item_key,
                neutralise(row.label),
                "" if row.engagement is None else row.engagement,
                _flag(row.is_overall),
                result.n,
                result.satisfied,
                result.no_opinion,
                _number(result.satisfaction_rate),
                _number(low),
                _number(high),
                _flag(result.is_small_sample),
                "" if row.previous is None else row.previous.n,
                _number(row.previous.satisfaction_rate) if row.previous else "",
                _number(row.difference_points, 4),
                _flag(row.is_significant),
            ]
        )
    if report.requests is not None:
        writer.writerow([])
        writer.writerows(csv_rows(report.requests))
    return out.getvalue()
