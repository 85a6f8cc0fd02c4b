"""The service as `make run` starts it: gunicorn serves the survey to a real browser."""

from __future__ import annotations


def test_serve_prints_the_urls_and_the_admin_password_once(live_server):
    assert "password:" in live_server.init_output
    log = (live_server.instance / "server.log").read_text()
    assert f"{live_server.url}/s/accueil" in log
    assert f"{live_server.url}/kiosk/" in log
    assert f"{live_server.url}/admin/" in log
