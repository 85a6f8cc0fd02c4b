"""PostgreSQL for the tests: a database per test process, an empty schema per test.

The first test of a process that asks for PostgreSQL creates a database of its own on the
server of SURVEY_TEST_DATABASE_URL; the session drops it at the end. Each test gets a new
schema in it that is never dropped one by one: dropping a migrated schema (some 40
relations) took 35 ms on each of about 700 tests, while dropping the whole database at the
end costs about what dropping an empty one does. One connection per process creates the
schemas (and replays the migrations into them, tests/migrated.py) instead of one per test.
"""

from __future__ import annotations

import os
import uuid

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

PG_ENV = "SURVEY_TEST_DATABASE_URL"

_server: Engine | None = None
"""The server's own database (the variable's), for CREATE and DROP DATABASE."""
_ours: Engine | None = None
_our_url: str | None = None


def configured() -> str | None:
    return os.environ.get(PG_ENV) or None


def _database() -> tuple[Engine, str]:
    global _server, _ours, _our_url
    if _ours is None:
        base = make_url(configured())
        name = f"survey_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        _server = create_engine(base, isolation_level="AUTOCOMMIT")
        with _server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        _our_url = base.set(database=name).render_as_string(hide_password=False)
        _ours = create_engine(_our_url, isolation_level="AUTOCOMMIT", pool_size=1)
    return _ours, _our_url


def new_schema() -> str:
    """A URL on an empty schema of this process's database, its search_path set to it."""
    engine, url = _database()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


def run_in_schema(url: str, statements: list[tuple[str, object]]) -> None:
    """Run statements in one transaction on the schema of `url` (from new_schema)."""
    engine, _ = _database()
    schema = make_url(url).query["options"].removeprefix("-csearch_path=")
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="READ COMMITTED")
        with connection.begin():
            connection.exec_driver_sql(f'SET LOCAL search_path TO "{schema}"')
            for statement, parameters in statements:
                connection.exec_driver_sql(statement, parameters)


def drop_database() -> None:
    """At the end of the session: the database and every schema in it, at once."""
    global _server, _ours, _our_url
    if _ours is None:
        return
    name = make_url(_our_url).database
    _ours.dispose()
    with _server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    _server.dispose()
    _server = _ours = _our_url = None
