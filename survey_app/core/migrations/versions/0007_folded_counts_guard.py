"""folded counts guard: the database refuses to change a folded response's counted rows

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

The folded counts (survey_app/counts/folding.py) are a second copy of what the answers of
folded responses say. Any change to a counted column of those rows, or their deletion,
that does not go through `unfold` first would leave every report wrong without a sound.
These triggers make it fail instead, on every path: the ORM's flush, bulk UPDATE/DELETE
statements, Core, raw SQL in a console. `unfold` marks the responses unfolded (a column no
trigger watches) before the change, so the paper corrections pass; free text is never
counted, so the comment purge and the redactions pass. Inserts are not watched here: a
trigger per inserted answer doubled the cost of SQLite's inserts on the write path, which
only ever adds answers to the responses it has just created; an option answer added to a
folded response through the ORM is refused by survey_app/counts/guard.py.

A later migration that rebuilds `answers` or `responses` on SQLite (batch_alter_table
copies the table) drops these triggers: it must create them again (`create_triggers`);
tests/app/test_folding_guard.py fails if they are missing.
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

MESSAGE = (
    "folded counts: the answers and counted columns of a folded response change only after "
    "survey_app.counts.folding.unfold, in the same transaction"
)
ANSWER_COLUMNS = (
    "response_id, item_key, campaign_id, value, channel, lang, collected_week_hour, reason, "
    "is_flagged"
)
"""What folded_counts and folded_hours count an answer by (not its free text)."""
RESPONSE_COLUMNS = "id, campaign_id, channel, is_flagged"
"""What folded_counts counts a response by (its row per channel and flag)."""


def _folded(row: str) -> str:
    return f"EXISTS (SELECT 1 FROM responses WHERE id = {row}.response_id AND is_folded)"


# name -> (event, table, when). PostgreSQL allows no subquery in a trigger's WHEN: there
# the function looks the response up.
TRIGGERS = {
    "folded_answer_update": (
        f"UPDATE OF {ANSWER_COLUMNS}",
        "answers",
        "OLD.value IS NOT NULL OR NEW.value IS NOT NULL",
    ),
    "folded_answer_delete": ("DELETE", "answers", "OLD.value IS NOT NULL"),
    "folded_response_update": (f"UPDATE OF {RESPONSE_COLUMNS}", "responses", "OLD.is_folded"),
    "folded_response_delete": ("DELETE", "responses", "OLD.is_folded"),
}
SQLITE_LOOKUP = {
    "folded_answer_update": f"({_folded('OLD')} OR {_folded('NEW')})",
    "folded_answer_delete": _folded("OLD"),
}
PG_FUNCTION = f"""
CREATE FUNCTION folded_counts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids text[] := '{{}}';
    found text;
BEGIN
    IF TG_TABLE_NAME = 'answers' THEN
        ids := ids || OLD.response_id::text;
        IF TG_OP = 'UPDATE' THEN ids := ids || NEW.response_id::text; END IF;
        SELECT id INTO found FROM responses WHERE id = ANY(ids) AND is_folded LIMIT 1;
        IF found IS NULL THEN
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END IF;
    ELSE
        found := OLD.id;
    END IF;
    RAISE EXCEPTION '{MESSAGE} (% of response %)', TG_OP, found
        USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""


def create_triggers() -> None:
    """The guard's triggers on answers and responses (and PostgreSQL's function)."""
    is_postgresql = op.get_bind().dialect.name == "postgresql"
    if is_postgresql:
        op.execute(PG_FUNCTION)
    for name, (event, table, when) in TRIGGERS.items():
        head = f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW"
        if is_postgresql:
            op.execute(f"{head} WHEN ({when}) EXECUTE FUNCTION folded_counts_guard()")
        else:
            lookup = f" AND {SQLITE_LOOKUP[name]}" if name in SQLITE_LOOKUP else ""
            op.execute(f"{head} WHEN ({when}){lookup} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")


def upgrade() -> None:
    create_triggers()


def downgrade() -> None:
    is_postgresql = op.get_bind().dialect.name == "postgresql"
    for name, (_, table, _) in TRIGGERS.items():
        op.execute(f"DROP TRIGGER {name} ON {table}" if is_postgresql else f"DROP TRIGGER {name}")
    if is_postgresql:
        op.execute("DROP FUNCTION folded_counts_guard()")
