"""The campaign page's live numbers: counts, participation, margin of error, rates so far.

Counts come from the one read path (survey_app.counts.reading) and analysis/.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from analysis.campaign import campaign_results
from analysis.french import format_number, format_percent, pluralize
from analysis.stats import margin_of_error

from ...core.campaigns import questionnaire_of
from ...core.models import Campaign
from ...counts.reading import campaign_tally, responses_by_day
from .forms import CHANNEL_LABELS

MONTHS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)


def short_day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def live_numbers(session: Session, campaign: Campaign) -> dict[str, Any]:
    """Everything the campaign page shows, already written in French."""
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    results = campaign_results(questionnaire, campaign_tally(session, campaign))
    total = results.responses
    target = campaign.target_responses
    margin = margin_of_error(total)
    channels = [
        {
            "label": CHANNEL_LABELS.get(c.channel, c.channel),
            "responses": format_number(c.responses),
            "visits": format_number(c.visits) if c.visits else "—",
            "rate": format_percent(c.participation_rate) if c.visits else "—",
        }
        for c in results.channels
    ]
    by_day = responses_by_day(session, campaign)
    day_channels = [
        c
        for c in ("kiosk", "web", "paper", "import")
        if any(c in counts for counts in by_day.values())
    ]
    days = [
        {
            "label": short_day(day),
            "iso": day.isoformat(),
            "counts": [format_number(counts.get(c, 0)) for c in day_channels],
            "total": format_number(sum(counts.values())),
        }
        for day, counts in by_day.items()
    ]
    ratings = []
    for rating in results.ratings:
        item = questionnaire.item(rating.item_key)
        rate = rating.satisfaction_rate
        ratings.append(
            {
                "key": rating.item_key,
                "label": item.label["fr"],
                "n": rating.n,
                "rate": rate,
                "rate_text": format_percent(rate) if rate is not None else "—",
                "interval": rating.interval,
                "interval_text": (
                    f"{format_percent(rating.interval[0])} – {format_percent(rating.interval[1])}"
                    if rating.interval
                    else "—"
                ),
                "is_small_sample": rating.is_small_sample,
            }
        )
    return {
        "total": total,
        "total_text": pluralize(total, "réponse", "réponses"),
        "target": target,
        "target_text": format_number(target) if target else None,
        "progress": min(total / target, 1) if target else None,
        "progress_text": format_percent(total / target, 0) if target else None,
        "margin_text": (
            f"±{format_number(margin * 100, 1)}\u00a0points" if margin is not None else "—"
        ),
        "channels": channels,
        "day_channels": [CHANNEL_LABELS.get(c, c) for c in day_channels],
        "days": days,
        "ratings": ratings,
        "figure": rates_figure(ratings),
    }


def rates_figure(ratings: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A plotly horizontal bar chart of the rates so far with their 95 % intervals."""
    shown = [r for r in ratings if r["rate"] is not None]
    if not shown:
        return None
    rates = [round(r["rate"] * 100, 1) for r in shown]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [r["label"] for r in shown],
                "x": rates,
                "text": [r["rate_text"] for r in shown],
                "textposition": "inside",
                "insidetextanchor": "end",
                "marker": {"color": "#000091"},
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": [
                        round(r["interval"][1] * 100 - x, 1)
                        for r, x in zip(shown, rates, strict=True)
                    ],
                    "arrayminus": [
                        round(x - r["interval"][0] * 100, 1)
                        for r, x in zip(shown, rates, strict=True)
                    ],
                    "color": "#161616",
                },
            }
        ],
        "layout": {
            "height": 90 + 36 * len(shown),
            "margin": {"l": 10, "r": 20, "t": 10, "b": 40},
            "xaxis": {
                "range": [0, 100],
                "ticksuffix": "\u00a0%",
                "title": {"text": "Taux de satisfaction"},
            },
            "yaxis": {"automargin": True, "autorange": "reversed"},
            "font": {"family": "system-ui, sans-serif", "size": 13, "color": "#161616"},
            "separators": ", ",
            "showlegend": False,
        },
    }
