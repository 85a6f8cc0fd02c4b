"""Time the questionnaire editor's pages against the campaign page, paired and interleaved.

    .venv/bin/python -m bench.editor_pages [ROUNDS]

Flask test client on a temporary SQLite database with the bundled questionnaire (15 items,
8 languages): each editor page runs the loader's checks on the draft; prints min / median /
max milliseconds per page and the load average, so figures from a busy machine say so.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

from survey_app import create_app
from survey_app.core.db import db
from survey_app.core.migrate import upgrade
from tests.app.admin_helpers import login, make_world

PAGES = {
    "campaign page (baseline)": "/admin/campaigns/alpha",
    "workspace": "/admin/questionnaires",
    "draft": "/admin/questionnaires/drafts/{draft}",
    "item (choice)": "/admin/questionnaires/drafts/{draft}/items/0",
    "publish": "/admin/questionnaires/drafts/{draft}/publish",
    "draft YAML": "/admin/questionnaires/drafts/{draft}.yaml",
}


def main(rounds: int = 30) -> None:
    folder = tempfile.mkdtemp()
    os.environ["SURVEY_INSTANCE_PATH"] = f"{folder}/instance"
    app = create_app({"DATABASE_URL": f"sqlite:///{folder}/s.db", "SECRET_KEY": "x"})
    with app.app_context():
        upgrade(db.engine)
    world = make_world(app)
    client = app.test_client()
    login(client, "officer_a")
    urls = {name: url.format(draft=world["draft_id"]) for name, url in PAGES.items()}
    timings: dict[str, list[float]] = {name: [] for name in urls}
    for url in urls.values():
        client.get(url)  # warm: templates compiled, versions parsed
    for _ in range(rounds):
        for name, url in urls.items():
            start = time.perf_counter()
            reply = client.get(url)
            timings[name].append((time.perf_counter() - start) * 1000)
            assert reply.status_code == 200, (url, reply.status_code)
    print(f"load average {os.getloadavg()[0]:.2f}, {rounds} rounds, ms per page")
    for name, values in timings.items():
        print(f"  {name:26} min {min(values):6.1f}  median {statistics.median(values):6.1f}"
              f"  max {max(values):6.1f}")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
