"""The bilan's section «Demandes d'information – réclamations – suggestions»: its table by
channel and its sentences, from the register's figures (analysis/register.py)."""

from __future__ import annotations

from ..french import format_number, format_percent, pluralize
from ..register import CHANNEL_REPORT_NAMES, KIND_PLURALS, RegisterFigures
from .sentences import COLON

HEADING = "Demandes d'information – réclamations – suggestions"

Table = tuple[list[str], list[list[str]]]


def channel_caption(figures: RegisterFigures) -> str:
    return f"Questions et réclamations {figures.year}"


def channel_table(figures: RegisterFigures) -> Table:
    """«COURRIEL | 24 | 57 %» per channel, then «TOTAL | 42»: the bilan's table."""
    rows = [
        [
            CHANNEL_REPORT_NAMES.get(line.channel, line.channel.upper()),
            format_number(line.n),
            format_percent(line.share, 0),
        ]
        for line in figures.channels
    ]
    rows.append(["TOTAL", format_number(figures.total), ""])
    return ["Canal", "Nombre", "Part"], rows


def comparison_sentence(figures: RegisterFigures) -> str | None:
    """«42 pour 78 en 2019.»"""
    if figures.previous_total is None:
        return None
    return (
        f"{format_number(figures.total)} pour {format_number(figures.previous_total)} "
        f"en {figures.year - 1}."
    )


def deadline_sentences(figures: RegisterFigures) -> list[str]:
    """Replies within the label's deadlines, the mean delay, what still waits."""
    lines = []
    share = figures.in_time_share
    if share is not None:
        lines.append(
            f"Réponses envoyées dans les délais du label{COLON} "
            f"{format_number(figures.answered_in_time)} sur "
            f"{format_number(figures.answered + figures.open_overdue)} ({format_percent(share)})."
        )
    if figures.mean_delay is not None:
        days = "jour ouvré" if figures.mean_delay < 2 else "jours ouvrés"
        delay = format_number(figures.mean_delay, 1)
        lines.append(f"Délai moyen de réponse{COLON} {delay} {days}.")
    waiting = figures.open_overdue + figures.open_in_time
    if waiting:
        lines.append(
            pluralize(waiting, "demande en attente de réponse", "demandes en attente de réponse")
            + (f", dont {format_number(figures.open_overdue)} en retard" if figures.open_overdue
               else "")
            + "."
        )  # fmt: skip
    return lines


def kind_lines(figures: RegisterFigures) -> list[str]:
    return [f"{KIND_PLURALS.get(k, k)}{COLON} {format_number(n)}" for k, n in figures.kinds]


def theme_lines(figures: RegisterFigures) -> list[str]:
    return [f"{theme}{COLON} {format_number(n)}" for theme, n in figures.themes]


def scope_note(figures: RegisterFigures) -> str | None:
    """«1 demande hors du champ du label (recours contentieux…) n'est pas comptée.»"""
    n = figures.out_of_scope
    if not n:
        return None
    verb = "n'est pas comptée" if n < 2 else "ne sont pas comptées"
    return (
        pluralize(n, "demande hors du champ du label", "demandes hors du champ du label")
        + f" (recours contentieux, intervention d'un élu, suivi d'un dossier…) {verb}."
    )


def empty_sentence(figures: RegisterFigures) -> str:
    return f"Aucune demande enregistrée en {figures.year}."


def section_dict(figures: RegisterFigures) -> dict:
    """The figures with the section's French text, for the JSON report."""
    header, rows = channel_table(figures)
    return {
        **figures.to_dict(),
        "text": {
            "heading": HEADING,
            "caption": channel_caption(figures),
            "table": [header, *rows],
            "comparison": comparison_sentence(figures),
            "deadlines": deadline_sentences(figures),
            "kinds": kind_lines(figures),
            "themes": theme_lines(figures),
            "scope": scope_note(figures),
        },
    }


CSV_COLUMNS = ("requests_year", "channel", "label", "n", "share")


def csv_rows(figures: RegisterFigures) -> list[list]:
    """The table by channel for the CSV report: a second table after a blank line."""
    rows: list[list] = [list(CSV_COLUMNS)]
    for line in figures.channels:
        name = CHANNEL_REPORT_NAMES.get(line.channel, line.channel.upper())
        rows.append([figures.year, line.channel, name, line.n, f"{line.share:.2f}"])
    rows.append([figures.year, "total", "TOTAL", figures.total, "1.00" if figures.total else ""])
    if figures.previous_total is not None:
        rows.append([figures.year - 1, "total", "TOTAL", figures.previous_total, ""])
    return rows
