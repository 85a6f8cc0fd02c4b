"""`survey visits import`: check the whole export, show what it holds, then store its days
in one transaction (imported only when the command runs: `survey visits list` does not pay
for the file readers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import click
import yaml
from flask import current_app

from ..collect.importing import ImportCheckError, open_table
from ..collect.importing.limits import ImportLimits
from ..collect.visits import VISIT_CHANNELS, DaysPlan, plan_days, store_days
from ..collect.visits_file import DailyVisits, VisitsColumns, read_daily_visits
from ..collect.visits_problems import VisitsFileError
from ..core.db import db, write_intent
from .lookup import campaign_or_fail

MAPPING_FIELDS = ("channel", "date", "count", "only")


def run_import(
    slug: str,
    file: Path,
    channel: str | None,
    date_column: str | None,
    count_column: str | None,
    only: tuple[str, ...],
    mapping_path: Path | None,
    delimiter: str | None,
    dry_run: bool,
) -> None:
    """The command's body: options given on the command line win over the mapping file's."""
    mapping = load_visits_mapping(mapping_path) if mapping_path else {}
    channel = channel or mapping.get("channel") or "kiosk"
    columns = VisitsColumns(
        date=date_column or mapping.get("date"),
        count=count_column or mapping.get("count"),
        only=_only(only) if only else mapping.get("only", {}),
    )
    campaign = campaign_or_fail(slug)
    try:
        table = open_table(file, delimiter, ImportLimits.from_config(current_app.config))
        daily = read_daily_visits(table, campaign, columns)
    except ImportCheckError as exc:
        _refuse(exc.messages, len(exc.messages), file)
    except VisitsFileError as exc:
        more = sum(p.values["count"] - 1 for p in exc.problems if p.code == "more")
        _refuse([p.english(str(file)) for p in exc.problems], len(exc.problems) + more, file)
    click.echo(_summary(file, daily))
    if dry_run:
        plan = plan_days(db.session, campaign.id, channel, daily.counts)
        click.echo(_outcome(plan, channel, slug, stored=False))
        return
    db.session.rollback()  # end the reading transaction: the write takes its own lock
    with write_intent():
        campaign = campaign_or_fail(slug)
        plan = store_days(db.session, campaign, channel, daily.counts)
        db.session.commit()
    click.echo(_outcome(plan, channel, slug, stored=True))


def _refuse(problems: list[str], total: int, file: Path) -> NoReturn:
    for message in problems:
        click.echo(message, err=True)
    plural = "s" if total > 1 else ""
    raise click.ClickException(f"nothing imported from {file}: {total} problem{plural}")


def _summary(file: Path, daily: DailyVisits) -> str:
    days = sorted(daily.counts)
    left_out = f", {daily.left_out} other lines left out" if daily.left_out else ""
    return (
        f"{file}: {daily.lines} lines under the header on line {daily.header_line}{left_out}; "
        f"days from column '{daily.date_column}', visits from '{daily.count_column}': "
        f"{len(days)} days from {days[0]} to {days[-1]}, {sum(daily.counts.values())} visits."
    )


def _outcome(plan: DaysPlan, channel: str, slug: str, stored: bool) -> str:
    verb = "Stored" if stored else "Would store (dry run, nothing stored)"
    lines = [
        f"{verb} {channel} visits of '{slug}': {len(plan.new)} new days, "
        f"{len(plan.changed)} corrected, {len(plan.unchanged)} unchanged. The file's days "
        "replace the counts stored for them; other days are kept."
    ]
    lines += [f"  {day}: {old} -> {new}" for day, (old, new) in plan.changed.items()]
    if plan.campaign_total is not None:
        lines.append(
            f"Note: the {channel} campaign total typed in ({plan.campaign_total}) no longer "
            "counts: the days win over it (`survey visits list` shows both)."
        )
    return "\n".join(lines)


def _only(pairs: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """--only COLUMN=VALUE, repeated: a column given twice keeps either value."""
    kept: dict[str, tuple[str, ...]] = {}
    for pair in pairs:
        column, sign, value = pair.partition("=")
        if not sign or not column.strip():
            raise click.BadParameter(f"expected COLUMN=VALUE, got {pair!r}", param_hint="--only")
        kept[column.strip()] = (*kept.get(column.strip(), ()), value.strip())
    return kept


def load_visits_mapping(path: Path) -> dict[str, Any]:
    """The YAML mapping of an export: `channel`, `date`, `count` (column names) and `only`
    (column: value or list of values); a problem is a one-line error naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise click.ClickException(f"{path}: cannot read the mapping: {exc}") from None
    if not isinstance(data, dict):
        raise click.ClickException(f"{path}: expected fields {', '.join(MAPPING_FIELDS)}")
    problems = [f"{path}: {k!r}: unknown field" for k in data if k not in MAPPING_FIELDS]
    for key in ("date", "count"):
        if key in data and not isinstance(data[key], str):
            problems.append(f"{path}: {key}: expected a column name")
    if data.get("channel", "kiosk") not in VISIT_CHANNELS:
        problems.append(f"{path}: channel: one of {', '.join(VISIT_CHANNELS)}")
    only = data.get("only", {})
    if not isinstance(only, dict):
        problems.append(f"{path}: only: expected 'column: value' lines")
        only = {}
    data["only"] = {str(k): _values(v) for k, v in only.items()}
    if problems:
        for message in problems:
            click.echo(message, err=True)
        raise click.ClickException(f"nothing imported: the mapping {path} has problems")
    return data


def _values(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)
