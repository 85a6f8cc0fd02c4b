"""Register entries for the tests, through the register's one create function."""

from __future__ import annotations

from datetime import date

from survey_app.core.db import db
from survey_app.register.entries import EntryFields, create_entry, record_reply
from survey_app.register.rules import RegisterRules

RULES = RegisterRules(deadlines={"reclamation": 15, "suggestion": 15, "information": 15})
TODAY = date(2027, 1, 31)


def add_entry(site, received_on: date, channel: str = "courriel", kind: str = "reclamation",
              replied_on: date | None = None, **fields):  # fmt: skip
    entry = create_entry(
        db.session, site, EntryFields(received_on, channel, kind, **fields), RULES, TODAY
    )
    if replied_on is not None:
        record_reply(entry, replied_on, "courriel", "officer_a", TODAY)
    return entry


def the_bilan_entries(site) -> None:
    """2020: 24 courriel, 15 courrier, 3 fiches hall, all answered; 2019: 78 entries."""
    for channel, count in (("courriel", 24), ("courrier", 15), ("fiche_hall", 3)):
        for i in range(count):
            add_entry(site, date(2020, 3, 2 + i % 20), channel, replied_on=date(2020, 3, 25))
    for i in range(78):
        add_entry(site, date(2019, 5, 1 + i % 28), "courriel")
    db.session.commit()
