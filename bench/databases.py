"""One database per side of a benchmark (project, baseline), same engine, removed after.

SQLite: a file in each side's instance folder. PostgreSQL: a throwaway database
`survey_bench_<pid>` with one schema per side, dropped on exit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .processes import clean_env, survey
from .rawdb import libpq_url

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass
class Side:
    """One side's instance folder and database URL; `env()` points `survey` at it."""

    name: str
    instance: Path
    url: str
    is_postgresql: bool

    def env(self, **extra: str) -> dict[str, str]:
        """`survey`'s environment; `extra` adds or overrides settings (bench.submit turns the
        rate limits and burst detection back on, with one address per visitor)."""
        settings = {
            "SURVEY_INSTANCE_PATH": str(self.instance),
            "SURVEY_SECRET_KEY": "bench",
            "SURVEY_RATELIMIT_ENABLED": "false",  # every client shares 127.0.0.1
            # ... and so would be one source sending a burst: every response flagged (one
            # more UPDATE each), unlike real traffic from many addresses. The check still runs.
            "SURVEY_FLAG_BURST_RATE": "",
        }
        if self.is_postgresql:
            settings["SURVEY_DATABASE_URL"] = self.url
        return clean_env(**{**settings, **extra})

    def init(self) -> None:
        """Create the schema with the project's migration and the open demo campaign."""
        survey(self.env(), "init", "--demo")


class Databases:
    """Context manager handing out `Side`s on SQLite or PostgreSQL."""

    def __init__(
        self, kind: str, pg_url: str | None = None, keep: bool = False, root: Path | None = None
    ):
        if kind not in ("sqlite", "postgresql"):
            raise ValueError(f"unknown database kind {kind!r}")
        self.kind = kind
        self.pg_url = pg_url or os.environ.get("SURVEY_BENCH_PG_URL", PG_DEFAULT)
        self.keep = keep or root is not None
        self.root = root or Path(tempfile.mkdtemp(prefix="survey-bench-"))
        self.root.mkdir(parents=True, exist_ok=True)
        # Kept (--keep-in): a database named after the folder, found again by the next run.
        suffix = root.name if root is not None else str(os.getpid())
        self.pg_database = f"survey_bench_{suffix}"

    def __enter__(self) -> Databases:
        if self.kind == "postgresql":
            import psycopg

            try:
                self._admin(f'CREATE DATABASE "{self.pg_database}"')
            except psycopg.errors.DuplicateDatabase:
                if not self.keep:
                    raise
        return self

    def __exit__(self, *exc) -> None:
        if self.keep:
            print(f"kept {self.root}" + (f" and {self.pg_database}" if self._pg else ""))
            return
        if self._pg:
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_database}" WITH (FORCE)')
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def _pg(self) -> bool:
        return self.kind == "postgresql"

    def side(self, name: str) -> Side:
        instance = self.root / name
        instance.mkdir(exist_ok=True)
        if not self._pg:
            return Side(name, instance, f"sqlite:///{instance / 'survey.db'}", False)
        import psycopg

        base = self.pg_url.rsplit("/", 1)[0] + f"/{self.pg_database}"
        with psycopg.connect(libpq_url(base), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
        return Side(name, instance, f"{base}?options=-csearch_path%3D{name}", True)

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(libpq_url(self.pg_url), autocommit=True) as conn:
            conn.execute(statement)


def add_database_options(parser: argparse.ArgumentParser) -> None:
    """--db and --keep-in, for the benchmarks that read a filled database."""
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--keep-in",
        type=Path,
        default=None,
        help="keep the filled database (SQLite: in this folder; PostgreSQL: a database named "
        "after it) and reuse it on the next run",
    )
