"""The `survey` command: click, inside the app context."""

from __future__ import annotations

import gc
import importlib
import sys

import click
from flask.cli import ScriptInfo

from questionnaires import QuestionnaireError

from ..core.settings import ConfigError


def _create_app():
    from .. import create_app

    try:
        app = create_app(is_web=False)
    except (ConfigError, QuestionnaireError) as exc:
        click.echo(f"survey: cannot start: {exc}", err=True)
        sys.exit(2)
    _started()
    return app


def _started() -> None:
    """Start-up is over: what it loaded (modules, classes, the app) lives until the process
    ends, so the collector stops scanning it, now and at exit, and resumes for the rest."""
    gc.freeze()
    gc.enable()


# name -> (module under survey_app.cli, attribute): a command's module is imported only
# when that command runs (or --help lists them), so `survey report` does not pay for
# Alembic, openpyxl or the importer's parsers at start-up.
COMMANDS = {
    "init": ("init", "init"),
    "serve": ("serve", "serve"),
    "questionnaire": ("questionnaire", "questionnaire"),
    "campaign": ("campaign", "campaign"),
    "export": ("export", "export"),
    "report": ("report", "report"),
    "tablet": ("tablet", "tablet"),
    "user": ("user", "user"),  # admin accounts
    "purge-comments": ("user", "purge_comments"),  # comment retention
    "import": ("import_", "import_results"),  # past results from the previous tool (SPHINX)
    "national": ("national", "national"),  # the administrator's view across sites
    "counts": ("counts", "counts"),  # the answer counts the reports read: check, rebuild
    "alerts": ("alerts", "alerts"),  # alert e-mails: silent tablets, queues, weekly digest
    "requests": ("requests", "requests"),  # the register of réclamations and suggestions
    "purge-requests": ("requests", "purge_requests"),  # the register's retention
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name]
        module = importlib.import_module(f"{__package__}.{module_name}")
        return getattr(module, attribute)


@click.group(cls=LazyGroup)
def cli() -> None:
    """Satisfaction surveys for public reception desks (Qual-e-pref / Services Publics +)."""


def main() -> None:
    # A command is a short process: collecting garbage while its modules load (nothing
    # they create is garbage) and then over all of them at exit took a fifth of
    # `survey report`'s time at a million responses (docs/benchmarks.md, benchmark 2).
    gc.disable()
    try:
        cli.main(prog_name="survey", obj=ScriptInfo(create_app=_create_app, set_debug_flag=False))
    finally:
        _started()  # and at exit: a command that never built the app, e.g. --help
