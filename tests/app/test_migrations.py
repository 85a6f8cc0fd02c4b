"""Alembic: the migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from survey_app.db import Base, db
from survey_app.migrate import current_revision, head_revision, upgrade


def test_migrated_schema_matches_the_models(app_ctx):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_is_idempotent_and_records_the_head(app_ctx):
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision()
