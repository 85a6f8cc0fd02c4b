"""The campaign's report in the browser (same blocks as the HTML report) and its downloads.

Readers may open results; everyone only for their own sites. Downloads use the issue-4
renderers (analysis.report) and the raw CSV export with free comments masked.
"""

from __future__ import annotations

import io

import plotly.io as pio
from flask import abort, current_app, render_template, request, url_for

from analysis.report import render
from analysis.report.charts import drawable, figure
from analysis.report.outline import Bullets, Chart, Heading, Paragraph, TableBlock, blocks

from ...core.campaigns import questionnaire_of
from ...core.db import db
from ...counts.kept_apart import has_kept_apart
from ...counts.reading import count_flagged, iter_responses
from ...outputs.comparing import previous_campaign
from ...outputs.exporting import write_csv
from ...outputs.reporting import campaign_report, chart_folder
from ...register.rules import RegisterRules, rules_from
from .access import EVERYONE, campaign_or_404, roles_required, visible_campaigns
from .blueprint import bp
from .downloads import PLAIN, PLAIN_LABEL, attachment

DOWNLOADS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "pdf": ("application/pdf", "PDF"),
    "html": ("text/html; charset=utf-8", "Page web (HTML)"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "csv": ("text/csv; charset=utf-8", "CSV des résultats"),
    "json": ("application/json", "JSON"),
    "responses.csv": ("text/csv; charset=utf-8", "CSV des réponses brutes"),
}
XLSX_SHORT_SUFFIX = " (résultats seuls, sans les réponses une à une)"
"""The workbook's label above SURVEY_XLSX_RESPONSES_LIMIT (excel_raw.left_out_sheet)."""
ORDER_BY_RATE = {"ordre": "taux"}
"""Query string listing the positive points and improvements by rate, not questionnaire order."""
EXCLUDE_FLAGGED = {"signalees": "exclues"}
"""Query string that leaves out responses flagged as suspected misuse (bursts, identical runs)."""


def _include_flagged() -> bool:
    return request.args.get("signalees") != EXCLUDE_FLAGGED["signalees"]


def _order() -> str:
    return "rate" if request.args.get("ordre") == ORDER_BY_RATE["ordre"] else "questionnaire"


def _campaigns(slug: str):
    """The campaign and the one it is compared with: `compare` names it, empty means none,
    absent means last year's when there is one (outputs.comparing)."""
    campaign = campaign_or_404(slug)
    if "compare" not in request.args:
        return campaign, previous_campaign(db.session, campaign)
    compare_slug = request.args["compare"] or None
    previous = campaign_or_404(compare_slug) if compare_slug else None
    if previous is not None and previous.id == campaign.id:
        abort(400, description="Choisissez une autre enquête pour la comparaison.")
    return campaign, previous


def _view_blocks(report):
    """Blocks for the template: charts carry their plotly figure as JSON."""
    shown = []
    for block in blocks(report):
        if isinstance(block, Chart):
            fig = figure(report, block.name)
            drawn = None if fig is None else pio.to_json(drawable(fig), validate=False)
            shown.append({"kind": "chart", "block": block, "figure": drawn})
        else:
            kind = {
                Heading: "heading",
                Paragraph: "paragraph",
                Bullets: "bullets",
                TableBlock: "table",
            }[type(block)]
            shown.append({"kind": kind, "block": block})
    return shown


@bp.get("/campaigns/<slug>/results")
@roles_required(*EVERYONE)
def results(slug: str):
    campaign, previous = _campaigns(slug)
    include_flagged = _include_flagged()
    order = _order()
    report = campaign_report(
        db.session, campaign, previous, include_flagged=include_flagged, rules=_rules(),
        order=order,
    )  # fmt: skip
    args = {"compare": previous.slug if previous else ""}
    args |= ORDER_BY_RATE if order == "rate" else {}
    flagged_args = {} if include_flagged else EXCLUDE_FLAGGED
    limit = current_app.config["XLSX_RESPONSES_LIMIT"]
    return render_template(
        "results/report.html",
        campaign=campaign,
        previous=previous,
        flagged=count_flagged(db.session, campaign),
        include_flagged=include_flagged,
        order=order,
        toggle_url=url_for(
            "admin.results", slug=slug, **args, **(EXCLUDE_FLAGGED if include_flagged else {})
        ),
        blocks=_view_blocks(report),
        others=[c for c in visible_campaigns() if c.id != campaign.id],
        xlsx_limit=limit if report.responses > limit else None,
        downloads=[
            (
                fmt,
                label + suffix,
                url_for(
                    "admin.results_download", slug=slug, fmt=fmt, **args, **flagged_args, **form
                ),
            )  # fmt: skip
            for fmt, (_, label) in DOWNLOADS.items()
            for suffix, form in _csv_forms(fmt, report.responses > limit)
        ],
    )


@bp.get("/campaigns/<slug>/results.<fmt>")
@roles_required(*EVERYONE)
def results_download(slug: str, fmt: str):
    if fmt not in DOWNLOADS:
        abort(404)
    campaign, previous = _campaigns(slug)
    include_flagged = _include_flagged()
    if fmt == "responses.csv":
        content = _raw_csv(campaign, include_flagged)
    else:
        report = campaign_report(
            db.session,
            campaign,
            previous,
            include_flagged=include_flagged,
            rules=_rules(),
            order=_order(),
        )
        if fmt == "xlsx":
            responses = iter_responses(db.session, campaign, include_flagged)
            limit = current_app.config["XLSX_RESPONSES_LIMIT"]
            content = render(report, fmt, responses=responses, responses_limit=limit)
        else:
            content = render(report, fmt, chart_folder=chart_folder(current_app))
    suffix = "-reponses.csv" if fmt == "responses.csv" else f".{fmt}"
    return attachment(content, DOWNLOADS[fmt][0], f"resultats-{campaign.slug}{suffix}")


def _raw_csv(campaign, include_flagged: bool) -> str:
    """One row per response; text redacted and masked by the read path, formulas neutralised."""
    out = io.StringIO()
    responses = iter_responses(db.session, campaign, include_flagged)
    kept = has_kept_apart(db.session, campaign)
    write_csv(out, questionnaire_of(campaign.questionnaire_version), responses, None, kept)
    return out.getvalue()


def _csv_forms(fmt: str, is_xlsx_short: bool) -> list[tuple[str, dict[str, str]]]:
    """A CSV is offered for Excel (the default) and plain for tools; other formats once,
    the workbook named «résultats seuls» when it leaves the responses out."""
    if fmt == "xlsx" and is_xlsx_short:
        return [(XLSX_SHORT_SUFFIX, {})]
    if not fmt.endswith("csv"):
        return [("", {})]
    return [(" (Excel)", {}), (PLAIN_LABEL, {"format": PLAIN})]


def _rules() -> RegisterRules:
    return rules_from(current_app.config)
