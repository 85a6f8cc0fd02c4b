"""Deployment defaults of `survey serve` on one server: forwarded headers believed only
as configured, database and instance files readable by the service alone, 413 for any
oversized body, chunked ones included. Against a real gunicorn (SQLite)."""

from __future__ import annotations

import http.client
import stat
from pathlib import Path

import pytest

from survey_app.core.settings import BY_NAME
from tests.faults.server import API_PATH, SurveyServer

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    instance = tmp_path_factory.mktemp("deploy") / "instance"
    served = SurveyServer(instance, f"sqlite:///{instance / 'survey.db'}")
    served.env.pop("SURVEY_SECRET_KEY")  # the instance keeps its own, as `make run` does
    served.env.pop("SURVEY_RATELIMIT_ENABLED")  # counted in instance/ratelimits.db
    served.cli("init", "--demo")
    served.start()
    yield served
    served.stop()


def _get(server, path: str, headers: dict) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", path, headers=headers)
    reply = connection.getresponse()
    reply.read()
    connection.close()
    return reply


def test_a_forwarded_scheme_from_loopback_is_ignored_without_a_trusted_proxy(server):
    reply = _get(server, "/admin/", {"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on"})
    assert reply.status == 302
    assert reply.getheader("Strict-Transport-Security") is None  # not taken for HTTPS
    assert not reply.getheader("Location").startswith("https:")


def _chunked_post(server, path: str, size: int, content_type: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    block = b"x" * 8192

    def body():
        for _ in range(size // len(block)):
            yield block

    try:
        connection.request(
            "POST", path, body=body(), headers={"Content-Type": content_type},
            encode_chunked=True,
        )  # fmt: skip
        return connection.getresponse().status
    finally:
        connection.close()


OVER_THE_LIMIT = BY_NAME["MAX_REQUEST_BYTES"].default + 4 * 8192
"""Just over: the server answers 413 once it has read the limit, then reads what is left
(gunicorn drains up to 64 KiB before closing). A body of a megabyte went on being sent
after that close, and the client's write failed with a broken pipe when the loaded
machine's socket buffers had not grown large enough to take it all first."""


@pytest.mark.parametrize(
    "path,content_type",
    [
        (API_PATH, "application/json"),
        ("/api/v1/kiosk/pair", "application/json"),
        ("/s/accueil", "application/x-www-form-urlencoded"),
        ("/admin/login", "application/x-www-form-urlencoded"),
    ],
)
def test_a_chunked_body_over_the_limit_gets_413(server, path, content_type):
    assert _chunked_post(server, path, OVER_THE_LIMIT, content_type) == 413


def test_the_database_and_instance_files_are_readable_by_the_service_alone(server):
    assert server.post({"id": "not-a-uuid"})[0] == 422  # counted: the counters' file exists
    instance = server.instance
    for name in ("survey.db", "secret_key", "ratelimits.db"):
        path = instance / name
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{name} is {oct(mode)}"
    wal = instance / "survey.db-wal"
    if wal.exists():
        assert stat.S_IMODE(wal.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(instance.stat().st_mode) & 0o077 == 0


@pytest.mark.parametrize("unit", ["survey.service", "survey@.service"])
def test_the_systemd_units_set_a_private_umask(unit):
    text = (ROOT / "docs" / "deploy" / unit).read_text(encoding="utf-8")
    assert "\nUMask=0077\n" in text
