"""Check a whole export first, then load it through the one write path.

Two walks over the file: the first only reads and checks (nothing is kept but the
messages, so memory stays flat on large files); the second records each row with
record_response, channel "import", and the caller commits once, or rolls back if any row
was refused after all (a row changed since a previous import of the same file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...core.campaigns import questionnaire_of
from ...core.models import Campaign
from ..recording import RecordingError, ResponseConflict, record_response
from .errors import ImportCheckError
from .files import Table, cell_text
from .mapping import ImportMapping
from .rows import ImportRow, RowReader

CHANNEL = "import"
KEPT_MESSAGES = 1_000
"""Problems listed at most; the others are counted (memory stays flat on a wrong file)."""


@dataclass(frozen=True)
class LoadResult:
    created: int
    already_there: int


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


def check_file(table: Table, mapping: ImportMapping, campaign: Campaign) -> tuple[int, list[str]]:
    """(rows ready to load, the problems found); nothing is written. Past KEPT_MESSAGES
    problems, the last message counts the rest."""
    errors: list[str] = []
    if CHANNEL not in campaign.channels:
        errors.append(f"campaign '{campaign.slug}' does not take the '{CHANNEL}' channel "
                      f"(its channels: {', '.join(campaign.channels)})")  # fmt: skip
    count = untold = 0
    for row, messages in _walk(table, mapping, campaign):
        # A wrong mapping can fail every row of a million: the first messages are enough.
        kept = messages[: max(0, KEPT_MESSAGES - len(errors))]
        errors += kept
        untold += len(messages) - len(kept)
        count += row is not None
    if untold:
        errors.append(f"{table.name}: {untold:,} more problems, not listed")
    if count == 0 and not errors:
        errors.append(f"{table.name}: no responses to import: the file has a header "
                      "but no rows under it")  # fmt: skip
    return count, errors


def load_file(
    session: Session,
    table: Table,
    mapping: ImportMapping,
    campaign: Campaign,
    on_row: Callable[[], object] = lambda: None,
) -> LoadResult:
    """Record every row (after check_file found none to fix); only flushes: the caller commits.

    `on_row` is called after each row (a progress bar).

    Raises ImportCheckError when a row is refused after all; the caller then rolls back.
    """
    created = already_there = 0
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
                channel=CHANNEL,
                lang=mapping.lang,
                answers=row.answers,
                collected_at=row.collected_at,
                historical=True,
            )
        except ResponseConflict:
            errors.append(f"{table.name}: row {row.number}: imported before with other answers "
                          "(the file or the mapping changed since)")  # fmt: skip
            continue
        except RecordingError as exc:
            errors.append(f"{table.name}: row {row.number}: {exc}")
            continue
        created += is_new
        already_there += not is_new
        session.expunge(response)  # a large file must not pile up in the identity map
        on_row()
    if errors:
        raise ImportCheckError(errors)
    return LoadResult(created, already_there)
