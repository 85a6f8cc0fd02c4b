"""A database that cannot be reached or stays locked gives 503 + Retry-After, never a 500."""

from __future__ import annotations

import sqlite3
import uuid

import jsonschema

from survey_app import create_app
from tests.helpers import valid_answers


def test_unreachable_postgresql_gives_503_with_retry_after(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path))
    app = create_app(
        {
            "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=1",
            "SECRET_KEY": "x",
        }
    )
    response = app.test_client().post(
        "/api/v1/campaigns/accueil/responses",
        json={"id": str(uuid.uuid4()), "channel": "web", "answers": valid_answers()},
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.get_json()["error"] == "service_unavailable"
    document = app.test_client().get("/api/v1/openapi.json").get_json()  # needs no database
    documented = document["paths"]["/api/v1/campaigns/{slug}/responses"]["post"]["responses"]
    jsonschema.validate(
        response.get_json(), documented["503"]["content"]["application/json"]["schema"]
    )
    assert "Retry-After" in documented["503"]["headers"]
    page = app.test_client().get("/s/accueil")
    assert page.status_code == 503
    assert "momentanément indisponible" in page.get_data(as_text=True)


def test_sqlite_locked_past_the_busy_timeout_gives_503(app, campaign):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite"):
        return  # the lock being tested is SQLite's
    impatient = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "SQLITE_BUSY_TIMEOUT": 1})
    blocker = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        response = impatient.test_client().post(
            f"/api/v1/campaigns/{campaign.slug}/responses",
            json={"id": str(uuid.uuid4()), "channel": "web", "answers": valid_answers()},
        )
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
