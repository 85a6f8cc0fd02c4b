"""Security headers on every response; HSTS only over HTTPS, trusted proxies by setting."""

from __future__ import annotations

from survey_app import create_app


def test_every_response_carries_the_security_headers(client, campaign):
    for path in (f"/s/{campaign.slug}", "/api/v1/openapi.json", "/nowhere"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "default-src 'self'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "frame-ancestors 'none'" in csp
        assert "Strict-Transport-Security" not in response.headers


def test_hsts_is_sent_only_behind_a_trusted_https_proxy(app, tmp_path, monkeypatch):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    headers = {"X-Forwarded-Proto": "https"}
    untrusting = app.test_client()
    assert "Strict-Transport-Security" not in untrusting.get("/nowhere", headers=headers).headers
    proxied = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "TRUSTED_PROXIES": 1})
    response = proxied.test_client().get("/nowhere", headers=headers)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
