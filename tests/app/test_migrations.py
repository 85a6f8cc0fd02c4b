"""Alembic: the migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from survey_app.core.db import Base, db
from survey_app.core.migrate import current_revision, head_revision, upgrade


def test_migrated_schema_matches_the_models(app_ctx):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_is_idempotent_and_records_the_head(app_ctx):
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision()


def _one_campaign(at: str) -> tuple[str, ...]:
    """A site, a questionnaire version and an open campaign (ids 1), in raw SQL: the
    schema of an earlier revision has no models."""
    return (
        "INSERT INTO sites (id, slug, name, timezone) VALUES (1, 's', 'S', 'Europe/Paris')",
        "INSERT INTO questionnaire_versions (id, key, version, content_hash, content, "
        f"created_at) VALUES (1, 'accueil', 1, 'h', '{{}}', '{at}')",
        "INSERT INTO campaigns (id, slug, title, site_id, questionnaire_version_id, status, "
        f"channels, is_published, created_at) VALUES (1, 'c', 'C', 1, 1, 'open', '[]', "
        f"false, '{at}')",
    )


def test_upgrade_copies_each_response_dimensions_onto_its_answers(database_url):
    engine = create_engine(database_url)
    upgrade(engine, "0002")
    at = "2026-03-04 09:00:00"
    with engine.begin() as connection:
        for statement in (
            *_one_campaign(at),
            "INSERT INTO responses (id, campaign_id, questionnaire_version_id, channel, lang, "
            f"received_at, collected_at, content_hash, is_flagged) VALUES ('r1', 1, 1, 'kiosk', "
            f"'ar', '{at}', '{at}', 'h', true), ('r2', 1, 1, 'web', 'fr', '{at}', '{at}', 'h', "
            "false)",
            "INSERT INTO answers (response_id, item_key, campaign_id, value, text) VALUES "
            "('r1', 'motif', 1, 'titre_sejour', NULL), ('r1', 'note', 1, '5', NULL), "
            "('r2', 'note', 1, '3', NULL), ('r2', 'commentaire', 1, NULL, 'Bien')",
        ):
            connection.execute(text(statement))
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT response_id, item_key, channel, lang, reason, is_flagged FROM answers "
                "ORDER BY response_id, item_key"
            )
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [
        ("r1", "motif", "kiosk", "ar", "titre_sejour", True),
        ("r1", "note", "kiosk", "ar", "titre_sejour", True),
        ("r2", "commentaire", "web", "fr", None, False),
        ("r2", "note", "web", "fr", None, False),
    ]


def test_upgrade_gives_each_answer_the_local_weekday_and_hour_of_its_collection(database_url):
    engine = create_engine(database_url)
    upgrade(engine, "0003")
    winter, summer = "2026-01-15 08:00:00", "2026-07-15 08:00:00"  # 9 h and 10 h in Paris
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO sites (id, slug, name, timezone) VALUES (1, 'p', 'P', 'Europe/Paris'), "
            "(2, 'r', 'R', 'Indian/Reunion')",
            "INSERT INTO questionnaire_versions (id, key, version, content_hash, content, "
            f"created_at) VALUES (1, 'accueil', 1, 'h', '{{}}', '{winter}')",
            "INSERT INTO campaigns (id, slug, title, site_id, questionnaire_version_id, status, "
            f"channels, is_published, created_at) VALUES (1, 'c', 'C', 1, 1, 'open', '[]', "
            f"false, '{winter}'), (2, 'd', 'D', 2, 1, 'open', '[]', false, '{winter}')",
            "INSERT INTO responses (id, campaign_id, questionnaire_version_id, channel, lang, "
            f"received_at, collected_at, content_hash, is_flagged) VALUES "
            f"('r1', 1, 1, 'kiosk', 'fr', '{winter}', '{winter}', 'h', false), "
            f"('r2', 1, 1, 'kiosk', 'fr', '{summer}', '{summer}', 'h', false), "
            f"('r3', 2, 1, 'kiosk', 'fr', '{winter}', '{winter}', 'h', false)",
            "INSERT INTO answers (response_id, item_key, campaign_id, value, text, collected_at) "
            f"VALUES ('r1', 'note', 1, '5', NULL, '{winter}'), "
            f"('r2', 'note', 1, '4', NULL, '{summer}'), ('r3', 'note', 2, '3', NULL, '{winter}'),"
            " ('r3', 'avis', 2, NULL, 'Bien', NULL)",
        ):
            connection.execute(text(statement))
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT response_id, item_key, collected_week_hour FROM answers ORDER BY 1, 2")
        ).all()
    engine.dispose()
    thursday, wednesday = 3 * 24, 2 * 24
    assert [tuple(row) for row in rows] == [
        ("r1", "note", thursday + 9),  # winter time in Paris: UTC+1
        ("r2", "note", wednesday + 10),  # summer time: UTC+2
        ("r3", "avis", None),  # no collection time copied: no cell
        ("r3", "note", thursday + 12),  # La Réunion: UTC+4, all year
    ]


def test_upgrade_folds_the_responses_already_stored_and_new_ones_arrive_unfolded(
    database_url,
):
    engine = create_engine(database_url)
    upgrade(engine, "0004")
    at = "2026-01-15 08:00:00"
    with engine.begin() as connection:
        for statement in (
            *_one_campaign(at),
            "INSERT INTO responses (id, campaign_id, questionnaire_version_id, channel, lang, "
            "received_at, collected_at, content_hash, is_flagged) VALUES "
            f"('r1', 1, 1, 'kiosk', 'fr', '{at}', '{at}', 'h', false), "
            f"('r2', 1, 1, 'kiosk', 'ar', '{at}', '{at}', 'h', true), "
            f"('r3', 1, 1, 'web', 'fr', '{at}', '{at}', 'h', false)",
            "INSERT INTO answers (response_id, item_key, campaign_id, value, text, channel, "
            "lang, reason, collected_week_hour, is_flagged) VALUES "
            "('r1', 'note', 1, '5', NULL, 'kiosk', 'fr', 'titre', 81, false), "
            "('r2', 'note', 1, '5', NULL, 'kiosk', 'ar', NULL, 81, true), "
            "('r3', 'note', 1, '3', NULL, 'web', 'fr', 'titre', NULL, false), "
            "('r3', 'avis', 1, NULL, 'Bien', 'web', 'fr', 'titre', NULL, false)",
        ):
            connection.execute(text(statement))
    upgrade(engine)
    with engine.begin() as connection:
        unfolded = connection.execute(
            text("SELECT COUNT(*) FROM responses WHERE NOT is_folded")
        ).scalar()
        counts = connection.execute(
            text(
                "SELECT item_key, value, channel, lang, reason, is_flagged, n FROM folded_counts "
                "ORDER BY 1, 2, 3, 4, 6"
            )
        ).all()
        hours = connection.execute(
            text("SELECT item_key, value, week_hour, is_flagged, n FROM folded_hours")
        ).all()
        connection.execute(
            text(
                "INSERT INTO responses (id, campaign_id, questionnaire_version_id, channel, "
                "lang, received_at, collected_at, content_hash, is_flagged) VALUES "
                f"('r4', 1, 1, 'web', 'fr', '{at}', '{at}', 'h', false)"
            )
        )
        new = connection.execute(text("SELECT is_folded FROM responses WHERE id = 'r4'"))
        assert new.scalar() in (False, 0)
    engine.dispose()
    assert unfolded == 0
    assert [tuple(row) for row in counts] == [
        ("", "", "kiosk", "", "", False, 1),  # responses per channel and flag
        ("", "", "kiosk", "", "", True, 1),
        ("", "", "web", "", "", False, 1),
        ("note", "3", "web", "fr", "titre", False, 1),
        ("note", "5", "kiosk", "ar", "", True, 1),  # no reason given: ''
        ("note", "5", "kiosk", "fr", "titre", False, 1),
    ]
    assert sorted(tuple(row) for row in hours) == [
        ("note", "5", 81, False, 1),
        ("note", "5", 81, True, 1),
    ]


def test_upgrade_gives_existing_accounts_no_address_and_alerts_on(database_url):
    engine = create_engine(database_url)
    upgrade(engine, "0012")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, login, password_hash, role, is_enabled, created_at) "
                "VALUES (1, 'officier', 'scrypt:x', 'officer', true, '2026-03-04 09:00:00')"
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT login, email, has_email_alerts FROM users")).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [("officier", None, True)]
