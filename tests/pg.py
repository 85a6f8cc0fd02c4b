"""PostgreSQL for the tests: a database per test process, a schema per test.

The first test of a process that asks for PostgreSQL creates a database of its own on the
server of SURVEY_TEST_DATABASE_URL; the session drops it at the end, with every schema in
it (dropping a migrated schema took 35 ms on each of some 700 tests).

Each test gets a new, empty schema. When the test's app migrates it (tests/migrated.py),
a schema migrated for an earlier test and emptied since takes its place if there is one
(renamed to the new schema's name): emptying one (DELETE from each table, sequences back
to 1) costs about 10 ms where replaying the migrations costs 100 ms of the server's CPU,
or 300 ms under the suite's load. A schema is emptied only if it still has the migrated
shape (a test that changed its tables leaves it alone), and only without waiting for a
lock (a connection the test left open leaves it alone too).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

PG_ENV = "SURVEY_TEST_DATABASE_URL"

_server: Engine | None = None
"""The server's own database (the variable's), for CREATE and DROP DATABASE."""
_ours: Engine | None = None
_our_url: str | None = None
_spare: list[str] = []
"""Migrated schemas emptied after their test, ready for another."""
_migrated: set[str] = set()
"""Schemas migrated (or given a spare) for a test under way."""
_shape: str | None = None
"""The relations of a freshly migrated schema and its alembic version, as _SHAPE gives."""
_SHAPE = """
    SELECT string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname)
        || '@' || (SELECT version_num FROM "{schema}".alembic_version)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :schema
"""


def _shape_of(connection: Connection, schema: str) -> str | None:
    return connection.execute(text(_SHAPE.format(schema=schema)), {"schema": schema}).scalar()


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


def _schema(url: str) -> str:
    return make_url(url).query["options"].removeprefix("-csearch_path=")


@contextmanager
def _transaction() -> Iterator[Connection]:
    engine, _ = _database()
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="READ COMMITTED")
        with connection.begin():
            yield connection


def run_in_schema(url: str, statements: list[tuple[str, object]]) -> None:
    """Run statements in one transaction on the schema of `url` (from new_schema), which
    they migrate; remember the migrated shape the first time."""
    global _shape
    schema = _schema(url)
    with _transaction() as connection:
        connection.exec_driver_sql(f'SET LOCAL search_path TO "{schema}"')
        for statement, parameters in statements:
            connection.exec_driver_sql(statement, parameters)
        if _shape is None:
            _shape = _shape_of(connection, schema)
    _migrated.add(schema)


def take_spare(url: str) -> bool:
    """Put an emptied migrated schema in the place of the empty one of `url`; False if
    there is none."""
    if not _spare:
        return False
    spare, schema = _spare.pop(), _schema(url)
    with _transaction() as connection:
        connection.exec_driver_sql(
            f'DROP SCHEMA "{schema}"; ALTER SCHEMA "{spare}" RENAME TO "{schema}"'
        )
    _migrated.add(schema)
    return True


def release(url: str) -> None:
    """After the test: empty its schema for another test if it was migrated and still
    has the migrated shape; otherwise leave it to the end of the session."""
    schema = _schema(url)
    if schema not in _migrated:
        return
    _migrated.discard(schema)
    try:
        with _transaction() as connection:
            connection.exec_driver_sql("SET LOCAL lock_timeout = '1s'")
            if _shape_of(connection, schema) != _shape:
                return
            connection.exec_driver_sql(_emptying(schema))
    except DBAPIError:  # a lock held by a connection the test left open, or no superuser
        return
    _spare.append(schema)


def _emptying(schema: str) -> str:
    """The script that empties a schema of the migrated shape: its tables and sequences are
    the ones _shape lists (the check before it proved they are the same)."""
    relations = [part.split(":") for part in _shape.rpartition("@")[0].split(",")]
    # Triggers off: the folded counts' guard refuses to delete counted answers.
    script = ["SET LOCAL session_replication_role = replica"]
    script += [
        f'DELETE FROM "{schema}"."{name}"'
        for name, kind in relations
        if kind == "r" and name != "alembic_version"
    ]
    script += [
        f"""SELECT setval('"{schema}"."{name}"', 1, false)"""
        for name, kind in relations
        if kind == "S"
    ]
    return ";\n".join(script)


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
    _spare.clear()
    _migrated.clear()
