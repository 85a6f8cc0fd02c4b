"""The head start of `survey report --format docx|pdf`: its charts' drawing process
(analysis/report/chart_process.py) starts as soon as the command is named, before click
loads the command's module, Flask and the app, so that it loads matplotlib meanwhile on
the other core. Read from the arguments before click parses them: a wrong guess costs a
process started for nothing or a later start, never a chart (report.py decides)."""

from __future__ import annotations

import click

DRAWN_FORMATS = ("docx", "pdf")
_KEY = "survey.report.drawing"


def start_drawing(ctx: click.Context, args: list[str]) -> None:
    """Start the drawing process when `args` (the report's) ask for a DOCX or PDF with
    its charts; it is stopped when the command ends, whatever happens."""
    if not _draws(args):
        return
    from analysis.report.chart_process import ChartProcess

    from .. import prepare_instance

    prepare_instance()  # the process reads matplotlib's settings there, as the app does
    drawing = ChartProcess()
    ctx.meta[_KEY] = drawing
    ctx.call_on_close(drawing.stop)


def drawing_for(ctx: click.Context, fmt: str, charts: bool):
    """The drawing process the command needs (started now if the arguments hid it), or
    None, the one started for nothing stopped."""
    drawing = ctx.meta.pop(_KEY, None)
    if fmt not in DRAWN_FORMATS or not charts:
        if drawing is not None:
            drawing.stop()
        return None
    if drawing is None:
        start_drawing(ctx, ["--format", fmt])
        drawing = ctx.meta.pop(_KEY)
    return drawing


def _draws(args: list[str]) -> bool:
    fmt = None
    for option, value in zip(args, [*args[1:], ""], strict=True):
        if option == "--format":
            fmt = value
        elif option.startswith("--format="):
            fmt = option.removeprefix("--format=")
    return fmt in DRAWN_FORMATS and not {"--no-charts", "--help"} & set(args)
