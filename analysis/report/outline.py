"""The order of the report, as blocks every document renderer walks through.

Text, Markdown, HTML and DOCX all lay out these blocks, so they never disagree on what the
report says or in which order; a chart block carries its text alternative (a table).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..french import NBSP, format_percent
from ..register import RegisterFigures
from . import requests as r
from . import sentences as s
from .model import Report
from .tables import (
    Table,
    breakdown_table,
    channel_table,
    distribution_table,
    heatmap_table,
    item_table,
)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class TableBlock:
    caption: str
    """Empty when the heading just before already names the table."""
    table: Table


@dataclass(frozen=True)
class Chart:
    """A chart by name (see charts.py), its caption and the table that says the same in text."""

    name: str
    caption: str
    table: Table | None = None
    """None when the table just before the chart already gives its numbers."""


Block = Heading | Paragraph | Bullets | TableBlock | Chart


def _list_or(sentences: tuple[str, ...], empty: str) -> Block:
    return Bullets(sentences) if sentences else Paragraph(empty)


def blocks(report: Report) -> list[Block]:
    """The report from title to notes."""
    out: list[Block] = [Heading(1, report.title)]
    if report.period:
        out.append(Paragraph(report.period + "."))
    out.append(Paragraph(report.participation))
    out += [Paragraph(line) for line in report.participation_rates]
    if report.channels:
        out.append(Chart("channels", "Répartition des réponses par canal", channel_table(report)))
    for section in report.choice_sections:
        out += [Heading(2, section.heading), Bullets(tuple(line for _, _, line in section.lines))]
    if report.overall:
        out.append(Paragraph(report.overall))
        out.append(Chart("overall", "Répartition des avis sur l'accueil en général"))
    threshold = format_percent(report.threshold)
    out += [
        Heading(2, s.POSITIVE_HEADING),
        _list_or(report.positive_points, f"Aucun élément n'atteint {threshold} de satisfaction."),
        Heading(2, s.IMPROVEMENT_HEADING),
        _list_or(report.improvements, f"Aucun élément sous le seuil de {threshold}."),
    ]
    if report.engagements:
        out += [Heading(2, s.ENGAGEMENT_HEADING), Bullets(report.engagements)]
    if report.items:
        out.append(Heading(2, s.ITEMS_HEADING))
        if report.compared_with:
            out.append(
                Paragraph(
                    f"Comparaison avec{s.COLON} {report.compared_with} (éléments présents dans "
                    f"les deux questionnaires{s.SEMICOLON} test de comparaison de deux "
                    f"proportions au seuil de 5{NBSP}%)."
                )
            )
        out.append(TableBlock("Taux de satisfaction par élément", item_table(report)))
        out.append(Chart("rates", f"Taux de satisfaction par élément et intervalle à 95{NBSP}%"))
        out.append(
            Chart("distribution", "Répartition des avis par élément", distribution_table(report))
        )
    for breakdown in report.breakdowns:
        out += [Heading(3, breakdown.title), TableBlock("", breakdown_table(breakdown))]
    if report.heatmap and report.heatmap.cells:
        out += [
            Heading(2, report.heatmap.title),
            Chart(
                "heatmap",
                f"{report.heatmap.title}{s.COLON} taux de satisfaction (nombre d'avis)",
                heatmap_table(report.heatmap),
            ),
        ]
    if report.requests is not None:
        out += requests_blocks(report.requests)
    if report.notes:
        out += [Heading(2, "Remarques"), Bullets(report.notes)]
    return out


def requests_blocks(figures: RegisterFigures) -> list[Block]:
    """The register's section: the table by channel, last year, deadlines, kinds, themes."""
    out: list[Block] = [Heading(2, r.HEADING)]
    if figures.total == 0:
        out.append(Paragraph(r.empty_sentence(figures)))
    else:
        out.append(TableBlock(r.channel_caption(figures), r.channel_table(figures)))
    if comparison := r.comparison_sentence(figures):
        out.append(Paragraph(comparison))
    out += [Paragraph(line) for line in r.deadline_sentences(figures)]
    if figures.kinds:
        out += [Heading(3, "Par nature"), Bullets(tuple(r.kind_lines(figures)))]
    if figures.themes:
        out += [Heading(3, "Thèmes abordés"), Bullets(tuple(r.theme_lines(figures)))]
    if note := r.scope_note(figures):
        out.append(Paragraph(note))
    return out
