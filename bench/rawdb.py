"""Plain DB-API connections with the project's settings, for baselines and the filler.

SQLite gets exactly what survey_app/core/db.py sets (WAL, synchronous, foreign keys,
busy timeout, BEGIN emitted by us); PostgreSQL is psycopg with its defaults.
"""

from __future__ import annotations

import sqlite3
from typing import Any

SQLITE_PREFIX = "sqlite:///"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def libpq_url(url: str) -> str:
    """postgresql+psycopg://... (SQLAlchemy) -> postgresql://... (libpq)."""
    scheme, rest = url.split("://", 1)
    return f"{scheme.split('+')[0]}://{rest}"


def connect(url: str, synchronous: str = "FULL", busy_timeout: float = 30) -> Any:
    """A connection to the database behind a SQLAlchemy URL, tuned like the project's."""
    if is_sqlite(url):
        conn = sqlite3.connect(url.removeprefix(SQLITE_PREFIX), timeout=busy_timeout)
        conn.isolation_level = None  # we emit BEGIN [IMMEDIATE] ourselves, as db.py does
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={synchronous}")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn
    import psycopg

    return psycopg.connect(libpq_url(url))


def begin_write(conn: Any) -> None:
    """Start a write transaction the way the project does (BEGIN IMMEDIATE on SQLite)."""
    if isinstance(conn, sqlite3.Connection):
        conn.execute("BEGIN IMMEDIATE")


def placeholders(conn: Any, count: int) -> str:
    mark = "?" if isinstance(conn, sqlite3.Connection) else "%s"
    return ", ".join([mark] * count)


def to_db_time(conn: Any, moment):
    """Datetimes as SQLAlchemy stores them: SQLite text with microseconds, else native."""
    if isinstance(conn, sqlite3.Connection):
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")
    return moment
