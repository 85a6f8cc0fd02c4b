"""Rate-limit counters in a small SQLite file, shared by every worker process of one server.

Flask-Limiter's `memory://` counts per process: with gunicorn's N workers a script gets N
times the budget (5 failed logins a minute became 5 to 9). This file-backed storage (the
`sqlite:///PATH` scheme, the default, in the instance folder) is seen by every worker of
the host; it is not the survey database, holds only keyed hashes and their counts, and each
counter expires with its window. Several hosts share counters through Redis instead.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time

from limits.storage import Storage

SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (
    key TEXT PRIMARY KEY, n INTEGER NOT NULL, expires_at REAL NOT NULL
) WITHOUT ROWID
"""
INCREMENT = """
INSERT INTO counters (key, n, expires_at) VALUES (:key, :amount, :expires_at)
ON CONFLICT (key) DO UPDATE SET
    n = CASE WHEN expires_at <= :now THEN :amount ELSE n + :amount END,
    expires_at = CASE WHEN expires_at <= :now THEN :expires_at ELSE expires_at END
RETURNING n
"""
PURGE_EVERY = 1000
"""Expired counters are deleted every this many increments, so the file stays small."""


class SQLiteStorage(Storage):
    """A `limits` storage for the fixed-window strategy, in one SQLite file."""

    STORAGE_SCHEME = ["sqlite"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):
        self.path = uri.removeprefix("sqlite:///")  # as SQLAlchemy: four slashes, absolute
        self._local = threading.local()
        self._increments = 0
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        # One connection per thread and per process (gunicorn forks its workers).
        connection = getattr(self._local, "connection", None)
        if connection is None or self._local.pid != os.getpid():
            if not os.path.exists(self.path):
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
            connection = sqlite3.connect(self.path, timeout=2, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")  # a counter lost in a power cut is fine
            connection.execute(SCHEMA)
            self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        params = {"key": key, "amount": amount, "expires_at": now + expiry, "now": now}
        count = self._db().execute(INCREMENT, params).fetchone()[0]
        self._increments += 1
        if self._increments % PURGE_EVERY == 0:
            self._db().execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
        return count

    def get(self, key: str) -> int:
        query = "SELECT n FROM counters WHERE key = ? AND expires_at > ?"
        row = self._db().execute(query, (key, time.time())).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        query = "SELECT expires_at FROM counters WHERE key = ? AND expires_at > ?"
        row = self._db().execute(query, (key, time.time())).fetchone()
        return row[0] if row else time.time()

    def check(self) -> bool:
        self._db().execute("SELECT 1").fetchone()
        return True

    def reset(self) -> int | None:
        return self._db().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._db().execute("DELETE FROM counters WHERE key = ?", (key,))
