"""The database handle and the engine settings that keep writes safe.

SQLite: WAL, FULL sync by default, foreign keys, a busy timeout, and writes
that take the write lock at BEGIN (IMMEDIATE) so concurrent requests queue
instead of failing with "database is locked". Views marked `locks_late` (those
whose only writes go through the write path) read and validate first and take the
lock just before their inserts (`take_write_lock`): other workers' writes go on
meanwhile, the lock is held for the inserts and the commit only.
"""

from __future__ import annotations

import importlib
import os
import select
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask, current_app, has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_LOCKED = "survey_write_locked"
"""connection.info key: whether the SQLite transaction under way holds the write lock."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
_write_intent: ContextVar[bool] = ContextVar("write_intent", default=False)


@contextmanager
def write_intent() -> Iterator[None]:
    """Outside a request (CLI, jobs): transactions opened inside will write."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


def locks_late(view: Callable) -> Callable:
    """Mark a view whose writes all go through the write path, which calls take_write_lock."""
    view.locks_late = True  # type: ignore[attr-defined]
    return view


def take_write_lock(session: Session) -> None:
    """Before a locks_late request's first write, on SQLite: end its read transaction (it
    wrote nothing) and begin a writing one, queueing behind the other writers.

    Upgrading the read transaction in place is not an option: in WAL mode SQLite refuses
    it at once (SQLITE_BUSY_SNAPSHOT) when another writer committed since it began. A
    request that has read nothing yet (the campaign row was kept, recent_campaign_row)
    begins with the lock: one BEGIN IMMEDIATE, not BEGIN, COMMIT and BEGIN IMMEDIATE.
    """
    with write_intent():  # a transaction begun here takes the lock at once
        connection = session.connection()
    if connection.dialect.name != "sqlite" or connection.info.get(_LOCKED):
        return
    connection.exec_driver_sql("COMMIT")
    connection.exec_driver_sql("BEGIN IMMEDIATE")
    connection.info[_LOCKED] = True


def holds_write_lock(session: Session) -> bool:
    """Whether the session's SQLite transaction under way holds the write lock."""
    if isinstance(session, scoped_session):  # Flask-SQLAlchemy's db.session
        session = session()
    if not session.in_transaction():
        return False
    connection = session.connection()
    return connection.dialect.name == "sqlite" and bool(connection.info.get(_LOCKED))


def _wants_write() -> bool:
    if _write_intent.get():
        return True
    if not has_request_context() or request.method in SAFE_METHODS:
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return not getattr(view, "locks_late", False)


def dialect_insert(dialect_name: str, table: Any) -> Any:
    """INSERT with the database's ON CONFLICT clauses (PostgreSQL's or SQLite's). The
    dialect's module is imported here, not at start-up: SQLAlchemy's PostgreSQL package
    loads all of its drivers' modules, some 50 ms a command on an SQLite install."""
    return importlib.import_module(f"sqlalchemy.dialects.{dialect_name}").insert(table)


def engine_options(app: Flask) -> dict:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": app.config["SQLITE_BUSY_TIMEOUT"]}}
    return {}


def create_private_sqlite_file(url: str) -> None:
    """Create a SQLite database file readable by its owner only (0600), before SQLite
    would create it world-readable; its -wal and -shm files take the same mode."""
    if not url.startswith("sqlite"):
        return
    path = make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:") or os.path.exists(path):
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:  # another worker made it first
        pass
    except OSError:  # no such folder: SQLite says so in its own words at the first query
        pass


def init_app(app: Flask) -> None:
    create_private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app))
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _tune_sqlite(db.engine, app.config["SQLITE_SYNCHRONOUS"])
        else:
            check_on_checkout(db.engine)


PING_IF_IDLE_FOR = 30.0
"""Seconds after which a pooled server connection is pinged before use (see below)."""
_CHECKED_IN_AT = "survey_checked_in_at"


def check_on_checkout(engine: Engine, ping_if_idle_for: float = PING_IF_IDLE_FOR) -> None:
    """Hand out only live connections, without a round trip per request.

    A server that restarts or ends a session (`systemctl restart postgresql`,
    pg_terminate_backend) tells the client and closes the socket: a pooled connection
    whose socket is readable while idle is dead, and that costs one poll() to see. A
    connection dropped silently (a firewall forgetting an idle connection, a host gone)
    shows nothing locally: those idle for `ping_if_idle_for` seconds are pinged, as
    pool_pre_ping would ping every one. Raising DisconnectionError makes the pool drop
    the connection and hand out a fresh one instead.
    """

    @event.listens_for(engine, "checkin")
    def on_checkin(_dbapi_connection, record):
        record.info[_CHECKED_IN_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection, record, _proxy):
        checked_in_at = record.info.get(_CHECKED_IN_AT)
        if checked_in_at is None:  # just opened
            return
        if dbapi_connection.closed or _has_pending_input(dbapi_connection.fileno()):
            raise DisconnectionError("the server closed the connection")
        if time.monotonic() - checked_in_at >= ping_if_idle_for:
            try:
                engine.dialect.do_ping(dbapi_connection)
            except engine.dialect.loaded_dbapi.Error as exc:
                raise DisconnectionError("the connection did not answer a ping") from exc


def _has_pending_input(fileno: int) -> bool:
    """Whether the socket has something to read (from an idle connection: its end)."""
    poller = select.poll()
    poller.register(fileno, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))


def _tune_sqlite(engine: Engine, synchronous: str) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, emit BEGIN (so savepoints and IMMEDIATE work).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        immediate = _wants_write()
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        connection.info[_LOCKED] = immediate
