"""Plain text and Markdown: the report to paste into the bilan qualité."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Report
from .outline import Block, Bullets, Chart, Heading, Paragraph, TableBlock, blocks
from .tables import Table


def _aligned(table: Table) -> list[str]:
    header, rows = table
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    rule = "  ".join("-" * width for width in widths)
    return [line(header).rstrip(), rule, *(line(row).rstrip() for row in rows)]


def render_text(report: Report) -> str:
    """The report as plain text: headings on their own line, bullets as «- », tables aligned."""
    return text_of(blocks(report))


def text_of(outline: Iterable[Block]) -> str:
    """Blocks as plain text (the whole report, or one section such as the register's)."""
    out: list[str] = []
    for block in outline:
        match block:
            case Heading(level=1, text=text):
                out += [text, "=" * len(text)]
            case Heading(text=text):
                out.append(text)
                continue  # a heading and what it introduces stay together
            case Paragraph(text=text):
                out.append(text)
            case Bullets(items=items):
                out += [f"- {item}" for item in items]
            case TableBlock(caption=caption, table=table) | Chart(caption=caption, table=table) if (
                table is not None
            ):
                out += ([caption] if caption else []) + _aligned(table)
            case _:
                continue
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|") or " "


def _markdown_table(table: Table) -> list[str]:
    header, rows = table
    return [
        "| " + " | ".join(_cell(c) for c in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
        *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows),
    ]


def render_markdown(report: Report) -> str:
    """The report as Markdown: #-headings, bullet lists, pipe tables with captions in italics."""
    out: list[str] = []
    for block in blocks(report):
        match block:
            case Heading(level=level, text=text):
                out.append(f"{'#' * level} {text}")
            case Paragraph(text=text):
                out.append(text)
            case Bullets(items=items):
                out += [f"- {item}" for item in items]
            case TableBlock(caption=caption, table=table) | Chart(caption=caption, table=table) if (
                table is not None
            ):
                out += ([f"*{caption}*", ""] if caption else []) + _markdown_table(table)
            case _:
                continue
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
