"""Alembic environment: runs on the connection handed over by survey_app.core.migrate."""

from alembic import context

from survey_app.core import models  # noqa: F401  (registers the tables)
from survey_app.core.db import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
