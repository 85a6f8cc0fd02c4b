"""Login protection nobody can turn against an account's owner, counted across worker
processes, and the same delay for a login that exists and one that does not."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

import pytest

from survey_app.accounts.users import create_user
from survey_app.core.db import db
from tests.app.admin_helpers import PASSWORD, login, make_staff, post
from tests.app.hardening_helpers import KIOSK_PAIR


@pytest.fixture
def staff(app):
    with app.app_context():
        return make_staff()


def _browser(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_strangers_failing_on_an_account_cannot_lock_out_its_owners_browser(app, staff):
    owner = _browser(app, "192.0.2.10")
    assert login(owner, "admin").status_code == 303  # this browser is now known for 'admin'
    assert post(owner, "/admin/logout").status_code == 303
    for number in range(8):  # a guesser spread over many addresses
        reply = login(_browser(app, f"198.51.100.{number}"), "admin", "guess")
        assert reply.status_code == (401 if number < 5 else 429)
    stranger = _browser(app, "203.0.113.7")
    assert login(stranger, "admin").status_code == 429  # a new browser waits, even right
    assert login(owner, "admin").status_code == 303  # the owner's browser signs in


def test_an_attacker_sharing_the_owners_address_cannot_lock_them_out_either(app, staff):
    owner = _browser(app, "192.0.2.20")
    assert login(owner, "officer_a").status_code == 303
    assert post(owner, "/admin/logout").status_code == 303
    attacker = _browser(app, "192.0.2.20")  # the same office Wi-Fi
    for _ in range(6):
        login(attacker, "officer_a", "guess")
    assert login(attacker, "officer_a").status_code == 429
    assert login(owner, "officer_a").status_code == 303


def test_a_known_browser_is_itself_limited(app, staff):
    owner = _browser(app, "192.0.2.30")
    assert login(owner, "officer_a").status_code == 303
    assert post(owner, "/admin/logout").status_code == 303
    statuses = [login(owner, "officer_a", "wrong").status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]


def test_a_forged_known_browser_cookie_is_ignored(app, staff):
    for number in range(5):
        login(_browser(app, f"198.51.100.{number}"), "admin", "guess")
    forger = _browser(app, "203.0.113.8")
    forger.set_cookie("survey_device", "eyJkIjoieCIsImwiOltdfQ.forged", path="/admin/")
    assert login(forger, "admin").status_code == 429


WORKER = """
import sys
from survey_app import create_app
app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "test-secret", **eval(sys.argv[2])})
client = app.test_client()
client.environ_base["REMOTE_ADDR"] = "192.0.2.99"
path, count = sys.argv[3], int(sys.argv[4])
for _ in range(count):
    if path == "login":
        page = client.get("/admin/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        data = {"login": "admin", "password": "guess", "csrf_token": token}
        print(client.post("/admin/login", data=data).status_code)
    else:
        print(client.post(path, json={"code": "guess"}).status_code)
"""


def _other_worker(database_url, settings: dict, path: str, count: int) -> list[int]:
    """Requests made by another process on the same server (another gunicorn worker)."""
    args = [sys.executable, "-c", WORKER, database_url, repr(settings), path, str(count)]
    done = subprocess.run(args, env=os.environ, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [int(line) for line in done.stdout.split()]


def test_failed_logins_are_counted_across_worker_processes(app, database_url, staff):
    assert _other_worker(database_url, {}, "login", 3) == [401] * 3
    client = _browser(app, "192.0.2.99")
    assert [login(client, "admin", "guess").status_code for _ in range(3)] == [401, 401, 429]


def test_tablet_pairing_guesses_are_counted_across_worker_processes(app, database_url, campaign):
    settings = {"KIOSK_RATE_LIMIT": "4 per minute"}
    app.config.update(settings)
    assert _other_worker(database_url, settings, KIOSK_PAIR, 3) == [404] * 3
    client = _browser(app, "192.0.2.99")
    statuses = [client.post(KIOSK_PAIR, json={"code": "guess"}).status_code for _ in range(2)]
    assert statuses == [404, 429]


def _seconds(client, login_name: str) -> float:
    started = time.perf_counter()
    assert login(client, login_name, "not the password").status_code == 401
    return time.perf_counter() - started


def test_a_known_and_an_unknown_login_take_the_same_time(make_app, database_url):
    app = make_app(RATELIMIT_ENABLED=False)
    from survey_app.core.migrate import upgrade

    with app.app_context():
        upgrade(db.engine)
        create_user(db.session, "known", PASSWORD, role="admin")  # a real scrypt hash
        db.session.commit()
    client = app.test_client()
    login(client, "warm-up", "x")
    # Alternated, so that the machine's load weighs on both alike.
    rounds = [(_seconds(client, "known"), _seconds(client, "unknown")) for _ in range(7)]
    known = statistics.median(k for k, _ in rounds)
    unknown = statistics.median(u for _, u in rounds)
    ratio = known / unknown
    # Before: about 19 times longer for a known login. A loaded machine leaves some noise.
    assert 0.5 < ratio < 2, f"known {known:.3f}s, unknown {unknown:.3f}s"
