"""Alembic: every earlier schema revision upgrades to head with its data, on both databases,
and the whole chain downgrades to nothing and builds again.

A deployment may sit on any released revision: for each one, an empty database is
built to it, filled with a little of everything that revision can hold, upgraded to
head, and then must hold the same rows and exactly the schema the models describe.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, inspect, select
from sqlalchemy.engine import Engine

from survey_app.core.db import Base
from survey_app.core.migrate import alembic_config, current_revision, head_revision, upgrade

AT = datetime(2026, 3, 4, 9, 0)
RESPONSE_ID = "0b7c1d8e-4f2a-4c53-9b1e-5d6f7a8b9c0d"
# One row per table, in foreign-key order. A column a revision does not have is left out;
# a new NOT NULL column without a default in a later migration must be added here.
SAMPLE: dict[str, list[dict[str, Any]]] = {
    "sites": [{"id": 1, "slug": "prefecture", "name": "Préfecture", "timezone": "Europe/Paris"}],
    "questionnaire_versions": [
        {
            "id": 1,
            "key": "accueil",
            "version": 1,
            "content_hash": "a" * 64,
            "content": {"key": "accueil", "items": []},
            "created_at": AT,
        }
    ],
    "users": [
        {
            "id": 1,
            "login": "officier",
            "password_hash": "scrypt:x",
            "role": "officer",
            "is_enabled": True,
            "created_at": AT,
        }
    ],
    "user_sites": [{"user_id": 1, "site_id": 1}],
    "admin_sessions": [
        {"token_hash": "b" * 64, "user_id": 1, "created_at": AT, "last_seen_at": AT}
    ],
    "campaigns": [
        {
            "id": 1,
            "slug": "accueil-2026",
            "title": "Enquête accueil 2026",
            "site_id": 1,
            "questionnaire_version_id": 1,
            "status": "open",
            "opens_on": date(2026, 3, 1),
            "closes_on": date(2026, 3, 31),
            "channels": ["kiosk", "web"],
            "target_responses": 400,
            "is_published": False,
            "created_at": AT,
        }
    ],
    "campaign_visits": [
        {"id": 1, "campaign_id": 1, "channel": "kiosk", "day": date(2026, 3, 4), "visits": 120}
    ],
    "devices": [
        {
            "id": 1,
            "name": "Hall, borne 1",
            "site_id": 1,
            "campaign_id": 1,
            "token_hash": "b" * 64,
            "created_at": AT,
            "paired_at": AT,
            "last_seen_at": AT,
            "queue_length": 2,
            "rejected_count": 0,
        }
    ],
    "responses": [
        {
            "id": RESPONSE_ID,
            "campaign_id": 1,
            "questionnaire_version_id": 1,
            "channel": "kiosk",
            "lang": "fr",
            "received_at": AT,
            "collected_at": AT,
            "content_hash": "c" * 64,
            "device_id": 1,
            "is_flagged": True,
        }
    ],
    "answers": [
        {
            "response_id": RESPONSE_ID,
            "item_key": "courtoisie",
            "campaign_id": 1,
            "value": "oui",
            "text": None,
        },
        {
            "response_id": RESPONSE_ID,
            "item_key": "commentaire",
            "campaign_id": 1,
            "value": None,
            "text": "Très bien",
        },
    ],
    "comment_reviews": [
        {"response_id": RESPONSE_ID, "item_key": "commentaire", "theme": "accueil"}
    ],
    "audit_events": [
        {
            "id": 1,
            "at": AT,
            "user_id": 1,
            "action": "tablet.enrol",
            "target": "device:1",
            "details": {"name": "Hall, borne 1"},
        }
    ],
}


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


EARLIER = revisions()[:-1]


@pytest.fixture
def engine(database_url):
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


def fill(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Insert SAMPLE as far as the current schema holds it; return exactly what was inserted."""
    metadata = MetaData()
    metadata.reflect(engine)
    inserted: dict[str, list[dict[str, Any]]] = {}
    with engine.begin() as connection:
        for name, rows in SAMPLE.items():
            if name not in metadata.tables:
                continue
            table = metadata.tables[name]
            kept = [{k: v for k, v in row.items() if k in table.columns} for row in rows]
            connection.execute(table.insert(), kept)
            inserted[name] = kept
    return inserted


def read_back(engine: Engine, name: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """The row with the same primary key, as stored now (only the columns given)."""
    metadata = MetaData()
    metadata.reflect(engine, only=[name])
    table = metadata.tables[name]
    keys = [column.name for column in table.primary_key.columns]
    query = select(*[table.c[column] for column in row]).where(
        *[table.c[key] == row[key] for key in keys]
    )
    with engine.connect() as connection:
        found = connection.execute(query).mappings().first()
    return dict(found) if found is not None else None


def schema_differences(engine: Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_the_revision_chain_is_linear_and_ends_at_the_head():
    assert revisions()[-1] == head_revision()
    assert len(set(revisions())) == len(revisions())


@pytest.mark.parametrize("revision", EARLIER)
def test_an_earlier_revision_upgrades_to_head_keeping_its_data(engine, revision):
    upgrade(engine, revision)
    assert current_revision(engine) == revision
    inserted = fill(engine)
    assert "responses" in inserted and "answers" in inserted
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    for name, rows in inserted.items():
        for row in rows:
            assert read_back(engine, name, row) == row, f"{name} lost or changed {row}"
    assert schema_differences(engine) == []


def test_downgrade_to_base_then_upgrade_rebuilds_the_same_schema(engine):
    upgrade(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert schema_differences(engine) == []
    assert fill(engine).keys() == SAMPLE.keys()  # the rebuilt schema takes every kind of row


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
