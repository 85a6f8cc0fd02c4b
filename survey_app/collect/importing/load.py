"""Check a whole export first, then load it through the one write path.

Two walks over the file: the first only reads and checks (nothing is kept but the
messages, so memory stays flat on large files); the second records each row with
record_response, on the channel the mapping reads or sets (kiosk, web, paper; the legacy
`import` when it says nothing), as the visitor filled it in (answers breaking a rule kept
apart), and notes the file, time and person in response_imports. The caller commits once,
or rolls back if any row was refused after all (a row changed since a previous import).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...core.campaigns import questionnaire_of
from ...core.clock import utcnow
from ...core.models import Campaign, Response, ResponseImport
from ..recording import RecordingError, ResponseConflict, record_response
from .errors import ImportCheckError
from .files import Table, cell_text
from .mapping import ImportMapping
from .rows import ImportRow, RowReader

KEPT_MESSAGES = 1_000
"""Problems listed at most; the others are counted (memory stays flat on a wrong file)."""
ROWS_NAMED = 5
"""Rows named in the message about a channel the campaign does not take."""


@dataclass(frozen=True)
class LoadResult:
    created: int
    already_there: int
    by_channel: dict[str, int] = field(default_factory=dict)
    """New responses per channel."""
    kept_apart: dict[str, int] = field(default_factory=dict)
    """Rule code -> new responses with answers kept apart by it."""


def _walk(
    table: Table, mapping: ImportMapping, campaign: Campaign
) -> Iterator[tuple[ImportRow | None, list[str]]]:
    """(row, messages) for every row; the header is the first row that is not blank."""
    reader = None
    for number, cells in table.rows():
        if reader is None:
            if any(cell_text(c) for c in cells):
                reader = RowReader(
                    table.name, number, cells, mapping,
                    questionnaire_of(campaign.questionnaire_version),
                    campaign.slug, campaign.site.timezone,
                )  # fmt: skip
                yield None, reader.header_errors()
            continue
        yield reader.read(number, cells)
    if reader is None:
        yield None, [f"{table.name}: the file is empty (no header row)"]


@dataclass(frozen=True)
class FilePreview:
    """What check_file found: the rows ready to load and what they would bring, or problems."""

    count: int
    problems: list[str]
    by_channel: dict[str, int] = field(default_factory=dict)
    """Rows ready to load per channel."""
    kept_apart: dict[str, int] = field(default_factory=dict)
    """Rule code -> rows with answers that would be kept apart by it."""


def preview_file(table: Table, mapping: ImportMapping, campaign: Campaign) -> FilePreview:
    """check_file, with the figures a person confirms before loading (the admin's preview):
    rows per channel and rows with answers kept apart. Nothing is written."""
    errors: list[str] = []
    count = untold = 0
    refused: dict[str, list[int]] = {}
    by_channel: Counter[str] = Counter()
    kept_apart: Counter[str] = Counter()
    for row, messages in _walk(table, mapping, campaign):
        # A wrong mapping can fail every row of a million: the first messages are enough.
        kept = messages[: max(0, KEPT_MESSAGES - len(errors))]
        errors += kept
        untold += len(messages) - len(kept)
        if row is None:
            continue
        count += 1
        by_channel[row.channel] += 1
        kept_apart.update(row.kept_apart)
        if row.channel not in campaign.channels:
            refused.setdefault(row.channel, []).append(row.number)
    for channel, rows in refused.items():
        named = ", ".join(str(n) for n in rows[:ROWS_NAMED]) + (
            ", ..." if len(rows) > ROWS_NAMED else ""
        )
        errors.insert(0, f"{table.name}: campaign '{campaign.slug}' does not take the "
                      f"'{channel}' channel (its channels: {', '.join(campaign.channels)}): "
                      f"{len(rows)} rows use it (rows {named}); add the channel to the "
                      "campaign or set another one with --channel")  # fmt: skip
    if untold:
        errors.append(f"{table.name}: {untold:,} more problems, not listed")
    if count == 0 and not errors:
        errors.append(f"{table.name}: no responses to import: the file has a header "
                      "but no rows under it")  # fmt: skip
    return FilePreview(count, errors, dict(by_channel), dict(kept_apart))


def check_file(table: Table, mapping: ImportMapping, campaign: Campaign) -> tuple[int, list[str]]:
    """(rows ready to load, the problems found); nothing is written. Past KEPT_MESSAGES
    problems, the last message counts the rest."""
    preview = preview_file(table, mapping, campaign)
    return preview.count, preview.problems


ID_BATCH = 500
"""Response ids looked up per query by already_imported."""


def already_imported(
    session: Session, table: Table, mapping: ImportMapping, campaign: Campaign
) -> int:
    """How many rows of a clean file the campaign holds already (imported before: load_file
    would skip them), so a preview can say so before anything is loaded."""
    found = 0
    batch: list[str] = []

    def count(ids: list[str]) -> int:
        query = select(func.count()).select_from(Response).where(Response.id.in_(ids))
        return session.scalar(query.where(Response.campaign_id == campaign.id)) or 0

    for row, _ in _walk(table, mapping, campaign):
        if row is not None:
            batch.append(row.response_id)
        if len(batch) == ID_BATCH:
            found, batch = found + count(batch), []
    return found + (count(batch) if batch else 0)


def load_file(
    session: Session,
    table: Table,
    mapping: ImportMapping,
    campaign: Campaign,
    on_row: Callable[[], object] = lambda: None,
    imported_by: str = "",
) -> LoadResult:
    """Record every row (after check_file found none to fix); only flushes: the caller commits.

    `on_row` is called after each row (a progress bar); `imported_by` is kept with the file's
    name and the time in response_imports (the provenance, apart from the channel).

    Raises ImportCheckError when a row is refused after all; the caller then rolls back.
    """
    provenance = ResponseImport(
        campaign_id=campaign.id,
        file_name=table.name[-255:],
        imported_at=utcnow(),
        imported_by=imported_by[:255] or "?",
        created=0,
    )
    session.add(provenance)
    session.flush()
    already_there = 0
    by_channel: Counter[str] = Counter()
    kept_apart: Counter[str] = Counter()
    errors: list[str] = []
    for row, messages in _walk(table, mapping, campaign):
        errors += messages
        if row is None:
            continue
        try:
            response, is_new = record_response(
                session,
                campaign,
                response_id=row.response_id,
                channel=row.channel,
                lang=mapping.lang,
                answers=row.answers,
                collected_at=row.collected_at,
                historical=True,
                is_tolerant=True,
                import_id=provenance.id,
            )
        except ResponseConflict:
            errors.append(f"{table.name}: row {row.number}: imported before with other answers "
                          "(the file, the mapping or the channel changed since)")  # fmt: skip
            continue
        except RecordingError as exc:
            errors.append(f"{table.name}: row {row.number}: {exc}")
            continue
        if is_new:
            by_channel[row.channel] += 1
            kept_apart.update(row.kept_apart)
        already_there += not is_new
        session.expunge(response)  # a large file must not pile up in the identity map
        on_row()
    if errors:
        raise ImportCheckError(errors)
    created = sum(by_channel.values())
    if created:
        provenance.created = created
    else:  # the same file again: nothing came in, no provenance to keep
        session.delete(provenance)
    session.flush()
    return LoadResult(created, already_there, dict(by_channel), dict(kept_apart))
