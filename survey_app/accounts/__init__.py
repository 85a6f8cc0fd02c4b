"""Who may act: officers' accounts (users) and the hall tablets (devices)."""

from . import sessions  # noqa: F401  (its flush hook ends the sessions of a changed account)
