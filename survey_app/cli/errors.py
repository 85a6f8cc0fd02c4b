"""What `survey` says instead of a traceback when the database refuses a command."""

from __future__ import annotations

MISSING_TABLE = ("no such table", "undefinedtable", "does not exist", "no such column")


def database_error_message(exc: BaseException) -> str | None:
    """A one-line explanation of a database error, None when `exc` is not one."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError):
        return None
    cause = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
    if any(marker in f"{type(exc.orig).__name__} {cause}".lower() for marker in MISSING_TABLE):
        return (
            f"survey: the database is not set up or not up to date ({cause}): "
            "run `survey init` first, it creates or upgrades it and keeps what is stored."
        )
    if exc.connection_invalidated or "connect" in cause.lower():
        return f"survey: cannot reach the database ({cause}): check SURVEY_DATABASE_URL."
    return f"survey: the database refused the command: {cause}"
