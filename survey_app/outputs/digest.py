"""The weekly digest of a campaign, in French: responses, participation, weak questions.

Every number comes from the one read path (campaign_tally, responses_by_day) and analysis/,
written as the campaign page and the report write it.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from analysis.campaign import campaign_results
from analysis.french import NBSP, format_number, format_percent, pluralize
from analysis.report.sentences import participation_rate_sentence, participation_sentence

from ..core.campaigns import questionnaire_of
from ..core.models import Campaign
from ..counts.reading import campaign_tally, responses_by_day

COLON = NBSP + ":"


def quoted(text: str) -> str:
    """« text », with the no-break spaces French guillemets take."""
    return f"«{NBSP}{text}{NBSP}»"


def digest_text(session: Session, campaign: Campaign, today: date, threshold: int) -> str:
    """The body of the digest: the week's and the campaign's responses, participation and
    the questions whose satisfaction rate is below `threshold` %."""
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    results = campaign_results(questionnaire, campaign_tally(session, campaign))
    week_start = today - timedelta(days=6)
    by_day = responses_by_day(session, campaign)
    this_week = sum(sum(c.values()) for day, c in by_day.items() if week_start <= day <= today)
    collected = participation_sentence(results.channels)
    lines = [
        f"Enquête {quoted(campaign.title)} — {campaign.site.name}",
        "",
        f"Ces 7 derniers jours{COLON} {pluralize(this_week, 'réponse', 'réponses')}.",
        f"Depuis l'ouverture{COLON} {collected[0].lower()}{collected[1:]}",
    ]
    if campaign.target_responses:
        share = results.responses / campaign.target_responses
        target = format_number(campaign.target_responses)
        lines.append(f"Objectif{COLON} {target} réponses ({format_percent(share, 0)} atteints).")
    lines += [f"  {line}" for c in results.channels if (line := participation_rate_sentence(c))]
    rated = [r for r in results.ratings if r.satisfaction_rate is not None]
    below = [r for r in rated if r.satisfaction_rate * 100 < threshold]
    lines.append("")
    limit = f"{threshold}{NBSP}%"
    if below:
        lines.append(f"Questions sous {limit} de satisfaction{COLON}")
        for rating in sorted(below, key=lambda r: r.satisfaction_rate):
            label = questionnaire.item(rating.item_key).label["fr"]
            rate = format_percent(rating.satisfaction_rate)
            answers = pluralize(rating.n, "réponse", "réponses")
            lines.append(f"  - {label}{COLON} {rate} ({answers})")
    else:
        lines.append(f"Aucune question sous {limit} de satisfaction.")
    return "\n".join(lines) + "\n"
