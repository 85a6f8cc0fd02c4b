"""The `survey` command: click, inside the app context.

Start-up imports click and nothing else: `survey --help` lists the commands from the
table below without importing them, and Flask, the questionnaires and the settings are
imported only when a command runs (tests/app/test_cli_startup.py keeps it so).
"""

from __future__ import annotations

import gc
import importlib
import sys

import click


def _create_app():
    from questionnaires import QuestionnaireError

    from .. import create_app
    from ..core.settings import ConfigError

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


# name -> (module under survey_app.cli, attribute, the command's one-line help): a
# command's module is imported only when that command runs, so `survey report` does not
# pay for Alembic, openpyxl or the importer's parsers, and `survey --help` for none of
# them. The help line is the command's own (a test compares them).
COMMANDS = {
    "init": (
        "init",
        "init",
        "Create or upgrade the database; create the first admin account once.",
    ),
    "serve": (
        "serve",
        "serve",
        "Serve the app with gunicorn and print the public, kiosk and admin URLs.",
    ),
    "questionnaire": ("questionnaire", "questionnaire", "Questionnaire files."),
    "campaign": ("campaign", "campaign", "Survey campaigns."),
    "export": (
        "export",
        "export",
        "Export raw responses: one row per response, one column per item key.",
    ),
    "report": (
        "report",
        "report",
        "Write the annual-report section (bilan qualité) of a campaign.",
    ),
    "tablet": (
        "tablet",
        "tablet",
        "Hall tablets (kiosk): enrol for a site, pin to a campaign, list, revoke.",
    ),
    "user": ("user", "user", "Accounts of the admin workspace."),
    "purge-comments": (
        "user",
        "purge_comments",
        "Erase free-comment text collected more than DAYS ago; scored answers stay.",
    ),
    "import": (  # past results from the previous tool (SPHINX)
        "import_",
        "import_results",
        "Import past results (one row per respondent) exported from the previous tool.",
    ),
    "national": (
        "national",
        "national",
        "Compare every site's results on one questionnaire, ranked, with the national total.",
    ),
    "counts": (
        "counts",
        "counts",
        "The answer counts kept ahead for the reports: check them, rebuild them.",
    ),
    "alerts": (
        "alerts",
        "alerts",
        "Send the alert e-mails due now, each once (run it every few minutes).",
    ),
    "requests": (
        "requests",
        "requests",
        "The register of réclamations, suggestions and demandes d'information.",
    ),
    "visits": (
        "visits",
        "visits",
        "Visits counted by the queue system, for the participation rate.",
    ),
    "purge-requests": (
        "requests",
        "purge_requests",
        "Erase contacts and summaries of register entries received DAYS days ago or "
        "earlier; their counts stay for the statistics.",
    ),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args[:1] == ["report"]:  # before its module loads: report_start.py says why
            from .report_start import start_drawing

            start_drawing(ctx, args[1:])
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute, _ = COMMANDS[cmd_name]
        module = importlib.import_module(f"{__package__}.{module_name}")
        return getattr(module, attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of `survey --help`, from the table: no command imported."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(n, click.utils.make_default_short_help(COMMANDS[n][2], limit)) for n in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Satisfaction surveys for public reception desks (Qual-e-pref / Services Publics +)."""
    # Only when a command runs (not for `survey --help`): Flask's app loader, which every
    # command's @with_appcontext finds. Tests pass their own.
    from flask.cli import ScriptInfo

    if not isinstance(ctx.obj, ScriptInfo):
        ctx.obj = ScriptInfo(create_app=_create_app, set_debug_flag=False)


def main() -> None:
    # A command is a short process: collecting garbage while its modules load (nothing
    # they create is garbage) and then over all of them at exit took a fifth of
    # `survey report`'s time at a million responses (docs/benchmarks.md, benchmark 2).
    gc.disable()
    try:
        cli.main(prog_name="survey")
    except Exception as exc:
        if "sqlalchemy" not in type(exc).__module__:
            raise
        from .errors import database_error_message

        message = database_error_message(exc)
        if message is None:
            raise
        click.echo(message, err=True)
        sys.exit(2)
    finally:
        _started()  # and at exit: a command that never built the app, e.g. --help
