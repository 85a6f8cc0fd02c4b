"""The folded counts' guard, ORM side: an option answer added to a folded response.

The database refuses the rest (migration 0007, triggers on answers and responses): any
UPDATE of a counted column or DELETE of a folded response's rows that did not go through
`folding.unfold` first, whether it comes from a flush, a bulk statement, Core or a SQL
console. Its triggers do not watch inserts, which would double SQLite's cost on the write
path; this listener covers the way future code would add an answer to a stored response,
an `Answer` added to a session. Not covered: a Core or raw SQL INSERT into answers for a
folded response (the write path inserts answers only for the responses it creates).
Both always raise, in production too: a refused change is a bug to fix and retry, while a
count gone wrong would go unnoticed into the annual report.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ..core.models import Answer, Response

RULE = (
    "folded counts: the answers and counted columns of a folded response change only after "
    "survey_app.counts.folding.unfold, in the same transaction"
)
"""The message, as the database's triggers word it (migration 0007)."""


class FoldedResponseChanged(RuntimeError):
    """Something tried to change a folded response's counted answers without `unfold`."""


@event.listens_for(Session, "before_flush")
def _no_answer_added_to_a_folded_response(session: Session, _context: Any, _objects) -> None:
    ids = {a.response_id for a in session.new if isinstance(a, Answer) and a.value is not None}
    if not ids:
        return
    with session.no_autoflush:
        folded = session.scalar(
            select(Response.id).where(Response.id.in_(sorted(ids)), Response.is_folded).limit(1)
        )
    if folded is not None:
        raise FoldedResponseChanged(f"{RULE} (INSERT of response {folded})")
