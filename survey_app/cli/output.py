"""Where a command's result goes: a file given with --output, else standard output."""

from __future__ import annotations

import sys
from pathlib import Path

import click


def write_result(content: str | bytes, output: Path | None, done: str) -> None:
    """Write `content` to `output` and say `done` on standard error, or print it when no
    file was given; an unwritable file is a one-line error, not a traceback."""
    if output is None:
        sys.stdout.write(content)  # text formats only: binary ones require --output
        return
    try:
        if isinstance(content, bytes):
            output.write_bytes(content)
        else:
            output.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"{output}: {exc.strerror}") from None
    click.echo(done, err=True)
