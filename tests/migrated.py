"""A migrated database for each test without running the migration chain each time.

The chain runs for real once per test process and per engine (about 0.2 s on SQLite and
0.4 s on PostgreSQL, on every one of some 1,300 tests before); each test then starts from
what it made:

- SQLite: a copy of the migrated file (checkpointed, so the copy is the whole database);
- PostgreSQL: the statements the migrations sent, replayed in the test's own schema, in
  one transaction on the process's connection (tests/pg.py; reflection queries left out:
  they read, they change nothing).

The migrations themselves keep their own tests (tests/app/test_migrations.py and
test_migration_paths.py run the chain on empty databases, step by step).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import uuid
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from survey_app import create_app
from survey_app.core.db import db
from survey_app.core.migrate import upgrade
from tests.pg import run_in_schema, take_spare

_lock = threading.Lock()
_sqlite_template: Path | None = None
_pg_statements: list[tuple[str, object]] | None = None
_WRITES = ("CREATE", "ALTER", "INSERT", "UPDATE", "DELETE", "DROP", "COMMENT")


def migrate(database_url: str) -> None:
    """Bring the empty database at `database_url` to the latest schema, as upgrade() would."""
    if make_url(database_url).get_backend_name() == "sqlite":
        _copy_sqlite(database_url)
    else:
        _replay_pg(database_url)


def _upgraded_app(database_url: str, instance: str):
    """Run the real chain through the app, as the fixture always did."""
    saved = os.environ.get("SURVEY_INSTANCE_PATH")
    os.environ["SURVEY_INSTANCE_PATH"] = instance
    try:
        app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "t", "TESTING": True})
    finally:
        if saved is None:
            os.environ.pop("SURVEY_INSTANCE_PATH")
        else:
            os.environ["SURVEY_INSTANCE_PATH"] = saved
    return app


def _copy_sqlite(database_url: str) -> None:
    global _sqlite_template
    with _lock:
        if _sqlite_template is None:
            folder = Path(tempfile.mkdtemp(prefix="survey-template-"))
            path = folder / "template.db"
            app = _upgraded_app(f"sqlite:///{path}", str(folder / "instance"))
            with app.app_context():
                upgrade(db.engine)
                with db.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                db.session.remove()
                db.engine.dispose()
            _sqlite_template = path
    target = make_url(database_url).database
    assert target and not Path(target).exists(), f"{target} should be a new database"
    shutil.copyfile(_sqlite_template, target)


def _replay_pg(database_url: str) -> None:
    global _pg_statements
    with _lock:
        if _pg_statements is None:
            _pg_statements = _batched(_record_pg(database_url))
    if not take_spare(database_url):
        run_in_schema(database_url, _pg_statements)


def _batched(statements: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Runs of statements without parameters joined into one script: one round trip."""
    batched: list[tuple[str, object]] = []
    script: list[str] = []
    for statement, parameters in statements:
        if parameters:
            if script:
                batched.append((";\n".join(script), None))
                script = []
            batched.append((statement, parameters))
        else:
            script.append(statement)
    if script:
        batched.append((";\n".join(script), None))
    return batched


def _record_pg(database_url: str) -> list[tuple[str, object]]:
    """The writing statements of the migration chain, run for real in a scratch schema."""
    url = make_url(database_url)
    base = url.set(query={k: v for k, v in url.query.items() if k != "options"})
    schema = f"t_template_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    scratch = base.update_query_dict({"options": f"-csearch_path={schema}"})
    statements: list[tuple[str, object]] = []
    folder = tempfile.mkdtemp(prefix="survey-template-")
    try:
        app = _upgraded_app(scratch.render_as_string(hide_password=False), folder)
        with app.app_context():

            @event.listens_for(db.engine, "before_cursor_execute")
            def record(conn, cursor, statement, parameters, context, executemany):
                if statement.lstrip().upper().startswith(_WRITES):
                    statements.append((statement, parameters))

            upgrade(db.engine)
            db.session.remove()
            db.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    if any(schema in statement for statement, _ in statements):
        raise RuntimeError("a migration names its schema: it cannot be replayed elsewhere")
    return statements
