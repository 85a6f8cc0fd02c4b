"""The `survey` command: click, inside the app context."""

from __future__ import annotations

import sys

import click
from flask.cli import ScriptInfo

from questionnaires import QuestionnaireError

from .settings import ConfigError


def _create_app():
    from . import create_app

    try:
        return create_app()
    except (ConfigError, QuestionnaireError) as exc:
        click.echo(f"survey: cannot start: {exc}", err=True)
        sys.exit(2)


@click.group()
def cli() -> None:
    """Satisfaction surveys for public reception desks (Qual-e-pref / Services Publics +)."""


def _register() -> None:
    from .commands import campaign, export, init, questionnaire, report, serve

    for module in (init, serve, questionnaire, campaign, export, report):
        module.register(cli)

    from .commands import tablet

    tablet.register(cli)

    from .commands import user  # admin accounts and comment retention

    user.register(cli)

    from .commands import import_  # past results from the previous tool (SPHINX)

    import_.register(cli)

    from .commands import national  # the administrator's view across sites

    national.register(cli)


_register()


def main() -> None:
    cli.main(prog_name="survey", obj=ScriptInfo(create_app=_create_app, set_debug_flag=False))
