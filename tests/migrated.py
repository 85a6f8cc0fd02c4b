"""A migrated database for each test without running the migration chain each time.

The chain runs for real once per test process and per engine (about 0.2 s on SQLite and
0.4 s on PostgreSQL, on every one of some 1,300 tests before); each test then starts from
what it made:

- SQLite: a copy of the migrated file (checkpointed, so the copy is the whole database);
- PostgreSQL: a database of the test's own, made by PostgreSQL from a migrated template
  (`CREATE DATABASE … TEMPLATE`, about 30 ms where creating a schema and its tables took
  170 ms); an empty one for the tests that migrate it themselves.

The migrations themselves keep their own tests (tests/app/test_migrations.py and
test_migration_paths.py run the chain on empty databases, step by step).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from survey_app import create_app
from survey_app.core.db import db
from survey_app.core.migrate import upgrade

_lock = threading.Lock()
_sqlite_template: Path | None = None
_pg_template: str | None = None


def migrate(database_url: str) -> None:
    """Bring the new SQLite database at `database_url` to the latest schema, as upgrade()
    would (PostgreSQL's come migrated from new_pg_database)."""
    _copy_sqlite(database_url)


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


def new_pg_database(base_url: str, migrated: bool) -> str:
    """A database of its own for one test on the server of `base_url`: a copy of this
    process's migrated template, or empty. drop_pg_database removes it."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    template = f" TEMPLATE {_template(base_url)}" if migrated else ""
    _server_command(base_url, f"CREATE DATABASE {name}{template}")
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(base_url: str, database_url: str) -> None:
    name = make_url(database_url).database
    _server_command(base_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _server_command(base_url: str, statement: str) -> None:
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()


def _template(base_url: str) -> str:
    """This process's template: the migration chain run for real, once, in a database
    dropped when the process ends."""
    global _pg_template
    with _lock:
        if _pg_template is None:
            name = f"t_template_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            _server_command(base_url, f"CREATE DATABASE {name}")
            drop = f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            atexit.register(_server_command, base_url, drop)
            url = make_url(base_url).set(database=name).render_as_string(hide_password=False)
            folder = tempfile.mkdtemp(prefix="survey-template-")
            app = _upgraded_app(url, folder)
            with app.app_context():
                upgrade(db.engine)
                db.session.remove()
                db.engine.dispose()  # no connection left: PostgreSQL copies only an idle one
            shutil.rmtree(folder, ignore_errors=True)
            _pg_template = name
    return _pg_template
