"""A large CSV export reading while clients submit, on SQLite: the export never takes a lock
that writers wait for (WAL readers do not block writers), so no "database is locked", no 503,
and submissions keep succeeding throughout. The 1,000,000-response case is bench.export's."""

from __future__ import annotations

import csv
import http.client
import subprocess
import threading
import time
import uuid

import pytest

from bench.fill import fill
from tests.helpers import valid_answers

from .server import SURVEY

RESPONSES = 50_000
CLIENTS = 8


def _submit_until(server, stop: threading.Event, outcomes: list, lock) -> None:
    while not stop.is_set():
        body = {"id": str(uuid.uuid4()), "channel": "web", "lang": "fr",
                "answers": valid_answers()}  # fmt: skip
        try:
            status, text = server.post(body, timeout=60)
        except (OSError, http.client.HTTPException) as exc:
            status, text = None, repr(exc)
        with lock:
            outcomes.append((time.monotonic(), status, text))


@pytest.mark.slow
def test_large_export_while_clients_submit_has_no_lock_errors(sqlite_survey_server):
    survey_server = sqlite_survey_server
    fill(survey_server.env["SURVEY_DATABASE_URL"], RESPONSES)
    output = survey_server.instance / "export.csv"
    outcomes: list[tuple[float, int | None, str]] = []
    lock = threading.Lock()
    stop = threading.Event()
    clients = [
        threading.Thread(target=_submit_until, args=(survey_server, stop, outcomes, lock))
        for _ in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    time.sleep(0.5)  # writers are busy before the export starts reading
    began = time.monotonic()
    export = subprocess.run(
        [SURVEY, "export", "--campaign", "accueil", "--output", str(output)],
        env=survey_server.env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    ended = time.monotonic()
    time.sleep(0.5)
    stop.set()
    for client in clients:
        client.join(timeout=90)

    assert export.returncode == 0, export.stderr
    assert "locked" not in export.stderr
    failures = [(status, text) for _, status, text in outcomes if status != 201]
    assert failures == []
    assert "locked" not in survey_server.log()
    during = [at for at, _, _ in outcomes if began <= at <= ended]
    assert len(during) >= CLIENTS, "submissions should keep succeeding during the export"
    with open(output, encoding="utf-8", newline="") as exported:
        rows = sum(1 for _ in csv.reader(exported)) - 1
    assert RESPONSES <= rows <= RESPONSES + len(outcomes)
